"""基层网络的写操作（关键字参数、事务、校验、权限、审计），按领域分模块，这里汇总导出：

- :mod:`.clues`：单位树、基层人员、新闻线索、积分流水（只增不改）、媒体采用、互推；
- :mod:`.training`：培训课程、场次、报名签到、签到表导入、结业证书；
- :mod:`.campaigns`：涨粉活动、单位渠道码、关注事件归因、线上答题、可验证抽奖。
"""

from .campaigns import (
    campaign_report_docx,
    campaign_save,
    campaign_unit_add,
    campaign_unit_qr,
    channel_add,
    draw_commit,
    draw_run,
    follow_event_receive,
    follow_import,
    prize_deliver,
    quiz_enter,
    quiz_save,
    rule_add,
    rule_delete,
)
from .clues import (
    check_files,
    clue_decide,
    clue_mark_published,
    clue_submit,
    exchange_save,
    member_save,
    partner_save,
    placement_save,
    points_bonus,
    points_reverse,
    points_settings_save,
    roster_import,
    unit_save,
)
from .training import (
    SheetError,
    attendance_import,
    attendance_set,
    certificate_docx,
    course_save,
    enrol,
    material_add,
    material_delete,
    parse_sign_in,
    session_save,
    signin_by_token,
    signin_close,
    signin_open,
)

__all__ = [
    "SheetError", "attendance_import", "attendance_set", "campaign_report_docx", "campaign_save", "campaign_unit_add", "campaign_unit_qr", "channel_add", "follow_import", "rule_add", "rule_delete",
    "points_settings_save",
    "certificate_docx", "check_files", "clue_decide", "clue_mark_published", "clue_submit", "course_save",
    "draw_commit", "draw_run", "enrol", "exchange_save", "follow_event_receive", "member_save", "parse_sign_in",
    "partner_save", "placement_save", "points_bonus", "points_reverse", "prize_deliver", "quiz_enter", "quiz_save", "roster_import",
    "session_save", "material_add", "material_delete", "signin_by_token", "signin_close", "signin_open", "unit_save",
]
