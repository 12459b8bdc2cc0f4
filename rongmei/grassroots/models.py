"""基层网络：单位树、基层人员、新闻线索、积分流水、媒体采用、互推、培训、涨粉活动与归因、答题与抽奖。"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .choices import (
    CLUE_STATUS_COLOURS,
    Attendance,
    Audience,
    ChannelPlatform,
    ClueStatus,
    DrawState,
    ExchangeDirection,
    ExchangeState,
    FollowEventKind,
    MaterialKind,
    MemberKind,
    PlacementLevel,
    PointKind,
    PortraitConsent,
    RuleBasis,
    RuleEffect,
    SessionMode,
    UnitKind,
)

USER = settings.AUTH_USER_MODEL


class Unit(models.Model):
    """工作区自己的单位树（盟市/旗县/乡镇或处室）。path 是“/祖先id/…/本id/”，取下级整棵子树只要一个前缀查询。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_units")
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    name = models.CharField("名称", max_length=80)
    kind = models.CharField("类别", max_length=16, choices=UnitKind.choices, default=UnitKind.TOWNSHIP)
    population = models.PositiveIntegerField("常住人口", null=True, blank=True,
                                             help_text="用于检查涨粉目标是否超过人口的合理比例")
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["workspace", "parent", "name"], name="gr_unit_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def indent_name(self) -> str:
        return "　" * self.depth + self.name


