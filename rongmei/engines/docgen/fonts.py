"""图表用的中文字体。

查找顺序：

1. 环境变量 ``RONGMEI_CJK_FONT`` 指定的字体文件；
2. 随软件一起安装的 Noto Sans SC（依赖包 ``pylopdf-fonts-zh-cn``，SIL OFL 1.1，来自 notofonts/noto-cjk）——
   新装的机器不需要任何系统字体（不需要 apt-get）；
3. 系统里已有的中文字体（思源黑体/Noto CJK/文泉驿……），只有在第 2 步的包缺失时才会用到。

都找不到时抛出 :class:`CJKFontMissing`，而不是画出一排“豆腐块”。
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pylopdf_fonts_zh_cn

__all__ = ["PREFERRED_FAMILIES", "CJKFont", "CJKFontMissing", "find_cjk_font", "packaged_font_paths"]

ENV_VAR = "RONGMEI_CJK_FONT"

#: 系统字体里按优先顺序尝试的字体族名（黑体类在前：图表上比宋体清楚）。
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Droid Sans Fallback",
)
_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehan", "wqy", "wenquanyi", "notosanssc", "simhei", "msyh")


class CJKFontMissing(RuntimeError):
    """本机没有可用的中文字体。"""


@dataclass(frozen=True)
class CJKFont:
    family: str
    path: Path


def find_cjk_font() -> CJKFont:
    """返回图表要用的中文字体（族名与文件路径）。结果按环境变量缓存。"""
    return _find(os.environ.get(ENV_VAR, "").strip())


def packaged_font_paths() -> dict[str, Path]:
    """随软件安装的中文字体文件：{"sans": 黑体类, "serif": 宋体类}；包文件缺失时为空。"""
    paths = {"sans": pylopdf_fonts_zh_cn.sans_path(), "serif": pylopdf_fonts_zh_cn.serif_path()}
    return {kind: path for kind, path in paths.items() if path.is_file()}


@lru_cache(maxsize=8)
def _find(env_path: str) -> CJKFont:
    # 函数内导入：matplotlib 较重，只在找字体时导入
    from matplotlib import font_manager

    if env_path:
        path = Path(env_path)
        if not path.is_file():
            raise CJKFontMissing(f"环境变量 {ENV_VAR} 指定的字体文件不存在：{env_path}")
        return _register(font_manager, path)
    packaged = packaged_font_paths().get("sans")
    if packaged is not None:
        return _register(font_manager, packaged)
    found = _from_manager(font_manager)
    if found is None:  # 字体可能是在 matplotlib 建立缓存之后才安装的
        for fname in font_manager.findSystemFonts():
            if any(hint in Path(fname).name.lower() for hint in _FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(fname)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = _from_manager(font_manager)
    if found is None:
        raise CJKFontMissing(
            "未找到中文字体：随软件安装的 Noto Sans SC（依赖包 pylopdf-fonts-zh-cn）缺失，"
            "系统里也没有 Noto Sans CJK SC、思源黑体或文泉驿，图表中的中文会显示成方框。"
            "请重新安装依赖（pip install -r requirements/base.txt），或安装系统字体（如 fonts-noto-cjk），"
            f"或用环境变量 {ENV_VAR} 指定字体文件路径（.ttf/.otf/.ttc）"
        )
    return found


def _register(font_manager, path: Path) -> CJKFont:
    font_manager.fontManager.addfont(str(path))
    return CJKFont(font_manager.FontProperties(fname=str(path)).get_name(), path)


def _from_manager(font_manager) -> CJKFont | None:
    regular: dict = {}
    for entry in font_manager.fontManager.ttflist:
        current = regular.get(entry.name)
        if current is None or (current.weight not in _REGULAR and entry.weight in _REGULAR):
            regular[entry.name] = entry
    for family in PREFERRED_FAMILIES:
        if family in regular:
            return CJKFont(family, Path(regular[family].fname))
    return None


_REGULAR = (400, "normal", "regular", "book")
