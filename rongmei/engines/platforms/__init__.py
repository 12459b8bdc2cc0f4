"""发布平台适配器（纯 Python，不依赖 Django）。

Django 侧的发布队列只需要这里导出的名字：

* :func:`get_adapter` —— 平台代码 → 适配器；``adapter.publish(item, checkpoint, on_step)`` /
  ``adapter.status(checkpoint)`` / ``adapter.is_stuck(checkpoint)`` / ``adapter.fetch_metrics(start, end)``；
* :class:`PublishItem`、:class:`MediaFile` —— 待发布内容；:class:`PublishProgress` —— 结果；
* :class:`PlatformError`（及 :class:`DeferError`、:class:`AuthError`、:class:`ConfigError`、:class:`UncertainError`）；
* :class:`TokenStore` 协议（Django 提供数据库实现）、:class:`InMemoryTokenStore`；
* :func:`record_manual_publication` —— 人工登记发布结果。
"""

from .adapter import CHECKPOINT_VERSION, Adapter
from .errors import (
    AuthError,
    ConfigError,
    DeferError,
    ErrorKind,
    PlatformError,
    UncertainError,
    mask_secrets,
)
from .manual import ManualAdapter, record_manual_publication
from .models import (
    Account,
    ContentKind,
    CredentialField,
    MediaFile,
    MetricRow,
    PlatformMeta,
    PublishItem,
    PublishProgress,
    PublishState,
    RetryPolicy,
)
from .registry import PLATFORM_CODES, get_adapter, list_platforms, platform_meta
from .tokens import InMemoryTokenStore, Token, TokenStore

__all__ = [
    "CHECKPOINT_VERSION",
    "PLATFORM_CODES",
    "Account",
    "Adapter",
    "AuthError",
    "ConfigError",
    "ContentKind",
    "CredentialField",
    "DeferError",
    "ErrorKind",
    "InMemoryTokenStore",
    "ManualAdapter",
    "MediaFile",
    "MetricRow",
    "PlatformError",
    "PlatformMeta",
    "PublishItem",
    "PublishProgress",
    "PublishState",
    "RetryPolicy",
    "Token",
    "TokenStore",
    "UncertainError",
    "get_adapter",
    "list_platforms",
    "mask_secrets",
    "platform_meta",
    "record_manual_publication",
]
