"""从许可证允许再分发的公开数据生成规则包中的派生数据文件。

用法::

    python bench/proofing/build_packs.py            # 数据目录：$RONGMEI_SHARED_DATA 或 <repo>/../shared/data

生成：
* ``rongmei/engines/proofing/packs/traditional.tsv``：繁体字 -> 简体字（取自 OpenCC TSCharacters，
  去掉同时也是规范简体字的字；OpenCC 为 Apache-2.0 许可）。
* ``rongmei/engines/proofing/packs/typo_ecspell.tsv``：错误词 -> 正确词，取自 ECSpell 三个领域的 **训练集**
  （*.train.tsv，MIT 许可），不使用任何测试集；只保留错误写法不是 jieba 词典词、且从未出现在训练集正确句中的词对。
* ``rongmei/engines/proofing/packs/typo_lm.tsv``：“非词二字串 -> 高频词”表，供 ``typo.lm`` 语言模型层使用。
  候选字来自 pycorrector 随 wheel 发布的 ``same_pinyin.txt``（同音字，Apache-2.0）与 ECSpell **训练集**中的错字对（MIT）；
  词频来自 jieba 自带词典（MIT）。打分 = P(正确词) / (P(字1)·P(字2))（一元词频），训练集里见过的错字对 ×10；
  阈值 LM_MIN_SCORE 只在 ECSpell / SIGHAN **训练集**上选定，不使用任何测试集或误报集。
* ``rongmei/engines/proofing/packs/similar_chars.tsv``：音近/形近字表（``typo.idiom`` 用），取自 pycorrector
  ``same_pinyin.txt`` + ``same_stroke.txt``（Apache-2.0）。
"""

from __future__ import annotations

import collections
import logging
import os
import re
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


LM_MIN_SCORE = 30_000.0  # 训练集无错句误报 ≤ 0.8%（ECSpell/SIGHAN 训练集上选定）
LM_MIN_FREQ = 500


