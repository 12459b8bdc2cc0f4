"""从许可证允许再分发的公开数据生成规则包中的派生数据文件。

用法::

    python bench/proofing/build_packs.py            # 数据目录：$RONGMEI_SHARED_DATA 或 <repo>/../shared/data

生成：
* ``rongmei/engines/proofing/packs/traditional.tsv``：繁体字 -> 简体字（取自 OpenCC TSCharacters，
  去掉同时也是规范简体字的字；OpenCC 为 Apache-2.0 许可）。
* ``rongmei/engines/proofing/packs/typo_ecspell.tsv``：错误词 -> 正确词，取自 ECSpell 三个领域的 **训练集**
  （*.train.tsv，MIT 许可），不使用任何测试集；只保留错误写法不是 jieba 词典词、且从未出现在训练集正确句中的词对。
"""

from __future__ import annotations

import collections
import logging
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKS = REPO / "rongmei" / "engines" / "proofing" / "packs"


def data_dir() -> Path:
    env = os.environ.get("RONGMEI_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def _opencc(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, vals = line.partition("\t")
        out[key] = vals.split()
    return out


def build_traditional(data: Path) -> int:
    ts = _opencc(data / "opencc-dictionaries" / "TSCharacters.txt")
    st = _opencc(data / "opencc-dictionaries" / "STCharacters.txt")
    simplified_values = {v for vals in ts.values() for v in vals}
    rows = []
    for trad, simps in sorted(ts.items()):
        if trad in st or trad in simplified_values or len(trad) != 1:
            continue  # 该字本身也是规范简体字（如“乾”“著”“余”），不能报
        simp = simps[0]
        if simp == trad:
            continue
        rows.append(f"{trad}\t{simp}")
    header = (
        "# 繁体字 -> 简体字。派生自 OpenCC（https://github.com/BYVoid/OpenCC，Apache-2.0）TSCharacters.txt，\n"
        "# 去掉了同时是规范简体字的字。由 bench/proofing/build_packs.py 生成，请勿手改。\n"
    )
    (PACKS / "traditional.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def build_typo_pairs(data: Path) -> int:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    vocab = tok.FREQ
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    correct_text: list[str] = []
    for dom in ("odw", "law", "med"):
        for line in (data / "ecspell" / f"{dom}.train.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            _, src, tgt = parts
            correct_text.append(tgt)
            if src == tgt or len(src) != len(tgt):
                continue
            # 以正确句的 jieba 分词为单位，取含错字的词
            pos = 0
            for word in tok.lcut(tgt):
                end = pos + len(word)
                wrong = src[pos:end]
                if wrong != word and len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in word):
                    pairs[(wrong, word)] += 1
                pos = end
    corpus = "\n".join(correct_text)
    rows = []
    for (wrong, right), _n in sorted(pairs.items()):
        if vocab.get(wrong) or wrong in corpus:
            continue
        if sum(a != b for a, b in zip(wrong, right, strict=True)) != 1:
            continue
        rows.append(f"{wrong}\t{right}")
    header = (
        "# 错误词 -> 正确词。派生自 ECSpell（https://github.com/aopolin-lv/ECSpell，MIT）law/med/odw 训练集，\n"
        "# 不含测试集。由 bench/proofing/build_packs.py 生成，请勿手改。\n"
    )
    (PACKS / "typo_ecspell.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main() -> int:
    data = data_dir()
    if not data.is_dir():
        print(f"找不到数据目录：{data}", file=sys.stderr)
        return 2
    print("traditional.tsv:", build_traditional(data))
    print("typo_ecspell.tsv:", build_typo_pairs(data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
