"""群机器人通知：企业微信群机器人与钉钉自定义机器人（纯核心，不依赖 Django）。

    robot = WeComRobot(key)                       # 或 DingTalkRobot(access_token, secret)
    robot.send_markdown("舆情预警", "**较大** …")   # 失败抛 RobotError（中文说明，已脱敏）

* 企业微信：``POST {base}/cgi-bin/webhook/send?key=KEY``，JSON ``{"msgtype": "text"|"markdown", …}``，
  回 ``{"errcode": 0, "errmsg": "ok"}``；每个机器人每分钟最多 20 条，超出回 45009。
* 钉钉：``POST {base}/robot/send?access_token=T[&timestamp=毫秒&sign=签名]``；加签为
  HmacSHA256(key=secret, "timestamp\\nsecret") 的 Base64 再 URL 编码；签名、关键词、IP 不符回 310000，
  每分钟超过 20 条回 130101（随后限流 10 分钟）。
* 机密（key、access_token、secret、sign）不进日志、不进异常文字。

本地仿真服务器见 :mod:`rongmei.engines.notify.fakeserver`。
"""

from .robots import (
    DINGTALK,
    ROBOT_KINDS,
    WECOM,
    DingTalkRobot,
    RobotConfigError,
    RobotError,
    RobotResult,
    WeComRobot,
    dingtalk_sign,
    make_robot,
    mask_url,
    parse_webhook,
)

__all__ = ["DINGTALK", "ROBOT_KINDS", "WECOM", "DingTalkRobot", "RobotConfigError", "RobotError", "RobotResult",
           "WeComRobot", "dingtalk_sign", "make_robot", "mask_url", "parse_webhook"]
