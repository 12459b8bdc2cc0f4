"""可验证抽奖的算法（纯 Python，公开给任何人复算）。

1. 开奖前：主办方生成随机种子 seed，只公布 ``SHA-256(seed)``（承诺）；
2. 截止后：参与名单冻结为按字典序排列、去重的身份列表，公布 ``SHA-256("\\n".join(名单))``；
3. 开奖：公开 seed；对 i = 0, 1, 2, …，计算 ``h_i = SHA-256(seed + "|" + 名单哈希 + "|" + i)``，
   取其前 16 位十六进制作为整数 ``r``，从剩余名单中抽第 ``r mod 剩余人数`` 个（抽出后移除），直到抽满。

任何人拿到 seed、名单与中奖人数，用 :func:`draw` 复算必得同一结果；改动名单会改变名单哈希，从而改变结果，
也无法再与开奖前公布的名单哈希对上；改动种子则与开奖前公布的种子哈希对不上。
"""

from __future__ import annotations

import hashlib

ALGORITHM = "rongmei-draw-v1：SHA-256(种子|名单哈希|序号) 前 16 位十六进制取模，逐个不放回抽取"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def freeze(entrants) -> list[str]:
    """冻结名单：去空白、去重、按字典序排列。"""
    return sorted({str(e).strip() for e in entrants if str(e).strip()})


def entrants_hash(entrants: list[str]) -> str:
    return sha256("\n".join(entrants))


def draw(seed: str, entrants: list[str], count: int) -> list[str]:
    pool = list(entrants)
    digest = entrants_hash(pool)
    winners: list[str] = []
    i = 0
    while pool and len(winners) < count:
        r = int(sha256(f"{seed}|{digest}|{i}")[:16], 16)
        winners.append(pool.pop(r % len(pool)))
        i += 1
    return winners


def verify(*, seed: str, seed_hash: str, entrants: list[str], entrants_digest: str, count: int,
           winners: list[str]) -> list[str]:
    """复核一次抽奖；返回不一致之处（中文），空列表表示全部核对无误。"""
    problems = []
    if sha256(seed) != seed_hash:
        problems.append("公开的种子与开奖前公布的种子哈希不符")
    if entrants_hash(entrants) != entrants_digest:
        problems.append("参与名单与冻结时公布的名单哈希不符")
    if draw(seed, entrants, count) != list(winners):
        problems.append("按公开算法复算的中奖名单与公布的不同")
    return problems
