from __future__ import annotations

from django import forms

from rongmei.core.links import WebURLField

from .choices import (
    Audience,
    ChannelPlatform,
    ClueStatus,
    ExchangeDirection,
    ExchangeState,
    MemberKind,
    Method,
    PlacementLevel,
    PortraitConsent,
    RuleBasis,
    RuleEffect,
    SessionMode,
    UnitKind,
)

DATE = forms.DateInput(attrs={"type": "date"})


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    widget = MultiFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultiFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ClueForm(forms.Form):
    title = forms.CharField(label="发生了什么", max_length=120,
                            widget=forms.TextInput(attrs={"placeholder": "一句话说清楚，如：某乡镇为残疾人送去康复辅具"}))
    body = forms.CharField(label="详细情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="人物、经过、意义；有数字的写上数字")
    place = forms.CharField(label="地点", max_length=120)
    happened_on = forms.DateField(label="发生日期", widget=DATE)
    contact = forms.CharField(label="联系方式", max_length=60, help_text="编辑核实时联系谁（姓名和电话）")
    files = MultiFileField(label="照片或视频", required=False,
                           widget=MultiFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,"
                                                                  "video/mp4,video/quicktime"}),
                           help_text="最多 9 个；图片（JPG、PNG、WEBP、HEIC）每个不超过 10 MB，视频（MP4、MOV）每个不超过 200 MB")
    rights_holder = forms.CharField(label="材料权利人", max_length=80, help_text="谁拍的、谁提供的（本人、所在单位或他人姓名）")
    portrait = forms.ChoiceField(label="画面中的人", choices=PortraitConsent.choices, initial=PortraitConsent.NO_PEOPLE)
    consent_publish = forms.BooleanField(
        label="我确认所附材料真实，权利人同意平台编辑、刊发；画面中有人的，已取得本人（未成年人取得监护人）同意",
        required=False)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="处理结果", choices=[(c.value, c.label) for c in (
        ClueStatus.ADOPTED, ClueStatus.VERIFY, ClueStatus.REJECTED)])
    reason = forms.CharField(label="处理意见", max_length=300, required=False,
                             help_text="待核实、不采用必须写明原因，报送人会看到")


class ReverseForm(forms.Form):
    reason = forms.CharField(label="冲销原因", max_length=300)


class BonusForm(forms.Form):
    member = forms.ModelChoiceField(label="人员", queryset=None)
    points = forms.IntegerField(label="积分", min_value=1, max_value=100)
    reason = forms.CharField(label="原因", max_length=300)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class PointsSettingsForm(forms.Form):
    adopted_points = forms.IntegerField(label="线索被采用，每条记", min_value=0, max_value=100,
                                        help_text="单位：分")
    published_points = forms.IntegerField(label="据线索写的稿件发布，每篇再记", min_value=0, max_value=100,
                                          help_text="单位：分")


