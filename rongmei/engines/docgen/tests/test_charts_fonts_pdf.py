import io
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from matplotlib import font_manager
from PIL import Image

from rongmei.engines.docgen import Chart, CJKFontMissing, Report, find_cjk_font, render_chart, to_pdf
from rongmei.engines.docgen import fonts as fonts_module
from rongmei.engines.docgen import pdf as pdf_module

REPO = Path(__file__).resolve().parents[4]


def test_chart_uses_cjk_font_and_draws_every_glyph(cjk_font):
    resolved = font_manager.findfont(font_manager.FontProperties(family=cjk_font.family), fallback_to_default=False)
    assert Path(resolved) == cjk_font.path
    assert any(k in cjk_font.family for k in ("CJK", "Han", "WenQuanYi", "Hei", "SC", "Fallback"))
    chart = Chart.build("line", "公众号每日新增与取消关注（人）", ["10月1日", "10月2日", "10月3日"],
                        {"新增关注": [40, 52, 47], "取消关注": [6, 9, 5]}, y_label="人数", note="数据来源：公众号后台")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_chart(chart)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
    assert not missing, f"有字形缺失（会显示为方框）：{missing}"
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (1200, 630)
    dark = sum(image.histogram()[:128])
    assert dark > 3_000  # 有实际的线条与文字，不是空白图


@pytest.mark.parametrize("kind", ["line", "bar", "pie"])
def test_every_chart_kind_renders(cjk_font, kind, tmp_path):
    chart = Chart.build(kind, "各平台阅读（播放）量", ["微信公众号", "抖音", "今日头条"], {"阅读量": [60210, 268400, 57300]})
    data = chart.to_png(tmp_path / f"{kind}.png")
    assert (tmp_path / f"{kind}.png").read_bytes() == data and len(data) > 10_000


@pytest.mark.parametrize("categories", [
    [f"9月{d}日" for d in range(1, 31)],                       # 月度报告的每日趋势
    [f"{y}年{m}月" for y in (2024, 2025) for m in range(1, 13)],  # 两年的月度对比
    [f"{h}时" for h in range(24)],
    ["微信公众号", "抖音", "今日头条", "微博", "百家号", "北京号"],
])
def test_category_axis_labels_never_overlap(cjk_font, categories):
    import math

    pairs = []

    def collect(figure):
        renderer = figure.canvas.get_renderer()
        labels = [label for label in figure.axes[0].get_xticklabels() if label.get_text()]
        for left, right in zip(labels, labels[1:], strict=False):
            angle = math.radians(right.get_rotation())
            # 文字本身（不旋转）的宽和高；相邻标签锚点之间的水平距离
            right.set_rotation(0)
            size = right.get_window_extent(renderer)
            right.set_rotation(math.degrees(angle))
            gap = right.get_transform().transform(right.get_position())[0] - \
                left.get_transform().transform(left.get_position())[0]
            pairs.append((left.get_text(), right.get_text(), angle, gap, size.width, size.height))

    chart = Chart.build("line", "每日播放量", categories, {"播放量": list(range(len(categories)))})
    render_chart(chart, inspect=collect)
    assert len(pairs) + 1 >= min(len(categories), 6)  # 至少标出 6 个（不是靠全部隐藏来“不重叠”）
    for left, right, angle, gap, width, height in pairs:
        # 同一角度的两个文字框：沿文字方向错开（间距·cos ≥ 宽）或垂直于文字方向错开（间距·sin ≥ 高）即不重叠
        assert gap * math.cos(angle) >= width or gap * math.sin(angle) >= height, (left, right, gap, width, height)


def test_font_from_environment_variable(cjk_font, monkeypatch):
    monkeypatch.setenv("RONGMEI_CJK_FONT", str(cjk_font.path))
    assert find_cjk_font().path == cjk_font.path
    monkeypatch.setenv("RONGMEI_CJK_FONT", "/nonexistent/字体.ttf")
    with pytest.raises(CJKFontMissing, match="RONGMEI_CJK_FONT 指定的字体文件不存在"):
        find_cjk_font()


def test_no_cjk_font_is_a_clear_chinese_error(tmp_path, monkeypatch):
    monkeypatch.delenv("RONGMEI_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts_module, "packaged_font_paths", lambda: {})
    monkeypatch.setattr(fonts_module, "_from_manager", lambda _fm: None)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    fonts_module._find.cache_clear()
    try:
        report = Report(title="数据报告").chart("bar", "发布数", ["抖音"], {"发布数": [3]})
        with pytest.raises(CJKFontMissing, match="未找到中文字体.*fonts-noto-cjk"):
            report.save_docx(tmp_path / "r.docx")
        assert not (tmp_path / "r.docx").exists()
    finally:
        fonts_module._find.cache_clear()


def test_packaged_font_is_used_without_any_system_cjk_font(monkeypatch):
    """新机器上没有任何系统中文字体：图表仍用随依赖包安装的 Noto Sans SC，且每个汉字都有字形。"""
    monkeypatch.delenv("RONGMEI_CJK_FONT", raising=False)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])  # 不看任何系统字体目录
    bare = font_manager.FontManager()
    assert not [f for f in bare.ttflist if f.name in fonts_module.PREFERRED_FAMILIES]
    monkeypatch.setattr(font_manager, "fontManager", bare)
    monkeypatch.setattr(font_manager, "findfont", bare.findfont)
    fonts_module._find.cache_clear()
    try:
        font = find_cjk_font()
        assert font.family == "Noto Sans SC"
        assert font.path == fonts_module.packaged_font_paths()["sans"]
        assert "site-packages" in str(font.path) or "dist-packages" in str(font.path)
        chart = Chart.build("bar", "各平台发布数量（条）", ["微信公众号", "抖音", "今日头条"], {"发布数": [12, 30, 7]})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            png = render_chart(chart)
        assert not [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
        assert png.startswith(b"\x89PNG")
    finally:
        fonts_module._find.cache_clear()


def test_to_pdf_returns_none_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda _name: None)
    assert to_pdf(tmp_path / "x.docx") is None


@pytest.mark.slow
def test_to_pdf_with_libreoffice(tmp_path, cjk_font):
    if pdf_module.libreoffice_binary() is None:
        pytest.skip("本机没有 LibreOffice（apt-get install libreoffice-writer-nogui）")
    from rongmei.engines.docgen.example import monthly_report_example

    pdf = to_pdf(monthly_report_example().save_docx(tmp_path / "月报.docx"))
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000


def test_imports_without_django():
    code = ("import sys; sys.modules['django'] = None\n"
            "import rongmei.engines.docgen as d\n"
            "import rongmei.engines.docgen.example\n"
            "assert d.Report and d.to_pdf\n"
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules if sys.modules[m])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_native_excel_charts_are_written(tmp_path, cjk_font):
    from rongmei.engines.docgen.example import monthly_report_example

    path = monthly_report_example().save_xlsx(tmp_path / "月报.xlsx")
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = "".join(archive.read(n).decode("utf-8") for n in charts)
    assert len(charts) == 3
    assert "lineChart" in xml and "barChart" in xml and "pieChart" in xml
