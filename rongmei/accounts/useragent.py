"""浏览器标识（User-Agent）→ 中文的“浏览器 · 系统”说明，只用于登录记录与登录设备列表。

自己写一个小解析器而不用 ua-parser / user-agents：这里只要认出常见的几种浏览器与系统并写成中文
（微信、钉钉、QQ 浏览器、360、Edge、Chrome、Firefox、Safari；Windows、macOS、iOS、Android、鸿蒙、Linux），
不需要几千条规则的数据文件，也不用为了中文名再做一层映射。认不出的显示“其他浏览器”。"""

from __future__ import annotations

import re

_BROWSERS = [
    (r"MicroMessenger/([\d.]+)", "微信内置浏览器"),
    (r"DingTalk/([\d.]+)", "钉钉内置浏览器"),
    (r"wxwork/([\d.]+)", "企业微信内置浏览器"),
    (r"MQQBrowser/([\d.]+)|QQBrowser/([\d.]+)", "QQ 浏览器"),
    (r"QihooBrowser|QHBrowser|360SE|360EE", "360 浏览器"),
    (r"UCBrowser/([\d.]+)", "UC 浏览器"),
    (r"HuaweiBrowser/([\d.]+)", "华为浏览器"),
    (r"Edg(?:e|A|iOS)?/([\d.]+)", "Edge"),
    (r"Firefox/([\d.]+)|FxiOS/([\d.]+)", "Firefox"),
    (r"HeadlessChrome/([\d.]+)", "无界面 Chrome（自动化程序）"),
    (r"Chrome/([\d.]+)|CriOS/([\d.]+)", "Chrome"),
    (r"Version/([\d.]+).*Safari/", "Safari"),
    (r"python-requests|httpx|curl/|Wget", "命令行或脚本"),
]
_SYSTEMS = [
    (r"HarmonyOS|OpenHarmony", "鸿蒙"),
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"Windows NT", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux", "Linux"),
]


def describe(ua: str | None) -> str:
    """如“Chrome 120 · Windows”“微信内置浏览器 · iOS（手机）”。"""
    ua = ua or ""
    if not ua.strip():
        return "未知浏览器"
    browser = "其他浏览器"
    for pattern, name in _BROWSERS:
        m = re.search(pattern, ua)
        if m:
            version = next((g for g in m.groups() if g), "") if m.groups() else ""
            major = version.split(".")[0] if version else ""
            browser = f"{name} {major}".strip() if name in ("Chrome", "Edge", "Firefox", "Safari") else name
            break
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, ua)), "")
    mobile = "（手机）" if re.search(r"Mobile|iPhone|Android.*Mobile", ua) and "iPad" not in ua else ""
    return f"{browser} · {system}{mobile}" if system else browser
