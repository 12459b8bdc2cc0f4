"""平台后台导出文件（Excel/CSV/网页表格 .xls）导入：纯 Python，无 Django。

    >>> from rongmei.engines.exports import parse_export
    >>> result = parse_export("user_analysis.xls")          # doctest: +SKIP
    >>> result.layout.key, result.rows[0]                     # doctest: +SKIP
    ('wechat_user_growth', MetricRow(date=..., platform='wechat', name='followers_gained', ...))

支持的格式见 :data:`LAYOUTS` 与 ``docs/imports.md``；统一指标名见 :data:`METRICS`。
"""

from .errors import ImportFailed, ImportIssue, UnknownLayout
from .layouts import GENERIC_TEMPLATE_COLUMNS, LAYOUTS, METRICS, PLATFORMS, Column, Layout, Metric, get_layout
from .parser import ImportResult, MetricRow, detect_layout, parse_export
from .template import write_generic_template

__all__ = [
    "GENERIC_TEMPLATE_COLUMNS",
    "LAYOUTS",
    "METRICS",
    "PLATFORMS",
    "Column",
    "ImportFailed",
    "ImportIssue",
    "ImportResult",
    "Layout",
    "Metric",
    "MetricRow",
    "UnknownLayout",
    "detect_layout",
    "get_layout",
    "parse_export",
    "write_generic_template",
]
