"""百家号。"""

from .adapter import BaijiahaoAdapter
from .client import BAIJIAHAO_ERRORS, BaijiahaoClient

__all__ = ["BaijiahaoAdapter", "BaijiahaoClient", "BAIJIAHAO_ERRORS"]
