"""素材库的选项：素材类别、肖像授权、许可方式、封面比例与各类别的大小上限。"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    IMAGE = "image", "图片"
    VIDEO = "video", "视频"
    AUDIO = "audio", "音频"
    DOCUMENT = "document", "文档"


class Consent(models.TextChoices):
    NOT_NEEDED = "not_needed", "不涉及"
    OBTAINED = "obtained", "已取得"
    MISSING = "missing", "未取得"


class Licence(models.TextChoices):
    OWN = "own", "自有"
    LICENSED = "licensed", "授权使用"
    PUBLIC = "public", "公共领域"
    CC = "cc", "CC 协议"
    OTHER = "other", "其他"


#: 来源的常用写法（表单里作为候选，也可以自己填）
SOURCE_SUGGESTIONS = ["记者自摄", "部门提供", "网络转载", "通讯员供稿", "设计制作", "编辑器粘贴"]

#: 各类别单个文件的大小上限（字节）
LIMITS = {
    Kind.IMAGE: 20 * 1024 * 1024,
    Kind.VIDEO: 500 * 1024 * 1024,
    Kind.AUDIO: 50 * 1024 * 1024,
    Kind.DOCUMENT: 50 * 1024 * 1024,
}
#: 转存网上图片时最多下载的字节数
FETCH_LIMIT = 10 * 1024 * 1024

#: 封面裁剪比例：网址里的写法 → (显示, 宽/高)
RATIOS = {
    "2.35:1": ("2.35:1（公众号头条封面）", 2.35),
    "1:1": ("1:1（公众号次条与分享卡片）", 1.0),
    "3:4": ("3:4（抖音、快手竖版封面）", 0.75),
    "9:16": ("9:16（抖音、快手全屏封面）", 9 / 16),
}
RATIO_SLUGS = {"2.35:1": "235x1", "1:1": "1x1", "3:4": "3x4", "9:16": "9x16"}
SLUG_RATIOS = {v: k for k, v in RATIO_SLUGS.items()}

KIND_COLOURS = {Kind.IMAGE: "blue", Kind.VIDEO: "purple", Kind.AUDIO: "teal", Kind.DOCUMENT: "secondary"}