class Member(models.Model):
    """基层人员：信息供稿员、视频采集员、专职委员。可以关联一个登录账号（供稿员自己报线索、看积分）；
    is_unit_admin 的人员看本单位及下级单位的线索、积分与培训。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_members")
    unit = models.ForeignKey(Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="members")
    name = models.CharField("姓名", max_length=40)
    kind = models.CharField("身份", max_length=16, choices=MemberKind.choices, default=MemberKind.CONTRIBUTOR)
    phone = models.CharField("手机号", max_length=20, blank=True)
    user = models.ForeignKey(USER, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="grassroots_members")
    is_unit_admin = models.BooleanField("单位管理员", default=False,
                                        help_text="可查看本单位及下级单位的线索、积分与培训")
    active = models.BooleanField("在册", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "基层人员"
        verbose_name_plural = "基层人员"
        ordering = ["unit__path", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="gr_member_one_per_user",
                                               condition=models.Q(user__isnull=False))]

    def __str__(self) -> str:
        return self.name


def clue_file_path(instance: ClueFile, filename: str) -> str:
    return f"grassroots/clues/{instance.clue.workspace_id}/{instance.clue_id}/{filename}"


class Clue(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_clues")
    member = models.ForeignKey(Member, verbose_name="报送人", on_delete=models.PROTECT, related_name="clues")
    unit = models.ForeignKey(Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="clues")
    submitted_by = models.ForeignKey(USER, verbose_name="提交账号", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    title = models.CharField("发生了什么（标题）", max_length=120)
    body = models.TextField("详细情况", max_length=5000)
    place = models.CharField("地点", max_length=120)
    happened_on = models.DateField("发生日期")
    contact = models.CharField("联系方式", max_length=60)
    consent_publish = models.BooleanField("同意平台编辑、刊发所附材料", default=False)
    rights_holder = models.CharField("材料权利人", max_length=80, help_text="拍摄者或提供者（本人、单位或他人）")
    portrait = models.CharField("肖像同意", max_length=10, choices=PortraitConsent.choices,
                                default=PortraitConsent.NO_PEOPLE)
    status = models.CharField("状态", max_length=12, choices=ClueStatus.choices, default=ClueStatus.SUBMITTED,
                              db_index=True)
    reason = models.CharField("处理意见", max_length=300, blank=True)
    decided_by = models.ForeignKey(USER, verbose_name="处理人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name="疑似重复", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    item = models.ForeignKey("production.ContentItem", verbose_name="采编稿件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="grassroots_clues")
    published_url = models.URLField("发布链接", max_length=1000, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("报送时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "新闻线索"
        verbose_name_plural = "新闻线索"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "status", "-created_at"]),
                   models.Index(fields=["workspace", "member", "-created_at"]),
                   models.Index(fields=["workspace", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status_colour(self) -> str:
        return CLUE_STATUS_COLOURS.get(self.status, "secondary")


class ClueFile(models.Model):
    clue = models.ForeignKey(Clue, verbose_name="线索", on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to=clue_file_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=80)
    size = models.PositiveBigIntegerField("大小（字节）")

    class Meta:
        verbose_name = "线索附件"
        verbose_name_plural = "线索附件"

    def __str__(self) -> str:
        return str(self.name)

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


class LedgerImmutable(ValidationError):
    pass


class PointEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutable("积分流水不能修改，只能冲销")

    def delete(self):
        raise LedgerImmutable("积分流水不能删除，只能冲销")


class PointEntry(models.Model):
    """积分流水：只增不改。更正只能追加一条带原因的冲销（points 取反，reverses 指向原条目）。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_points")
    member = models.ForeignKey(Member, verbose_name="人员", on_delete=models.PROTECT, related_name="points")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="points")
    kind = models.CharField("类别", max_length=12, choices=PointKind.choices)
    points = models.IntegerField("积分")
    clue = models.ForeignKey(Clue, verbose_name="线索", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="points")
    reverses = models.OneToOneField("self", verbose_name="冲销的条目", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    reason = models.CharField("说明", max_length=300)
    month = models.CharField("计入月份", max_length=7, db_index=True)  # “2025-11”
    created_by = models.ForeignKey(USER, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("记录时间", default=timezone.now, editable=False)

    objects = PointEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "积分流水"
        verbose_name_plural = "积分流水"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # 同一线索的“采用”“发布”积分各只记一次（重复的发布通知不会重复加分）
            models.UniqueConstraint(fields=["clue", "kind"], name="gr_points_once_per_clue",
                                    condition=models.Q(kind__in=["adopted", "published"])),
        ]
        indexes = [models.Index(fields=["workspace", "month", "member"]),
                   models.Index(fields=["workspace", "month", "unit"])]

    def __str__(self) -> str:
        return str(f"{self.member_id}：{self.points:+d}")

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise LedgerImmutable("积分流水不能修改，只能冲销")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutable("积分流水不能删除，只能冲销")


def placement_shot_path(instance: Placement, filename: str) -> str:
    return f"grassroots/placements/{instance.workspace_id}/{filename}"


class Placement(models.Model):
    """媒体采用/转发：一条被省级、中央级或国家级媒体采用的稿件，计入合同的媒体采用义务。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_placements")
    outlet = models.CharField("采用媒体", max_length=80)
    level = models.CharField("媒体级别", max_length=12, choices=PlacementLevel.choices)
    date = models.DateField("采用日期", db_index=True)
    title = models.CharField("标题", max_length=200)
    url = models.URLField("链接", max_length=1000)
    screenshot = models.FileField("截图", upload_to=placement_shot_path, blank=True, max_length=300)
    item = models.ForeignKey("production.ContentItem", verbose_name="来源稿件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="grassroots_placements")
    clue = models.ForeignKey(Clue, verbose_name="来源线索", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="placements")
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "媒体采用"
        verbose_name_plural = "媒体采用"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["workspace", "level", "date"])]

    def __str__(self) -> str:
        return f"{self.outlet}：{self.title}"


class Partner(models.Model):
    """互推伙伴账号。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_partners")
    name = models.CharField("账号名称", max_length=80)
    platform = models.CharField("平台", max_length=40, default="微信公众号")
    owner = models.CharField("主办单位", max_length=120, blank=True)
    contact = models.CharField("联系人", max_length=60, blank=True)

    class Meta:
        verbose_name = "互推伙伴"
        verbose_name_plural = "互推伙伴"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Exchange(models.Model):
    partner = models.ForeignKey(Partner, verbose_name="伙伴账号", on_delete=models.CASCADE, related_name="exchanges")
    direction = models.CharField("方式", max_length=8, choices=ExchangeDirection.choices,
                                 default=ExchangeDirection.BOTH)
    title = models.CharField("推荐内容", max_length=200)
    planned_on = models.DateField("计划日期")
    state = models.CharField("状态", max_length=12, choices=ExchangeState.choices, default=ExchangeState.PLANNED)
    done_on = models.DateField("完成日期", null=True, blank=True)
    our_url = models.URLField("我方链接", max_length=1000, blank=True)
    their_url = models.URLField("对方链接", max_length=1000, blank=True)

    class Meta:
        verbose_name = "互推"
        verbose_name_plural = "互推"
        ordering = ["-planned_on", "-pk"]

    def __str__(self) -> str:
        return str(self.title)


class Course(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_courses")
    name = models.CharField("课程名称", max_length=120,
                            help_text="合同按课程名称统计，如“基层信息供稿员培训”“基层视频采集员培训”")
    audience = models.CharField("培训对象", max_length=12, choices=Audience.choices, default=Audience.CONTRIBUTOR)
    year = models.PositiveSmallIntegerField("年度")
    target_hours = models.DecimalField("每人应完成课时", max_digits=5, decimal_places=1, default=12)
    description = models.TextField("课程说明", blank=True)

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField("本次主题", max_length=120)
    date = models.DateField("日期")
    mode = models.CharField("形式", max_length=10, choices=SessionMode.choices, default=SessionMode.OFFLINE)
    place = models.CharField("地点或线上平台", max_length=120)
    teacher = models.CharField("授课老师", max_length=60)
    hours = models.DecimalField("课时", max_digits=4, decimal_places=1)
    video_url = models.URLField("培训视频链接", max_length=1000, blank=True)
    signin_token = models.CharField("扫码签到口令", max_length=64, blank=True, db_index=True, editable=False)
    signin_expires_at = models.DateTimeField("扫码签到截止", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "培训场次"
        verbose_name_plural = "培训场次"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.course.name}·{self.title}"


class Enrolment(models.Model):
    session = models.ForeignKey(Session, verbose_name="场次", on_delete=models.CASCADE, related_name="enrolments")
    member = models.ForeignKey(Member, verbose_name="人员", on_delete=models.CASCADE, related_name="enrolments")
    state = models.CharField("签到", max_length=10, choices=Attendance.choices, default=Attendance.ENROLLED)
    signed_in_at = models.DateTimeField("扫码签到时间", null=True, blank=True)

    class Meta:
        verbose_name = "报名与签到"
        verbose_name_plural = "报名与签到"
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="gr_enrol_once")]

    def __str__(self) -> str:
        return str(f"{self.session_id}/{self.member_id}")


