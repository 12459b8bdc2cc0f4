"""快手。"""

from .adapter import KuaishouAdapter
from .client import KUAISHOU_ERRORS, KuaishouClient

__all__ = ["KuaishouAdapter", "KuaishouClient", "KUAISHOU_ERRORS"]