def build_lm_table(data: Path) -> int:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    freq, total = tok.FREQ, tok.total
    han = re.compile(r"[\u4e00-\u9fff]{2}")
    conf: dict[str, set[str]] = collections.defaultdict(set)  # 正确字 -> 可能被误写成的字
    for line in (data / "pycorrector-eval/offline_resources/same_pinyin.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or len(cells[0]) != 1:
            continue
        for cell in cells[1:]:
            for ch in cell:
                if ch != cells[0]:
                    conf[ch].add(cells[0])
    seen: set[tuple[str, str]] = set()
    for dom in ("odw", "law", "med"):
        for line in (data / "ecspell" / f"{dom}.train.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and len(parts[1]) == len(parts[2]):
                for a, b in zip(parts[1], parts[2], strict=True):
                    if a != b:
                        seen.add((a, b))
                        conf[b].add(a)
    table: dict[str, tuple[str, float]] = {}
    for word, f in freq.items():
        if len(word) != 2 or f < LM_MIN_FREQ or not han.fullmatch(word):
            continue
        for p in (0, 1):
            for c in sorted(conf.get(word[p], ())):  # 排序：结果不随 PYTHONHASHSEED 变
                wrong = word[:p] + c + word[p + 1 :]
                if freq.get(wrong):
                    continue
                score = f * total / ((freq.get(wrong[0], 0) + 1) * (freq.get(wrong[1], 0) + 1))
                if (c, word[p]) in seen:
                    score *= 10
                if score >= LM_MIN_SCORE and (wrong not in table or table[wrong][1] < score):
                    table[wrong] = (word, score)
    rows = [f"{w}\t{r}\t{s:.0f}" for w, (r, s) in sorted(table.items())]
    header = (
        "# 非词二字串 -> 高频词 -> 得分（typo.lm 用）。候选字：pycorrector same_pinyin.txt（Apache-2.0）+ ECSpell 训练集错字对（MIT）；\n"
        "# 词频：jieba 词典（MIT）。由 bench/proofing/build_packs.py 生成，请勿手改；未使用任何测试集。\n"
        f"# params: LM_MIN_SCORE={LM_MIN_SCORE:.0f} LM_MIN_FREQ={LM_MIN_FREQ} rows={len(rows)}\n"
    )
    (PACKS / "typo_lm.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def build_similar_chars(data: Path) -> int:
    """音近/形近字表（``typo.idiom`` 用）：pycorrector ``same_pinyin.txt``（同音同调 + 同音异调）与
    ``same_stroke.txt``（形近字组），Apache-2.0；对称化后每行“字<TAB>音近形近字”。"""
    res = data / "pycorrector-eval/offline_resources"
    sim: dict[str, set[str]] = collections.defaultdict(set)
    for line in (res / "same_pinyin.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or len(cells[0]) != 1:
            continue
        for ch in "".join(cells[1:]):
            if ch != cells[0]:
                sim[cells[0]].add(ch)
                sim[ch].add(cells[0])
    for line in (res / "same_stroke.txt").read_text(encoding="utf-8").splitlines():
        group = [ch for ch in line.split("\t") if len(ch) == 1]
        for a in group:
            for b in group:
                if a != b:
                    sim[a].add(b)
    rows = [f"{ch}\t{''.join(sorted(v))}" for ch, v in sorted(sim.items())]
    header = (
        "# 音近/形近字（typo.idiom 用）。派生自 pycorrector（https://github.com/shibing624/pycorrector，Apache-2.0）\n"
        "# same_pinyin.txt + same_stroke.txt，已对称化。由 bench/proofing/build_packs.py 生成，请勿手改。\n"
    )
    (PACKS / "similar_chars.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def build_stat_pairs(data: Path) -> int:
    """错字对计数（``typo.stat`` 用）：只取训练集——SIGHAN 2013/2014/2015 train（pairs_simplified，MIT）与
    ECSpell law/med/odw train（MIT）。SIGHAN 2014 test 与 SIGHAN 2015 train 的后 20% 留作调阈值的开发集，2015 test 与 ECSpell test 只用来报告。"""
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    base = data / "sighan-csc/pairs_simplified"
    for year in ("13", "14", "15"):
        err = (base / f"train{year}_error.txt").read_text(encoding="utf-8").split("\n")
        cor = (base / f"train{year}_correct.txt").read_text(encoding="utf-8").split("\n")
        rows_ = list(zip(err, cor, strict=False))
        if year == "15":
            rows_ = rows_[: int(len(rows_) * 0.8)]  # 后 20% 留作开发集（tune_stat.py）
        for a, b in rows_:
            if len(a) == len(b):
                counts.update((x, y) for x, y in zip(a, b, strict=True) if x != y and "\u4e00" <= x <= "\u9fff")
    for dom in ("odw", "law", "med"):
        for line in (data / "ecspell" / f"{dom}.train.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and len(parts[1]) == len(parts[2]):
                counts.update((x, y) for x, y in zip(parts[1], parts[2], strict=True) if x != y and "\u4e00" <= x <= "\u9fff")
    rows = [f"{a}\t{b}\t{n}" for (a, b), n in sorted(counts.items())]
    header = (
        "# 错字 -> 正字 -> 次数（typo.stat 用）。只来自训练集：SIGHAN 2013/2014 train、2015 train 前 80%（pairs_simplified，MIT）\n"
        "# 与 ECSpell law/med/odw train（MIT）。由 bench/proofing/build_packs.py 生成，请勿手改；未使用任何测试集。\n"
    )
    (PACKS / "stat_pairs.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


STAT_NGRAM_MIN = 2


def build_stat_ngrams(data: Path) -> int:
    """训练集正确句里出现过 ≥ STAT_NGRAM_MIN 次的 2–4 字汉字串（``typo.stat`` 用作“见过的正确写法”）：
    jieba 2013 年的词典缺“放管服、依法依规、提标改造”等新的公文说法，统计层会把它们当错字；在可再分发的训练集
    正确句（SIGHAN 2013–2015 train 前 80%、ECSpell law/med/odw train，MIT）里见过的串不改。存为 marisa-trie。"""
    import marisa_trie

    counts: collections.Counter[str] = collections.Counter()
    han = re.compile(r"[\u4e00-\u9fff]+")

    def add(sentence: str) -> None:
        for run in han.findall(sentence):
            for k in (2, 3, 4):
                counts.update(run[i : i + k] for i in range(len(run) - k + 1))

    base = data / "sighan-csc/pairs_simplified"
    for year in ("13", "14", "15"):
        cor = (base / f"train{year}_correct.txt").read_text(encoding="utf-8").split("\n")
        if year == "15":
            cor = cor[: int(len(cor) * 0.8)]
        for line in cor:
            add(line)
    for dom in ("odw", "law", "med"):
        for line in (data / "ecspell" / f"{dom}.train.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                add(parts[2])
    keep = sorted(g for g, n in counts.items() if n >= STAT_NGRAM_MIN)
    marisa_trie.Trie(keep).save(str(PACKS / "stat_ngrams.marisa"))
    return len(keep)


def main() -> int:
    data = data_dir()
    if not data.is_dir():
        print(f"找不到数据目录：{data}", file=sys.stderr)
        return 2
    print("traditional.tsv:", build_traditional(data))
    print("typo_ecspell.tsv:", build_typo_pairs(data))
    print("typo_lm.tsv:", build_lm_table(data))
    print("similar_chars.tsv:", build_similar_chars(data))
    print("stat_pairs.tsv:", build_stat_pairs(data))
    print("stat_ngrams.marisa:", build_stat_ngrams(data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