class Campaign(models.Model):
    """涨粉活动：目标、参加单位、事先声明的方法，以及质量护栏的阈值。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="grassroots_campaigns")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="公众号", on_delete=models.PROTECT,
                                related_name="+")
    name = models.CharField("活动名称", max_length=120)
    goal = models.PositiveIntegerField("关注人数目标")
    start = models.DateField("开始日期")
    deadline = models.DateField("截止日期")
    methods = models.JSONField("事先声明的方法", default=list)
    rewards = models.TextField("奖励办法", blank=True)
    penalties = models.TextField("约束办法", blank=True)
    max_population_share = models.DecimalField("目标占人口比例上限", max_digits=4, decimal_places=3, default=0.05,
                                               help_text="单位目标超过常住人口的这一比例时提示（层层加码的信号）")
    fast_unfollow_share = models.DecimalField("7 天内取关比例上限", max_digits=4, decimal_places=3, default=0.3)
    never_active_share = models.DecimalField("关注后从无互动比例上限", max_digits=4, decimal_places=3, default=0.9)

    class Meta:
        verbose_name = "涨粉活动"
        verbose_name_plural = "涨粉活动"
        ordering = ["-start", "-pk"]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    target = models.PositiveIntegerField("目标", default=0)
    scene_str = models.CharField("二维码场景值", max_length=64, unique=True)
    qr_ticket = models.CharField("二维码 ticket", max_length=200, blank=True)
    qr_url = models.CharField("二维码内容", max_length=300, blank=True)

    class Meta:
        verbose_name = "活动单位"
        verbose_name_plural = "活动单位"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="gr_campaign_unit_once")]

    def __str__(self) -> str:
        return str(self.scene_str)


class FollowEvent(models.Model):
    """关注、取消关注、扫码、互动事件：公众号推送的（按单位二维码的场景值归因，account 有值），或从其他平台后台
    按来源渠道导入的（channel 有值，scene_str 是单位渠道码）。两种来源由同一个选择器按同一口径统计。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="公众号", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey("CampaignChannel", verbose_name="平台渠道（导入）", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="events")
    openid = models.CharField("用户标识", max_length=64, db_index=True)
    kind = models.CharField("事件", max_length=12, choices=FollowEventKind.choices)
    scene_str = models.CharField("场景值", max_length=64, blank=True)
    campaign_unit = models.ForeignKey(CampaignUnit, verbose_name="归因单位", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="events")
    batch = models.ForeignKey("FollowImport", verbose_name="导入批次", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "关注事件"
        verbose_name_plural = "关注事件"
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["account", "openid", "kind", "at"], name="gr_event_once"),
                       models.UniqueConstraint(fields=["channel", "openid", "kind", "at"],
                                               name="gr_imported_event_once")]

    def __str__(self) -> str:
        return str(f"{self.openid} {self.kind}")


