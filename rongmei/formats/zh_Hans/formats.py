"""简体中文的输入格式：第一个必须是 ISO（浏览器日期/时间控件只认 ISO，见 rongmei.core.inputs）。

其余显示格式沿用 Django 自带的 zh_Hans。
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2025-01-01（第一个：渲染输入框时用它）
    "%Y/%m/%d",  # 2025/01/01
    "%Y年%m月%d日",  # 2025年01月01日
    "%Y.%m.%d",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # datetime-local（第一个）
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
]
