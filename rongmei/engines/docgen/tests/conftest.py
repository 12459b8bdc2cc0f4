import pytest

from rongmei.engines.docgen import CJKFontMissing, find_cjk_font


@pytest.fixture
def cjk_font():
    try:
        return find_cjk_font()
    except CJKFontMissing as exc:
        pytest.skip(f"本机没有中文字体，跳过图表测试（apt-get install fonts-noto-cjk）：{exc}")