class Follower(models.Model):
    """涨粉活动的关注人汇总：由关注事件推导、不手工改（事件是唯一来源）。每个（活动, 来源, 用户标识）一行：首次经本活动
    渠道码关注的单位与时间、之后首次取关的时间、7/30 天内是否取关、关注后是否有过互动。活动页、活动说明、月度排名与接口都经
    ``selectors.campaign_quality`` 在它上面做 SQL 汇总；新事件到达或导入后由 ``followstats.refresh`` 只重算涉及的用户。"""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="+")
    campaign_unit = models.ForeignKey(CampaignUnit, verbose_name="归因单位", on_delete=models.CASCADE,
                                      related_name="+")
    source = models.PositiveIntegerField("来源")  # 0 = 公众号推送；否则平台渠道 id（导入）
    openid = models.CharField("用户标识", max_length=64)
    followed_at = models.DateTimeField("首次关注时间")
    unfollowed_at = models.DateTimeField("首次取关时间", null=True, blank=True)
    left_7 = models.BooleanField("7 天内取关", default=False)
    left_30 = models.BooleanField("30 天内取关", default=False)
    active = models.BooleanField("关注后有互动", default=False)

    class Meta:
        verbose_name = "活动关注人"
        verbose_name_plural = "活动关注人"
        constraints = [models.UniqueConstraint(fields=["campaign", "source", "openid"], name="gr_follower_once")]
        indexes = [models.Index(fields=["campaign", "campaign_unit", "followed_at"], name="gr_follower_unit_day")]

    def __str__(self) -> str:
        return str(self.openid)


class FollowerDay(models.Model):
    """关注人汇总按（活动单位, 首次关注的日期〔北京时间〕）的计数，活动页按它求和（全程或某月）。和 ``Follower``
    一起由 ``followstats.refresh`` 维护：哪个用户变了，就重数他所在那一天的这一格。"""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="+")
    campaign_unit = models.ForeignKey(CampaignUnit, verbose_name="归因单位", on_delete=models.CASCADE,
                                      related_name="+")
    day = models.DateField("首次关注日期")
    new = models.PositiveIntegerField("新增关注", default=0)
    left_7 = models.PositiveIntegerField("7 天内取关", default=0)
    left_30 = models.PositiveIntegerField("30 天内取关", default=0)
    active = models.PositiveIntegerField("有互动", default=0)

    class Meta:
        verbose_name = "活动单位每日关注"
        verbose_name_plural = "活动单位每日关注"
        constraints = [models.UniqueConstraint(fields=["campaign_unit", "day"], name="gr_follower_day_once")]
        indexes = [models.Index(fields=["campaign", "day"], name="gr_follower_day_sum")]

    def __str__(self) -> str:
        return f"{self.campaign_unit_id} {self.day}"


