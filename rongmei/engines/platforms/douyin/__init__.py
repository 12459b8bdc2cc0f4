"""抖音。"""

from .adapter import DouyinAdapter
from .client import DOUYIN_ERRORS, DouyinClient

__all__ = ["DouyinAdapter", "DouyinClient", "DOUYIN_ERRORS"]
