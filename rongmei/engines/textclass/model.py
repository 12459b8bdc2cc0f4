"""随包附带的情感线性模型：字符 1–3 元组（二值）× 权重（朴素贝叶斯比值折入的逻辑回归）。

运行时只需 numpy 读权重文件（data/sentiment_model.npz），每个进程第一次用到时读一次。
训练脚本：bench/textclass/train_sentiment.py；训练数据与许可证的取舍见 docs/textclass.md。
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np

from .normalize import DATA_DIR

MODEL_FILE = DATA_DIR / "sentiment_model.npz"


@dataclass(frozen=True)
class LinearModel:
    weights: dict[str, float]
    bias: float
    ngram_max: int
    meta: dict

    def grams(self, text: str) -> set[str]:
        t = text.lower()
        # 与 {t[i:i+k] for k in 1…ngram_max for i in …} 同样的元素、同样的加入次序（集合的遍历次序因此也相同，
        # logit 的浮点求和次序不变），只是循环在 C 里走
        out = set(t)
        for k in range(2, self.ngram_max + 1):
            out.update(map("".join, zip(*(t[j:] for j in range(k)), strict=False)))
        return out

    def in_vocab(self, text: str) -> frozenset[str]:
        """text 的片段里在词表中的那些（二值特征只看出现与否）。logit 与 top_grams 都可以直接用它，
        比用全部片段少查一遍 20 万词的表。"""
        return frozenset(self.grams(text) & self.weights.keys())

    def logit(self, text: str, grams: set[str] | frozenset[str] | None = None) -> float:
        """text 须已 normalize()。返回对数几率：> 0 偏正面。"""
        grams = self.grams(text) if grams is None else grams
        return self.bias + sum(map(self.weights.get, grams, repeat(0.0)))

    def top_grams(
        self, text: str, sign: int, k: int = 3, grams: set[str] | frozenset[str] | None = None
    ) -> list[str]:
        """对判定贡献最大的 k 个片段（sign=1 正面方向，-1 负面方向），被更长片段包含的不重复列出。"""
        w = self.weights
        grams = self.grams(text) if grams is None else grams
        present = [(w[g] * sign, g) for g in grams & w.keys() if len(g) > 1]  # 单字不足以说明理由
        contrib = heapq.nlargest(4 * k, (c for c in present if c[0] > 0))
        out: list[str] = []
        for _, g in contrib:
            if any(g in o or o in g for o in out):
                continue
            out.append(g)
            if len(out) == k:
                break
        return out


@lru_cache(maxsize=1)
def load_model() -> LinearModel | None:
    """读随包模型；文件不存在时返回 None（情感退回纯词表打分）。"""
    if not MODEL_FILE.exists():
        return None
    with np.load(MODEL_FILE, allow_pickle=False) as z:
        vocab = z["vocab"].tobytes().decode("utf-8").split("\n")
        weights = z["weights"].astype(np.float64).tolist()
        bias = float(z["bias"])
        meta = json.loads(z["meta"].tobytes().decode("utf-8"))
    return LinearModel(
        weights=dict(zip(vocab, weights, strict=True)),
        bias=bias,
        ngram_max=int(meta.get("ngram_max", 3)),
        meta=meta,
    )