class UnitForm(forms.Form):
    name = forms.CharField(label="名称", max_length=80)
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)
    parent = forms.ModelChoiceField(label="上级单位", queryset=None, required=False, empty_label="（无，顶层单位）")
    population = forms.IntegerField(label="常住人口", min_value=0, required=False,
                                    help_text="用于检查涨粉目标是否超过人口的合理比例")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units
        self.fields["parent"].label_from_instance = lambda u: u.indent_name


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    unit = forms.ModelChoiceField(label="所属单位", queryset=None)
    kind = forms.ChoiceField(label="身份", choices=MemberKind.choices)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    username = forms.CharField(label="登录账号（用户名）", max_length=150, required=False,
                               help_text="本工作区“基层供稿员”角色的成员，填了才能自己报送线索、查看积分")
    is_unit_admin = forms.BooleanField(label="单位管理员（可查看本单位及下级单位）", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.indent_name


class PlacementForm(forms.Form):
    outlet = forms.CharField(label="采用媒体", max_length=80, help_text="如 人民网、新华网、内蒙古日报")
    level = forms.ChoiceField(label="媒体级别", choices=PlacementLevel.choices, initial=PlacementLevel.PROVINCIAL,
                              help_text="合同统计时中央级媒体计入国家级")
    date = forms.DateField(label="采用日期", widget=DATE)
    title = forms.CharField(label="标题", max_length=200)
    url = WebURLField(label="链接")
    screenshot = forms.FileField(label="截图", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    item = forms.ModelChoiceField(label="来源稿件", queryset=None, required=False, empty_label="（不关联）")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class PartnerForm(forms.Form):
    name = forms.CharField(label="账号名称", max_length=80)
    platform = forms.CharField(label="平台", max_length=40, initial="微信公众号")
    owner = forms.CharField(label="主办单位", max_length=120, required=False)
    contact = forms.CharField(label="联系人", max_length=60, required=False)


class ExchangeForm(forms.Form):
    partner = forms.ModelChoiceField(label="伙伴账号", queryset=None)
    title = forms.CharField(label="推荐内容", max_length=200)
    direction = forms.ChoiceField(label="方式", choices=ExchangeDirection.choices)
    planned_on = forms.DateField(label="计划日期", widget=DATE)
    state = forms.ChoiceField(label="状态", choices=ExchangeState.choices)
    done_on = forms.DateField(label="完成日期", widget=DATE, required=False)
    our_url = WebURLField(label="我方链接", required=False)
    their_url = WebURLField(label="对方链接", required=False)

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class CourseForm(forms.Form):
    name = forms.CharField(label="课程名称", max_length=120, help_text="合同按名称统计：含“信息供稿员”或“视频采集员”")
    audience = forms.ChoiceField(label="培训对象", choices=Audience.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    target_hours = forms.DecimalField(label="每人应完成课时", min_value=0.5, max_value=200, initial=12)
    description = forms.CharField(label="课程说明（年度培训计划）", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SessionForm(forms.Form):
    title = forms.CharField(label="本次主题", max_length=120)
    date = forms.DateField(label="日期", widget=DATE)
    mode = forms.ChoiceField(label="形式", choices=SessionMode.choices)
    place = forms.CharField(label="地点或线上平台", max_length=120)
    teacher = forms.CharField(label="授课老师", max_length=60)
    hours = forms.DecimalField(label="课时", min_value=0.5, max_value=12)
    video_url = WebURLField(label="培训视频链接", required=False)


class SignInForm(forms.Form):
    file = forms.FileField(label="签到表（Excel 或 CSV）",
                           help_text="表头：姓名（必填）、手机号、单位、签到（是/否，空白视为已签到）；有一行错整表不导入")


class RosterForm(forms.Form):
    file = forms.FileField(label="人员名单（Excel 或 CSV）",
                           help_text="表头：姓名、单位（重名时写“盟市/旗县/乡镇”）、身份（信息供稿员/视频采集员/专职委员）、手机号；"
                                     "手机号已登记的人更新，有一行错整表不导入")


class CampaignForm(forms.Form):
    name = forms.CharField(label="活动名称", max_length=120)
    account = forms.ModelChoiceField(label="公众号", queryset=None)
    goal = forms.IntegerField(label="关注人数目标", min_value=1)
    start = forms.DateField(label="开始日期", widget=DATE)
    deadline = forms.DateField(label="截止日期", widget=DATE)
    methods = forms.MultipleChoiceField(label="事先声明的方法", choices=Method.choices,
                                        widget=forms.CheckboxSelectMultiple)
    rewards = forms.CharField(label="奖励办法", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    penalties = forms.CharField(label="约束办法", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                help_text="不得以摊派、强制关注、购买粉丝等方式完成目标（国办发〔2018〕123号）")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class CampaignUnitForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=None)
    target = forms.IntegerField(label="目标（人）", min_value=0)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.indent_name


class QuizForm(forms.Form):
    title = forms.CharField(label="答题活动名称", max_length=120)
    opens_at = forms.DateTimeField(label="开始时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label="结束时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    questions = forms.CharField(label="题库", widget=forms.Textarea(attrs={"rows": 6}),
                                help_text="每行一道题：题目｜选项一｜选项二｜…｜正确选项的序号（从 1 数起），"
                                          "如：盲道通常是什么颜色？｜黄色｜红色｜绿色｜1")

    def clean_questions(self):
        out = []
        for n, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
            if not any(parts):
                continue
            if len(parts) < 4 or not parts[-1].isdigit() or not 1 <= int(parts[-1]) <= len(parts) - 2:
                raise forms.ValidationError(f"第 {n} 行格式不对：须为“题目｜至少两个选项｜正确选项的序号”")
            out.append({"q": parts[0], "options": parts[1:-1], "answer": int(parts[-1]) - 1})
        if not out:
            raise forms.ValidationError("请至少出一道题")
        return out


class DrawForm(forms.Form):
    title = forms.CharField(label="抽奖名称", max_length=120)
    prize = forms.CharField(label="奖品", max_length=120)
    winners_count = forms.IntegerField(label="中奖人数", min_value=1, max_value=1000)
    quiz = forms.ModelChoiceField(label="参与名单来自答题活动", queryset=None)

    def __init__(self, *args, quizzes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = quizzes


class ChannelForm(forms.Form):
    platform = forms.ChoiceField(label="平台", choices=ChannelPlatform.choices)
    name = forms.CharField(label="账号名称", max_length=80)
    landing_url = WebURLField(label="落地页链接", help_text="账号主页或活动页；每个单位的专属链接在它后面加 ?from=渠道码")


class FollowImportForm(forms.Form):
    file = forms.FileField(label="平台后台导出的关注数据（Excel 或 CSV）",
                           help_text="表头：用户标识、来源渠道（单位渠道码或专属链接）、关注时间，可选：取关时间、互动时间；"
                                     "有一行错整表不导入")


class RuleForm(forms.Form):
    basis = forms.ChoiceField(label="依据", choices=RuleBasis.choices)
    n = forms.IntegerField(label="N", min_value=1, max_value=10000, required=False,
                           help_text="名次或百分比；依据不含 N 时不填")
    effect = forms.ChoiceField(label="奖惩", choices=RuleEffect.choices)
    text = forms.CharField(label="内容", max_length=200, help_text="如：通报表扬，年度考核加 2 分；约谈，说明涨粉方式")


class MaterialForm(forms.Form):
    file = forms.FileField(label="培训资料",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.pptx,.xlsx,image/jpeg,image/png,"
                                                                            "video/mp4,video/quicktime"}),
                           help_text="课件：PDF、Word、PPT、Excel、JPG、PNG，不超过 50 MB；培训视频：MP4、MOV，不超过 2 GB，"
                                     "按时长计课时（1 小时 1 课时）")


class SignInOpenForm(forms.Form):
    minutes = forms.TypedChoiceField(label="二维码有效时间", coerce=int, initial=30,
                                     choices=[(10, "10 分钟"), (30, "30 分钟"), (60, "1 小时"), (120, "2 小时"),
                                              (240, "4 小时")])


class PhoneSignInForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(label="手机号", max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}))
