"""微信公众号。"""

from .adapter import WechatAdapter
from .client import DATACUBE_SPANS, RETIRED_DATACUBE, WechatClient, split_range
from .codes import WECHAT_ERRORS

__all__ = ["WechatAdapter", "WechatClient", "WECHAT_ERRORS", "DATACUBE_SPANS", "RETIRED_DATACUBE", "split_range"]