class FollowerMark(models.Model):
    """关注人汇总对应到哪一刻的事件：最大事件 id、事件条数、参加单位。与当前不符时重算（新事件只重算涉及的用户）。"""

    campaign = models.OneToOneField(Campaign, verbose_name="活动", on_delete=models.CASCADE, primary_key=True,
                                    related_name="+")
    last_event = models.BigIntegerField("最大事件 id", default=0)
    events = models.BigIntegerField("事件条数", default=0)
    units = models.TextField("参加单位", default="")

    class Meta:
        verbose_name = "关注人汇总进度"
        verbose_name_plural = "关注人汇总进度"

    def __str__(self) -> str:
        return str(self.campaign_id)


class Quiz(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    title = models.CharField("答题活动", max_length=120)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("结束时间")
    questions = models.JSONField("题库", default=list)  # [{"q": 题目, "options": [...], "answer": 序号}]
    token = models.CharField("公开链接口令", max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = "线上答题"
        verbose_name_plural = "线上答题"
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return str(self.title)


class QuizEntry(models.Model):
    quiz = models.ForeignKey(Quiz, verbose_name="答题活动", on_delete=models.CASCADE, related_name="entries")
    identity = models.CharField("平台身份（openid）", max_length=64)
    via = models.CharField("身份来源", max_length=10, default="openid")  # openid / phone
    answers = models.JSONField("作答", default=list)
    score = models.PositiveSmallIntegerField("得分", default=0)
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "答题记录"
        verbose_name_plural = "答题记录"
        constraints = [models.UniqueConstraint(fields=["quiz", "identity"], name="gr_quiz_one_entry")]

    def __str__(self) -> str:
        return str(self.identity)


class Draw(models.Model):
    """可验证的抽奖：先公布种子的 SHA-256，冻结参与名单，开奖后公开种子；任何人可按公开算法复算。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    quiz = models.ForeignKey(Quiz, verbose_name="答题活动", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="draws")
    title = models.CharField("抽奖名称", max_length=120)
    prize = models.CharField("奖品", max_length=120)
    winners_count = models.PositiveSmallIntegerField("中奖人数")
    seed_hash = models.CharField("种子哈希（SHA-256）", max_length=64)
    entrants = models.JSONField("冻结的参与名单", default=list)
    entrants_hash = models.CharField("名单哈希（SHA-256）", max_length=64)
    seed = models.CharField("种子（开奖后公开）", max_length=128, blank=True)
    sealed_seed = models.CharField("种子（开奖前保密）", max_length=128)
    winners = models.JSONField("中奖名单", default=list)
    state = models.CharField("状态", max_length=12, choices=DrawState.choices, default=DrawState.COMMITTED)
    committed_at = models.DateTimeField("公布哈希时间")
    drawn_at = models.DateTimeField("开奖时间", null=True, blank=True)

    class Meta:
        verbose_name = "抽奖"
        verbose_name_plural = "抽奖"
        ordering = ["-committed_at"]

    def __str__(self) -> str:
        return str(self.title)


class Prize(models.Model):
    draw = models.ForeignKey(Draw, verbose_name="抽奖", on_delete=models.CASCADE, related_name="prizes")
    identity = models.CharField("中奖人", max_length=64)
    delivered_at = models.DateTimeField("发放时间", null=True, blank=True)
    note = models.CharField("发放说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "奖品发放"
        verbose_name_plural = "奖品发放"

    def __str__(self) -> str:
        return str(self.identity)


class NetworkSettings(models.Model):
    """工作区的基层网络设置：每条采用线索、每篇据线索发布的稿件记多少积分。已记的流水不随设置改变。"""

    workspace = models.OneToOneField("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                     related_name="grassroots_settings")
    adopted_points = models.PositiveSmallIntegerField("线索被采用积分", default=5)
    published_points = models.PositiveSmallIntegerField("稿件发布积分", default=10)
    updated_by = models.ForeignKey(USER, verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "基层网络设置"
        verbose_name_plural = "基层网络设置"

    def __str__(self) -> str:
        return str(self.workspace_id)


class CampaignChannel(models.Model):
    """没有带参数二维码的平台（微博、抖音、快手、头条、百家号、视频号）：单位专属链接 ?from=渠道码，
    关注数据从平台后台按来源渠道导出后导入。"""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="channels")
    platform = models.CharField("平台", max_length=12, choices=ChannelPlatform.choices)
    name = models.CharField("账号名称", max_length=80)
    landing_url = models.URLField("落地页链接", max_length=500,
                                  help_text="账号主页或活动页；单位专属链接在它后面加 ?from=渠道码")

    class Meta:
        verbose_name = "活动平台渠道"
        verbose_name_plural = "活动平台渠道"
        ordering = ["platform", "pk"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}·{self.name}"

    def link_for(self, code: str) -> str:
        sep = "&" if "?" in self.landing_url else "?"
        return f"{self.landing_url}{sep}from={code}"


class FollowImport(models.Model):
    """一次平台后台关注数据的导入（按来源渠道）：导入的每一行拆成关注、取关、互动事件，和公众号推送的事件同一口径统计。"""

    channel = models.ForeignKey(CampaignChannel, verbose_name="平台渠道", on_delete=models.CASCADE,
                                related_name="imports")
    filename = models.CharField("文件名", max_length=200)
    rows = models.PositiveIntegerField("行数")
    created_by = models.ForeignKey(USER, verbose_name="导入人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "关注数据导入"
        verbose_name_plural = "关注数据导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.filename)


class RewardRule(models.Model):
    """奖惩办法（数据）：按月度名次、净增完成率或质量护栏，给出奖励或约束的文字。"""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="rules")
    basis = models.CharField("依据", max_length=16, choices=RuleBasis.choices)
    n = models.PositiveIntegerField("N", null=True, blank=True)
    effect = models.CharField("奖惩", max_length=8, choices=RuleEffect.choices)
    text = models.CharField("内容", max_length=200)

    class Meta:
        verbose_name = "奖惩规则"
        verbose_name_plural = "奖惩规则"
        ordering = ["effect", "pk"]

    def __str__(self) -> str:
        return str(self.text)

    @property
    def label(self) -> str:
        from .rules import rule_label

        return rule_label(self)


def material_path(instance: Material, filename: str) -> str:
    return f"grassroots/training/{instance.course.workspace_id}/{instance.course_id}/{filename}"


class Material(models.Model):
    """培训资料：课件文件或培训视频（视频按时长折算课时）。"""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(Session, verbose_name="场次", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="materials")
    kind = models.CharField("类别", max_length=8, choices=MaterialKind.choices)
    file = models.FileField("文件", upload_to=material_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=80)
    size = models.PositiveBigIntegerField("大小（字节）")
    duration_seconds = models.PositiveIntegerField("视频时长（秒）", null=True, blank=True)
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训资料"
        verbose_name_plural = "培训资料"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def video_hours(self):
        """视频折合课时：按时长计，1 小时 1 课时（与合同“培训视频课时”同一口径：分钟 ÷ 60），保留一位小数。"""
        from decimal import Decimal

        if not self.duration_seconds:
            return Decimal(0)
        return (Decimal(self.duration_seconds) / Decimal(3600)).quantize(Decimal("0.1"))

    @property
    def duration_text(self) -> str:
        if not self.duration_seconds:
            return ""
        h, rest = divmod(self.duration_seconds, 3600)
        m, s = divmod(rest, 60)
        return f"{h} 小时 {m} 分 {s} 秒" if h else f"{m} 分 {s} 秒"
