"""在开发集上选 typo.stat 的门槛。只看开发集，从不看任何报告所用的测试集（SIGHAN 2015 test、ECSpell test、
人民日报/学习强国 acc_*、LEMON、gen_de3）。

开发集：
* 纠错：SIGHAN 2014 test（``pairs_simplified/test14``）与 SIGHAN 2015 train 的后 20%（留出，没进错字对与“见过的串”）；
* 无错句误报：上面两份的正确句，以及 ``macro-correct-eval/gen_xxqg.tet.json`` 的正确句（学习强国文字，合成错误；
  与 acc_rmrb / acc_xxqg 没有相同句子，与它们共有 12 字片段的句子已去掉）——新闻公文体的人名、地名、新词只有它有。

另有**新闻体开发集**（只报告，不参与拟合与选点）：``macro-correct-eval/lomo_tet.json``（上游说明为 CSCD-NS 测试集，
官方媒体微博）与 ``textproof.tet.json``（文本校对竞赛数据，招标公告、基层新闻），去掉与任何报告用测试集（SIGHAN 2015 test、
ECSpell test、LEMON、人民日报/学习强国、gen_de3）共有 12 字片段的句子后 6,402 对。它的“正确句”里仍有不少真错字（“千丝万屡”
“凑效”“含盖”），所以上面的误报率偏高，只用来看统计层在新闻公文体上的走向。``--ceiling`` 另打印开发集每个错字为什么没有被改对。

做法：每句只跑一次引擎（typo 规则包的发现 + 统计层在低下限 ``FLOOR`` 上的全部候选及其特征），然后离线扫门槛组合，
打印宽松纠错 P/R/F1 与统计层在无错句上的误报率，最后按“开发集误报 ≤ 目标时 F1 最高”选工作点。
用法：RONGMEI_SHARED_DATA=... .venv/bin/python bench/proofing/tune_stat.py [--fa-goal 0.004]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import data_dir, lemon_pairs

from rongmei.engines.proofing import Engine
from rongmei.engines.proofing.rules import statistical


def pairs(base: Path, name: str) -> list[tuple[str, str]]:
    err = (base / f"{name}_error.txt").read_text(encoding="utf-8").split("\n")
    cor = (base / f"{name}_correct.txt").read_text(encoding="utf-8").split("\n")
    return [(a, b) for a, b in zip(err, cor, strict=False) if a and len(a) == len(b)]


def dev_sets(data: Path) -> tuple[list[tuple[str, str]], list[str]]:
    base = data / "sighan-csc/pairs_simplified"
    held = pairs(base, "train15")
    dev = pairs(base, "test14") + held[int(len(held) * 0.8) :]
    test_text = set()
    for name in ("acc_rmrb.tet.json", "acc_xxqg.tet.json"):
        for x in json.loads((data / "macro-correct-eval" / name).read_text(encoding="utf-8")):
            s = x["original_text"]
            test_text.update(s[i : i + 12] for i in range(0, max(1, len(s) - 11)))
    gen = json.loads((data / "macro-correct-eval/gen_xxqg.tet.json").read_text(encoding="utf-8"))
    clean = [x["correct_text"] for x in gen]
    clean = [s for s in clean if not any(s[i : i + 12] in test_text for i in range(0, max(1, len(s) - 11)))]
    return dev, clean


def _grams(s: str, n: int = 12) -> set[str]:
    return {s[i : i + n] for i in range(0, max(1, len(s) - n + 1))}


def news_dev(data: Path) -> list[tuple[str, str]]:
    """新闻体开发集（lomo_tet + textproof），去掉与报告用测试集共有 12 字片段的句子。"""
    test: set[str] = set()
    mc = data / "macro-correct-eval"
    for name in ("acc_rmrb.tet.json", "acc_xxqg.tet.json", "gen_de3.json"):
        for x in json.loads((mc / name).read_text(encoding="utf-8")):
            test |= _grams(x["original_text"]) | _grams(x.get("correct_text", x["original_text"]))
    base = data / "sighan-csc/pairs_simplified"
    for name in ("test15_error.txt", "test15_correct.txt"):
        for s in (base / name).read_text(encoding="utf-8").split("\n"):
            test |= _grams(s)
    for dom in ("odw", "law", "med"):
        for line in (data / "ecspell" / f"{dom}.test.tsv").read_text(encoding="utf-8").splitlines():
            for s in line.split("\t")[-2:]:
                test |= _grams(s)
    for path in (data / "lemon").glob("*.txt"):
        for a, b in lemon_pairs(path):
            test |= _grams(a) | _grams(b)
    pairs = [(x["original_text"], x["correct_text"]) for x in json.loads((mc / "lomo_tet.json").read_text(encoding="utf-8"))]
    pairs += [(x["source"], x["target"]) for x in json.loads((mc / "textproof.tet.json").read_text(encoding="utf-8"))]
    return [(a, b) for a, b in pairs if a and len(a) == len(b) and not (_grams(a) & test) and not (_grams(b) & test)]


def ceiling(rows) -> None:
    """开发集每个错字为什么没被改对：候选里没有正字、在常见多字词里、入围门槛、选了别的字、把握不够……"""
    import collections

    from rongmei.engines.proofing import words

    why: collections.Counter[str] = collections.Counter()
    for src, tgt, fix, hits in rows:
        at = {h.pos: h for h in hits}
        for p, (a, b) in enumerate(zip(src, tgt, strict=True)):
            if a == b:
                continue
            h = at.get(p)
            if p in fix:
                why["typo 规则包改" + ("对" if fix[p] == b else "错")] += 1
            elif h is not None and h.right == b:
                c = statistical.confidence(h)
                why["统计层改对，把握 ≥ 默认" if c >= statistical.MIN_CONFIDENCE
                    else "统计层改对，把握在细查与默认之间" if c >= statistical.THOROUGH_CONFIDENCE else "统计层改对，把握低于细查"] += 1
            elif h is not None:
                why["统计层选了别的字"] += 1
            elif b not in dict(statistical.candidates().get(a, ())):
                why["候选里没有正字（含的地得、他她、那哪）"] += 1
            else:
                lo, hi = p, p
                while lo > 0 and statistical._han(src[lo - 1]):
                    lo -= 1
                while hi < len(src) and statistical._han(src[hi]):
                    hi += 1
                k, word = lo, ""
                for w in words.cut(src[lo:hi]):
                    if k <= p < k + len(w):
                        word = w
                        break
                    k += len(w)
                if len(word) > 1:
                    common = words.FREQ.get(word, 0) >= statistical.INWORD_MAXF
                    why[f"在多字词里（词频 ≥ {statistical.INWORD_MAXF}）" if common else "在低频多字词里，没过门槛"] += 1
                else:
                    why["单字，没过入围门槛"] += 1
    total = sum(why.values())
    for k, v in why.most_common():
        print(f"  {k}: {v}（{v / total:.1%}）")


def base_fix(engine: Engine, src: str) -> dict[int, str]:
    out = {}
    for f in engine.check(src):
        if f.category != "typo" or not f.suggestion or len(f.suggestion) != f.end - f.start:
            continue
        for i, (a, b) in enumerate(zip(f.text, f.suggestion, strict=True)):
            if a != b:
                out[f.start + i] = b
    return out


def feats(h: statistical.Hit) -> list[float]:
    return list(statistical.features(h))


def fit(rows, clean_rows, l2: float = 1e-2, steps: int = 4000):
    """逻辑回归：正例 = 开发集错句里改对的候选；负例 = 改错的候选与无错句上的全部候选。"""
    import numpy as np

    xs, ys = [], []
    for src, tgt, _fix, hits in rows:
        for h in hits:
            if h.swap:
                continue  # “在/再”互换只用字级模型的门槛，不进逻辑回归
            xs.append(feats(h))
            ys.append(1.0 if src[h.pos] != tgt[h.pos] and tgt[h.pos] == h.right else 0.0)
    for hits in clean_rows:
        for h in hits:
            if h.swap:
                continue
            xs.append(feats(h))
            ys.append(0.0)
    x, y = np.array(xs), np.array(ys)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.c_[(x - mu) / sd, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= 0.5 * (z.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0])
    raw = w[:-1] / sd
    bias = w[-1] - (mu / sd) @ w[:-1]
    print(f"fitted on {int(y.sum())} positive / {int(len(y) - y.sum())} negative candidates")
    return tuple(round(float(v), 4) for v in raw), round(float(bias), 4)


def evaluate(rows, clean_rows, n_gen: int, ok) -> tuple[float, float, float, float, float]:
    tp = fp = fn = 0
    for src, tgt, fix, hits in rows:
        chars = list(src)
        for p, b in fix.items():
            chars[p] = b
        for h in hits:
            if h.pos not in fix and ok(h):
                chars[h.pos] = h.right
        out = "".join(chars)
        if src != tgt:
            if out == tgt:
                tp += 1
            else:
                fn += 1
        elif out != src:
            fp += 1
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f = 2 * p * r / (p + r) if p + r else 0
    fa = sum(any(ok(h) for h in hs) for hs in clean_rows) / len(clean_rows)
    fa_gen = sum(any(ok(h) for h in hs) for hs in clean_rows[-n_gen:]) / n_gen
    return f, p, r, fa, fa_gen


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--floor", type=float, default=2.0)
    ap.add_argument("--fa-goal", type=float, default=0.004, help="统计层在开发集无错句上的误报上限（选工作点用）")
    ap.add_argument("--thorough-fa", type=float, default=0.025, help="“细查”点的开发集误报上限")
    ap.add_argument("--ceiling", action="store_true", help="打印开发集错字没有被改对的原因分布")
    args = ap.parse_args()
    dev, clean = dev_sets(data_dir())
    typo = Engine(packs=["typo"])
    statistical.raw_hits("预热")
    rows = [(src, tgt, base_fix(typo, src), statistical.raw_hits(src, args.floor)) for src, tgt in dev]
    clean_sents = sorted({tgt for _, tgt in dev}) + clean
    clean_rows = [statistical.raw_hits(s, args.floor) for s in clean_sents]
    news = news_dev(data_dir())
    news_rows = [(src, tgt, base_fix(typo, src), statistical.raw_hits(src, args.floor)) for src, tgt in news]
    news_clean = [statistical.raw_hits(s, args.floor) for s in sorted({tgt for _, tgt in news})]
    print(f"dev pairs {len(dev)}, clean sentences {len(clean_sents)} (gen_xxqg {len(clean)}); "
          f"news dev (report only) {len(news)} pairs, {len(news_clean)} clean", flush=True)
    print("== old gate: LM gain + ln(1 + pairs) >= T ==")
    for t in (6, 7, 8, 9, 10, 11, 12):
        r = evaluate(rows, clean_rows, len(clean), lambda h, t=t: h.gain + math.log1p(h.pairs) >= t)
        print(f"T={t}: lenient F1 {r[0]:.3f} P {r[1]:.3f} R {r[2]:.3f} | stat FA dev-clean {r[3]:.2%} gen_xxqg {r[4]:.2%}")
    weights, bias = fit(rows, clean_rows)
    print(f"WEIGHTS = {weights}\nBIAS = {bias}")
    statistical.WEIGHTS, statistical.BIAS = weights, bias
    print("== confidence gate: logistic(WEIGHTS·features + BIAS) >= c ==")
    best = thorough = None
    for c in [round(0.025 * k, 3) for k in range(1, 38)]:
        r = evaluate(rows, clean_rows, len(clean), lambda h, c=c: statistical.confidence(h) >= c)
        n = evaluate(news_rows, news_clean, len(news_clean), lambda h, c=c: statistical.confidence(h) >= c)
        print(f"c={c}: lenient F1 {r[0]:.3f} P {r[1]:.3f} R {r[2]:.3f} | stat FA dev-clean {r[3]:.2%} gen_xxqg {r[4]:.2%}"
              f" | news dev F1 {n[0]:.3f} stat FA {n[3]:.2%}")
        if r[3] <= args.fa_goal and (best is None or r[0] > best[1]):
            best = (c, r[0])
        if r[3] <= args.thorough_fa and (thorough is None or r[0] > thorough[1]):
            thorough = (c, r[0])
    print(f"operating point (max dev F1 with stat FA on dev-clean <= {args.fa_goal:.2%}): MIN_CONFIDENCE = {best and best[0]}")
    print(f"thorough point (max dev F1 with stat FA on dev-clean <= {args.thorough_fa:.2%}): "
          f"THOROUGH_CONFIDENCE = {thorough and thorough[0]}")
    if args.ceiling:
        statistical.MIN_CONFIDENCE, statistical.THOROUGH_CONFIDENCE = best and best[0], thorough and thorough[0]
        print("== why dev errors are not corrected (SIGHAN dev) ==")
        ceiling(rows)
        print("== why dev errors are not corrected (news dev) ==")
        ceiling(news_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
