"""用 matplotlib（Agg，无界面）把折线图、柱状图、饼图画成 PNG，全部文字用中文字体。"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .fonts import find_cjk_font

__all__ = ["CHART_KINDS", "Chart", "render_chart"]

CHART_KINDS = ("line", "bar", "pie")
PALETTE = ("#2F6EBA", "#E0692B", "#3A9D5D", "#C23B3B", "#8A5CB8", "#C9A227", "#3FA7B5", "#7F7F7F")


@dataclass(frozen=True)
class Chart:
    """一张图：``series`` 为 {系列名: 与 ``categories`` 等长的数值}。饼图只用第一个系列。"""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    y_label: str = ""
    note: str = ""
    stacked: bool = False
    size: tuple[float, float] = field(default=(8.0, 4.2))

    @classmethod
    def build(cls, kind: str, title: str, categories: Sequence[object],
              series: Mapping[str, Sequence[float | int | None]] | Sequence[tuple[str, Sequence[float | int | None]]],
              **options: object) -> Chart:
        if kind not in CHART_KINDS:
            raise ValueError(f"不支持的图表类型“{kind}”；可用：{'、'.join(CHART_KINDS)}")
        items = list(series.items()) if isinstance(series, Mapping) else list(series)
        if not items:
            raise ValueError(f"图表“{title}”没有数据系列")
        cats = tuple(str(c) for c in categories)
        normalised = []
        for name, values in items:
            values = tuple(float(v) if v is not None else float("nan") for v in values)
            if len(values) != len(cats):
                raise ValueError(f"图表“{title}”的系列“{name}”有 {len(values)} 个值，但有 {len(cats)} 个分类")
            normalised.append((str(name), values))
        return cls(kind, title, cats, tuple(normalised), **options)  # type: ignore[arg-type]

    def to_png(self, path: str | Path | None = None, *, dpi: int = 150) -> bytes:
        data = render_chart(self, dpi=dpi)
        if path is not None:
            Path(path).write_bytes(data)
        return data


def render_chart(chart: Chart, *, dpi: int = 150, inspect: Callable[[object], None] | None = None) -> bytes:
    """画图并返回 PNG 字节。没有中文字体时抛出 :class:`~.fonts.CJKFontMissing`。

    ``inspect``（测试用）：画完后以 matplotlib Figure 调用，可检查文字的位置（如刻度标签是否重叠）。
    """
    # 函数内导入：matplotlib 较重（导入约 1 秒），只在真正画图时导入
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    font = find_cjk_font()
    rc = {
        "font.family": "sans-serif",
        "font.sans-serif": [font.family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 14,
        "axes.titleweight": "normal",  # 随软件安装的字体只有常规体：不要求粗体，免得每张图都告警
    }
    with rc_context(rc):
        figure = Figure(figsize=chart.size, dpi=dpi, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title(chart.title)
        if chart.kind == "pie":
            _pie(axes, chart)
        else:
            _xy(axes, chart)
            axes.yaxis.set_major_formatter(FuncFormatter(_tick))
            if chart.y_label:
                axes.set_ylabel(chart.y_label)
            if len(chart.series) > 1:
                axes.legend(frameon=False, ncols=min(len(chart.series), 4), loc="best")
        if chart.note:
            figure.text(0.01, 0.005, chart.note, fontsize=8, color="#666666", ha="left", va="bottom")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        if inspect is not None:
            inspect(figure)
    return buffer.getvalue()


def _label_width(text: str) -> float:
    """标签宽度（以字号为单位）：汉字与全角符号约 1 个字宽，其余约半个。"""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def _category_ticks(axes, categories: Sequence[str]) -> None:
    """分类轴刻度：标签放不下时隔几个标一个并斜放 45°，保证相邻标签不重叠。

    轴宽约为图宽的 85%；标签横放时每个占“标签宽度 + 1 个字”，斜放 45° 时相邻两个标签之间的垂直距离
    为间距 × sin45°，至少要有 1.6 个字高。两种都放不下时加大间隔。
    """
    count = len(categories)
    if not count:
        return
    figure = axes.figure
    font_pt = 10.0
    axis_pt = figure.get_figwidth() * 72 * 0.85
    widest = max(_label_width(c) for c in categories) * font_pt
    rotate = False
    step = 1
    while True:
        shown = -(-count // step)
        spacing = axis_pt / max(shown, 1)
        if spacing >= widest + font_pt:
            break
        if spacing * 0.7071 >= 1.6 * font_pt:
            rotate = True
            break
        step += 1
    positions = list(range(0, count, step))
    axes.set_xticks(positions, [categories[i] for i in positions])
    for label in axes.get_xticklabels():
        label.set_fontsize(font_pt)
        if rotate:
            label.set_rotation(45)
            label.set_rotation_mode("anchor")
            label.set_horizontalalignment("right")


def _xy(axes, chart: Chart) -> None:
    positions = list(range(len(chart.categories)))
    count = len(chart.series)
    bottoms = [0.0] * len(positions)
    for index, (name, values) in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        if chart.kind == "line":
            axes.plot(positions, values, marker="o" if len(positions) <= 31 else None, markersize=3.5,
                      linewidth=2, color=colour, label=name)
        elif chart.stacked:
            axes.bar(positions, values, 0.6, bottom=bottoms, color=colour, label=name)
            bottoms = [b + (v if v == v else 0) for b, v in zip(bottoms, values, strict=True)]
        else:
            width = 0.8 / count
            offset = (index - (count - 1) / 2) * width
            axes.bar([p + offset for p in positions], values, width * 0.92, color=colour, label=name)
    _category_ticks(axes, chart.categories)
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.set_ylim(bottom=0) if all(v >= 0 for _n, vs in chart.series for v in vs if v == v) else None


def _pie(axes, chart: Chart) -> None:
    _name, values = chart.series[0]
    pairs = [(c, v) for c, v in zip(chart.categories, values, strict=True) if v == v and v > 0]
    if not pairs:
        axes.text(0.5, 0.5, "无数据", ha="center", va="center")
        axes.set_axis_off()
        return
    labels, sizes = zip(*pairs, strict=True)
    axes.pie(sizes, labels=labels, autopct="%1.1f%%", startangle=90, counterclock=False,
             colors=[PALETTE[i % len(PALETTE)] for i in range(len(sizes))],
             wedgeprops={"linewidth": 1, "edgecolor": "white"}, textprops={"fontsize": 10})
    axes.set_aspect("equal")


def _tick(value: float, _position: int) -> str:
    if abs(value) >= 100_000_000:
        return f"{value / 100_000_000:g}亿"
    if abs(value) >= 10_000:
        return f"{value / 10_000:g}万"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"
