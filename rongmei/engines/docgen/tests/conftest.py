import pytest

from rongmei.engines.docgen import find_cjk_font


@pytest.fixture
def cjk_font():
    # 中文字体随依赖包安装（pylopdf-fonts-zh-cn），缺失是安装错误：测试失败而不是跳过
    return find_cjk_font()
