"""新浪微博。"""

from .adapter import WeiboAdapter
from .client import WEIBO_ERRORS, WeiboClient

__all__ = ["WeiboAdapter", "WeiboClient", "WEIBO_ERRORS"]
