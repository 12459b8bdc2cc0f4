from django.db import models


class CallStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "征集中"
    REVIEWING = "reviewing", "评审中"
    FINISHED = "finished", "已通报"


CALL_STATUS_COLOURS = {"draft": "secondary", "published": "green", "reviewing": "blue", "finished": "purple"}


class UnitType(models.TextChoices):
    STATION = "station", "广播电视台"
    COUNTY = "county", "县级融媒体中心"
    COMPANY = "company", "支撑服务企事业单位"


class UnitStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "未通过"


UNIT_STATUS_COLOURS = {"pending": "orange", "confirmed": "green", "rejected": "red"}


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "已提交，待地区初审"
    RETURNED = "returned", "已退回修改"
    PASSED = "passed", "地区初审通过"


CASE_STATUS_COLOURS = {"draft": "secondary", "submitted": "blue", "returned": "orange", "passed": "green"}


class FileKind(models.TextChoices):
    FORM_WORD = "form_word", "申请表（Word 版）"
    FORM_PDF = "form_pdf", "申请表（盖章扫描 PDF 版）"
    EVIDENCE = "evidence", "佐证材料"
    LINK = "link", "佐证材料网盘链接"


class Decision(models.TextChoices):
    NONE = "", "未决定"
    TYPICAL = "typical", "典型案例"
    RECOMMEND = "recommend", "典型案例并推荐上报"
    NOT_SELECTED = "not_selected", "未入选"


DECISION_COLOURS = {"": "secondary", "typical": "green", "recommend": "purple", "not_selected": "secondary"}


class Method(models.TextChoices):
    MEAN = "mean", "全部专家平均"
    TRIMMED = "trimmed", "去掉最高分和最低分后平均"


# 吉林省广播电视局 2024 年通知（吉广电明电〔2024〕38号）的四个类别与每类的六项要素
SEED_CATEGORIES = [
    ("新媒体平台建设", [
        "自有平台或账号的总体情况",
        "平台建设、账号运营、矩阵打造或协同机制等方面的主要创新做法与实践（可选择其中一方面或多方面）",
        "取得的成效成果与社会反响（突出社会效益、经济效益及可持续性）",
        "可借鉴性、可推广性，及未来发展潜力",
        "发展中遇到的问题、困难及破解办法",
        "可提炼的经验与启示及下一步优化方向",
    ]),
    ("融合生产传播", [
        "加强主题宣传与舆论引导、优质内容供给、文化传承发展、融合手段创新、传播效能提升、品牌打造运营或垂类产品培育和新业态拓展等方面的总体情况（可选择其中一方面或多方面）",
        "主要创新做法与实践",
        "取得的成效成果与社会反响（突出社会效益、经济效益及可持续性）",
        "可持续运营能力、未来发展预期，及对行业高质量发展的积极影响",
        "发展中遇到的问题、困难及破解办法",
        "下一阶段的发展计划与推进方向",
    ]),
    ("综合信息服务", [
        "数据服务、政务服务、民生服务或技术支撑服务等综合信息服务的总体情况（可选择其中一方面或多方面）",
        "主要创新做法与实践",
        "取得的成效成果与社会反响（突出社会效益、经济效益及可持续性）",
        "可持续运营能力、未来发展预期，及对行业高质量发展的积极影响",
        "发展中遇到的问题、困难及破解办法",
        "下一阶段的发展计划与推进方向",
    ]),
    ("体制机制改革", [
        "体制机制改革的总体情况（包括但不限于理念思路与总体目标）",
        "运行机制、经营模式、考核激励机制或人才队伍建设等方面的主要创新做法与实践（可选择其中一方面或多方面）",
        "取得的成效与反响（突出社会效益、经济效益及可持续性）",
        "可借鉴性、可推广性，及未来发展潜力",
        "改革工作中的重点环节与制约性问题，以及突破创新",
        "可提炼的经验与启示及下一步优化方向",
    ]),
]

# 评审从四个方面（通知“三、（三）评选评审”）：名称、权重、满分
SEED_CRITERIA = [("内容", 40, 40), ("发展前景", 20, 20), ("实施进展", 25, 25), ("申报材料完整性", 15, 15)]

# 通知要求的量化数据：数量规模、用户反馈、收支情况、经营现状、商业模式和发展预期、对比性数据
SEED_DATA_FIELDS = [
    {"key": "scale", "label": "数量规模（账号/平台/产品数）", "unit": "个"},
    {"key": "users", "label": "用户规模（累计用户或粉丝）", "unit": "万人"},
    {"key": "revenue", "label": "年度收入", "unit": "万元"},
    {"key": "expense", "label": "年度支出", "unit": "万元"},
    {"key": "compare", "label": "对比性数据（与上年或同类比较）", "unit": ""},
]

SEED_REGIONS = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州",
                "长白山开发区", "梅河口市", "省直单位"]

# 上传：类型与大小（MB）。更大的佐证材料请提供网盘链接
UPLOAD_RULES = {
    FileKind.FORM_WORD: ((".docx", ".doc"), 20),
    FileKind.FORM_PDF: ((".pdf",), 20),
    FileKind.EVIDENCE: ((".pdf", ".docx", ".doc", ".xlsx", ".jpg", ".jpeg", ".png", ".mp4", ".zip"), 50),
}
SCAN_RULE = ((".pdf", ".jpg", ".jpeg", ".png"), 20)

MASK = "〔已隐去〕"
