"""已知的平台后台导出格式（列布局）与统一指标名。

列一律按表头名匹配（去空白、全角转半角、忽略大小写），并容忍多余的列与列顺序变化。
格式来源见 ``/work/shared/platform-contracts/backend-exports.md``（平台未公开文档，均由公开代码重建）。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import normalize_header

__all__ = [
    "GENERIC_TEMPLATE_COLUMNS",
    "LAYOUTS",
    "METRICS",
    "PLATFORMS",
    "Column",
    "Layout",
    "Metric",
    "get_layout",
    "platform_from_text",
]


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str = "count"  # count | rate（0—1 的小数）| seconds
    additive: bool = False  # 同一天多个渠道的值能否相加


_METRIC_LIST = [
    # 核心指标（报告与考核直接使用）
    Metric("plays", "播放量", additive=True),
    Metric("reads", "阅读量", additive=True),
    Metric("likes", "点赞量", additive=True),
    Metric("shares", "分享量", additive=True),
    Metric("comments", "评论量", additive=True),
    Metric("favorites", "收藏量", additive=True),
    Metric("followers_gained", "新增关注"),
    Metric("followers_lost", "取消关注"),
    Metric("followers_net", "净增关注"),
    Metric("followers_total", "累计关注"),
    # 各平台导出携带的其他指标
    Metric("readers", "阅读人数"),
    Metric("share_users", "分享人数"),
    Metric("favorite_users", "收藏人数"),
    Metric("source_clicks", "阅读原文次数", additive=True),
    Metric("source_click_users", "阅读原文人数"),
    Metric("posts", "发表篇数"),
    Metric("delivered", "送达人数"),
    Metric("reads_from_message", "公众号消息阅读次数"),
    Metric("delivery_read_rate", "送达阅读率", unit="rate"),
    Metric("first_shares", "首次分享次数"),
    Metric("first_share_rate", "首次分享率", unit="rate"),
    Metric("reads_from_shares", "分享产生阅读次数"),
    Metric("reads_per_share", "每次分享带来阅读次数"),
    Metric("read_finish_rate", "阅读完成率", unit="rate"),
    Metric("followers_from_reads", "阅读后关注人数"),
    Metric("impressions", "展现量", additive=True),
    Metric("follower_impressions", "粉丝展现量"),
    Metric("follower_reads", "粉丝阅读(播放)量"),
    Metric("active_followers", "活跃粉丝数"),
    Metric("loyal_followers", "铁粉数"),
    Metric("completion_rate", "完播率", unit="rate"),
    Metric("completion_rate_5s", "5秒完播率", unit="rate"),
    Metric("bounce_rate_2s", "2秒跳出率", unit="rate"),
    Metric("avg_play_seconds", "平均播放时长(秒)", unit="seconds"),
    Metric("duration_seconds", "作品时长(秒)", unit="seconds"),
    Metric("profile_visits", "主页访问量"),
    Metric("cover_ctr", "封面点击率", unit="rate"),
]

#: 指标名 → 定义。MetricRow.name 只会取这里的键。
METRICS: dict[str, Metric] = {m.name: m for m in _METRIC_LIST}

#: 平台代码 → 中文名（通用模板“平台”列可填中文名、简称或代码）。
PLATFORMS: dict[str, tuple[str, ...]] = {
    "wechat": ("微信公众号", "公众号", "微信", "服务号", "订阅号"),
    "channels": ("微信视频号", "视频号"),
    "douyin": ("抖音", "抖音号"),
    "toutiao": ("今日头条", "头条号", "头条"),
    "weibo": ("微博", "新浪微博"),
    "kuaishou": ("快手", "快手号"),
    "baijiahao": ("百家号",),
    "xiaohongshu": ("小红书",),
    "bilibili": ("哔哩哔哩", "B站", "b站"),
    "website": ("网站", "门户网站", "政府网站"),
}


def platform_from_text(text: str) -> str | None:
    """“抖音”/“douyin”/“公众号” → 平台代码；不认识返回 None。"""
    key = normalize_header(text)
    for code, names in PLATFORMS.items():
        if key == code or key in {normalize_header(n) for n in names}:
            return code
    return None


@dataclass(frozen=True)
class Column:
    """表头 → 含义。``role``：date 统计日期；published 发布时间；title 作品标题；ref 链接或 ID；
    channel 渠道；platform 平台；metric 指标（``key`` 为指标名）。"""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    role: str = "metric"
    required: bool = False

    @property
    def names(self) -> frozenset[str]:
        return frozenset(normalize_header(n) for n in (self.label, *self.aliases))


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    platform: str | None  # None：通用模板，平台来自“平台”列
    kind: str  # daily：账号按日；item：按作品（值为导出时的累计）；mixed：通用模板
    columns: tuple[Column, ...]
    total_channels: frozenset[str] = field(default_factory=frozenset)
    note: str = ""

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def metric_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == "metric")


def _date(label: str = "日期", *aliases: str) -> Column:
    return Column("date", label, aliases or ("日期", "时间", "统计日期", "数据日期"), role="date", required=True)


def _m(key: str, label: str, *aliases: str, required: bool = False) -> Column:
    return Column(key, label, aliases, required=required)


WECHAT_USER_GROWTH = Layout(
    key="wechat_user_growth",
    label="公众号 用户分析 → 用户增长",
    platform="wechat",
    kind="daily",
    columns=(
        _date("时间"),
        _m("followers_gained", "新关注人数", "新增关注人数", "新增关注", required=True),
        _m("followers_lost", "取消关注人数", "取消关注", required=True),
        _m("followers_net", "净增关注人数", "净增关注"),
        _m("followers_total", "累积关注人数", "累计关注人数", "累积关注", "累计关注"),
    ),
    note="后台下载的 user_analysis.xls 实为 HTML 表格，可直接导入。",
)

WECHAT_TRAFFIC = Layout(
    key="wechat_traffic",
    label="公众号 内容分析 → 流量分析（按日×渠道，含旧版“图文分析”）",
    platform="wechat",
    kind="daily",
    columns=(
        _date("日期"),
        Column("channel", "渠道", ("传播渠道", "流量来源"), role="channel", required=True),
        _m("readers", "阅读人数", "图文页阅读人数", required=True),
        _m("reads", "阅读次数", "图文页阅读次数"),
        _m("share_users", "分享人数", "分享转发人数"),
        _m("shares", "分享次数", "分享转发次数"),
        _m("source_clicks", "阅读原文次数", "跳转阅读原文", "原文页阅读次数"),
        _m("source_click_users", "阅读原文人数", "原文页阅读人数"),
        _m("favorites", "收藏次数", "微信收藏次数"),
        _m("favorite_users", "收藏人数", "微信收藏人数"),
        _m("posts", "群发篇", "群发篇数", "发表篇数"),
    ),
    total_channels=frozenset({"全部", "全部渠道", "全部来源", "合计", "总计", "汇总"}),
    note="“渠道”为“全部”的行是账号合计；某天没有合计行时，可相加的“次数”类指标按渠道求和得到合计。",
)

WECHAT_ARTICLES = Layout(
    key="wechat_articles",
    label="公众号 内容分析 → 已通知内容（按文章，发表后 7 日累计）",
    platform="wechat",
    kind="item",
    columns=(
        Column("title", "内容标题", ("文章标题", "标题"), role="title", required=True),
        Column("published", "发表时间", ("发布时间", "群发时间"), role="published", required=True),
        _m("readers", "总阅读人数", required=True),
        _m("reads", "总阅读次数", required=True),
        _m("share_users", "总分享人数"),
        _m("shares", "总分享次数", "分享次数"),
        _m("followers_from_reads", "阅读后关注人数"),
        _m("delivered", "送达人数"),
        _m("reads_from_message", "公众号消息阅读次数"),
        _m("delivery_read_rate", "送达阅读率"),
        _m("first_shares", "首次分享次数"),
        _m("reads_from_shares", "分享产生阅读次数", "首次分享带来阅读次数"),
        _m("first_share_rate", "首次分享率"),
        _m("reads_per_share", "每次分享带来阅读次数"),
        _m("read_finish_rate", "阅读完成率"),
        Column("ref", "内容url", ("内容链接", "文章链接", "url", "链接"), role="ref"),
    ),
    note="微信在文章发表 7 天后停止更新该表；数值是截至导出时的累计值，日期取发表日期。",
)

DOUYIN_WORKS = Layout(
    key="douyin_works",
    label="抖音创作者中心 → 作品数据",
    platform="douyin",
    kind="item",
    columns=(
        Column("title", "作品名称", ("作品标题", "标题", "视频标题", "作品描述"), role="title", required=True),
        Column("published", "发布时间", ("发布日期",), role="published", required=True),
        Column("ref", "作品链接", ("作品ID", "作品id", "视频ID", "视频链接", "链接"), role="ref"),
        _m("plays", "播放量", "播放数", "播放次数", required=True),
        _m("completion_rate", "完播率"),
        _m("completion_rate_5s", "5s完播率", "5秒完播率"),
        _m("duration_seconds", "作品时长", "视频时长", "时长"),
        _m("bounce_rate_2s", "2s跳出率", "2秒跳出率"),
        _m("avg_play_seconds", "平均播放时长", "平均播放时长(秒)", "平均播放时长(s)"),
        _m("likes", "点赞量", "点赞数"),
        _m("comments", "评论量", "评论数"),
        _m("shares", "分享量", "分享数"),
        _m("favorites", "收藏量", "收藏数"),
        _m("profile_visits", "主页访问量", "主页访问", "主页访问数"),
        _m("followers_gained", "粉丝增量", "涨粉数", "涨粉量", "新增粉丝"),
        _m("cover_ctr", "封面点击率"),
    ),
    note="“体裁”“发布状态”“审核状态”等文字列忽略；数值是截至导出时的累计值，日期取发布日期。",
)

TOUTIAO_TREND = Layout(
    key="toutiao_trend",
    label="头条号 → 数据趋势",
    platform="toutiao",
    kind="daily",
    columns=(
        _date("时间"),
        _m("impressions", "展现量", required=True),
        _m("follower_impressions", "粉丝展现量"),
        _m("reads", "阅读(播放)量", "阅读量", "阅读播放量", required=True),
        _m("follower_reads", "粉丝阅读(播放)量", "粉丝阅读量"),
        _m("likes", "点赞量", "点赞数"),
        _m("comments", "评论量", "评论数"),
    ),
    note="第一行“累计”是合计行，跳过；“阅读(播放)量”记为 reads。",
)

TOUTIAO_FANS = Layout(
    key="toutiao_fans",
    label="头条号 → 粉丝趋势",
    platform="toutiao",
    kind="daily",
    columns=(
        _date("时间"),
        _m("followers_total", "总粉丝数", "粉丝总数", required=True),
        _m("followers_net", "粉丝变化数", "净增粉丝数"),
        _m("followers_gained", "新增粉丝数", required=True),
        _m("followers_lost", "流失粉丝数", "取关粉丝数"),
        _m("active_followers", "活跃粉丝数"),
        _m("loyal_followers", "总铁粉数", "铁粉数"),
    ),
)

#: 通用模板（任何平台）：列名用 METRICS 的中文名。
GENERIC_TEMPLATE_COLUMNS: tuple[Column, ...] = (
    _date("日期"),
    Column("platform", "平台", ("平台名称",), role="platform", required=True),
    Column("title", "作品标题", ("标题", "作品名称", "内容标题"), role="title"),
    Column("ref", "作品链接", ("链接", "url", "作品ID"), role="ref"),
    _m("plays", "播放量", "播放"),
    _m("reads", "阅读量", "阅读", "阅读次数"),
    _m("likes", "点赞量", "点赞", "点赞数"),
    _m("shares", "分享量", "分享", "转发", "转发量", "分享次数"),
    _m("comments", "评论量", "评论", "评论数"),
    _m("favorites", "收藏量", "收藏", "收藏数"),
    _m("followers_gained", "新增关注", "新增粉丝", "新关注人数"),
    _m("followers_lost", "取消关注", "流失粉丝", "取消关注人数"),
    _m("followers_net", "净增关注", "净增粉丝", "净增关注人数"),
    _m("followers_total", "累计关注", "粉丝总数", "累计关注人数", "累积关注人数"),
)

GENERIC = Layout(
    key="rongmei_generic",
    label="融媒通用导入模板（任意平台）",
    platform=None,
    kind="mixed",
    columns=GENERIC_TEMPLATE_COLUMNS,
    note="有“作品标题”或“作品链接”的行是作品数据，否则是账号当天数据。",
)

#: 识别顺序即优先级：平台专用格式在前，通用模板最后。
LAYOUTS: dict[str, Layout] = {
    layout.key: layout
    for layout in (WECHAT_USER_GROWTH, WECHAT_TRAFFIC, WECHAT_ARTICLES, DOUYIN_WORKS, TOUTIAO_TREND, TOUTIAO_FANS, GENERIC)
}


def get_layout(key: str) -> Layout:
    try:
        return LAYOUTS[key]
    except KeyError:
        raise KeyError(f"未知的导出格式代码“{key}”；可用：{'、'.join(LAYOUTS)}") from None
