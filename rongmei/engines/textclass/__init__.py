"""文本分类核心（纯 Python，不依赖 Django）：规范化、留言分类、情感、近似重复。

互动收件箱（interaction）与舆情监测（opinion）共用。接口见 docs/textclass.md。
"""

from .classify import Classification, ExtraKeywords, classify, classify_many, compile_extra
from .lexicon import CATEGORY_LABELS, SENTIMENT_LABELS
from .neardup import NearDupIndex, shingle_similarity
from .normalize import normalize
from .sentiment import Sentiment, sentiment

__all__ = [
    "CATEGORY_LABELS",
    "SENTIMENT_LABELS",
    "Classification",
    "ExtraKeywords",
    "NearDupIndex",
    "Sentiment",
    "classify",
    "classify_many",
    "compile_extra",
    "normalize",
    "sentiment",
    "shingle_similarity",
]
