"""公众号错误码 → 类别与中文说明（来源：platform-contracts/wechat-official-account.md §1.3 §2 §4 §6 §7）。"""

from __future__ import annotations

from ..errors import ErrorInfo, ErrorKind

A, R, B, C, P = ErrorKind.AUTH, ErrorKind.RATE, ErrorKind.BUSY, ErrorKind.CONFIG, ErrorKind.PERMANENT

WECHAT_ERRORS: dict[int | str, ErrorInfo] = {
    -1: ErrorInfo(B, "微信系统繁忙，稍后重试"),
    40001: ErrorInfo(A, "access_token 无效或已被新 token 替换"),
    40014: ErrorInfo(A, "access_token 格式不正确"),
    42001: ErrorInfo(A, "access_token 已过期"),
    41001: ErrorInfo(C, "缺少 access_token（程序错误，请联系技术人员）"),
    40013: ErrorInfo(C, "AppID 无效，请检查账号配置"),
    40125: ErrorInfo(C, "AppSecret 无效，请在公众号后台重置后更新账号配置"),
    40164: ErrorInfo(C, "调用接口的服务器 IP 不在公众号 IP 白名单中，请在公众号后台添加"),
    40007: ErrorInfo(P, "素材 media_id 无效（封面须为永久素材，或草稿已被删除/已发表）"),
    40033: ErrorInfo(P, "内容含非法字符编码"),
    44002: ErrorInfo(P, "请求体为空（程序错误）"),
    44003: ErrorInfo(P, "图文内容为空"),
    45009: ErrorInfo(R, "接口调用次数已达今日上限，将于次日自动重试（管理员也可在公众号后台清零配额）"),
    45011: ErrorInfo(R, "接口调用过于频繁（每分钟限额），一分钟后自动重试", retry_after=60),
    45015: ErrorInfo(P, "超过公众号客服消息的 48 小时回复时限（或用户已取消关注），无法通过接口回复；"
                        "需等用户再次发消息后才能回复"),
    45028: ErrorInfo(R, "群发次数已用完（订阅号每天 1 次、服务号每月 4 次），将在配额恢复后重试"),
    45047: ErrorInfo(P, "用户发消息后的 48 小时内最多回复 5 条客服消息，已达上限；需等用户再次发消息后才能继续回复"),
    45065: ErrorInfo(P, "相同 clientmsgid 的群发已提交过"),
    45066: ErrorInfo(R, "相同 clientmsgid 重试过快，请一分钟后再试", retry_after=60),
    45166: ErrorInfo(P, "正文内容不合规或含不支持的标签"),
    47001: ErrorInfo(P, "数据格式错误"),
    47009: ErrorInfo(P, "该接口已下线，请改用新版数据接口（getarticleread/getarticletotaldetail 等）"),
    48001: ErrorInfo(C, "公众号没有该接口权限（通常需要完成微信认证）"),
    50002: ErrorInfo(C, "公众号被限制使用该功能"),
    53503: ErrorInfo(P, "草稿未通过发表检查，请在公众号后台查看原因"),
    53504: ErrorInfo(P, "需在公众号后台使用该草稿发表"),
    53505: ErrorInfo(P, "请先在公众号后台手动保存该草稿后再发表"),
    61500: ErrorInfo(P, "日期格式错误"),
    61501: ErrorInfo(P, "查询日期范围超出接口允许的跨度"),
    88000: ErrorInfo(C, "公众号没有留言功能权限"),
    88001: ErrorInfo(P, "该图文消息不存在"),
    88002: ErrorInfo(P, "该文章因安全原因已限制留言"),
    88003: ErrorInfo(P, "精选留言数量已达上限"),
    88004: ErrorInfo(P, "该留言已被用户删除"),
    88005: ErrorInfo(P, "该留言已回复过"),
    88007: ErrorInfo(P, "回复内容超出长度限制"),
    88008: ErrorInfo(P, "该留言不存在"),
    88010: ErrorInfo(P, "获取留言数量超出范围（每次须少于 50 条）"),
}

# freepublish/get 的 publish_status
PUBLISH_STATUS_ZH = {
    0: "发表成功",
    1: "发表中",
    2: "原创声明失败",
    3: "常规失败",
    4: "平台审核不通过",
    5: "成功后用户已删除所有文章",
    6: "成功后文章已被系统封禁",
}
