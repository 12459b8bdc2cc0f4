"""新进程查一篇短文：不导入 rjieba 与 numpy（启动快），发现与预热过的服务进程逐条相同。"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import rjieba

from rongmei.engines.proofing import Engine, charlm, words

# 覆盖词表、规范表述、的地得、成语、typo.lm、统计层、词性 HMM（未登录人名）、标点与数字的一段文字
TEXT = (
    "截止目前，市规划委共受理申请3000件。我们要再接再励，认真的做好每一项工作。"
    "进一步提高服务水品，今天天汽很好。武契奇总统会见了胡明对伍霞一案的律师，"
    "大家懂点科学。约400万左右的群众参加了活动，会议于2025年10月1日召开。"
)

_CHILD = """
import json, sys
from rongmei.engines.proofing import Engine
found = [f.to_dict() for f in Engine().check(sys.argv[1])]
print(json.dumps({"found": found, "rjieba": "rjieba" in sys.modules, "numpy": "numpy" in sys.modules},
                 ensure_ascii=False))
"""


def test_a_fresh_process_checks_a_short_text_without_rjieba_or_numpy_and_finds_the_same():
    root = Path(__file__).resolve().parents[4]
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-c", _CHILD, TEXT], capture_output=True, text=True, check=True,
                          env=env, cwd=root)
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    assert child["rjieba"] is False and child["numpy"] is False
    engine = Engine()
    engine.warm()  # 服务进程：rjieba 与 numpy 都已导入
    assert "rjieba" in sys.modules and "numpy" in sys.modules
    warm = [f.to_dict() for f in engine.check(TEXT)]
    assert child["found"] == warm
    assert {("截止", "截至"), ("再接再励", "再接再厉"), ("汽", "气"), ("水品", "水平")} <= {(f["text"], f["suggestion"]) for f in warm}


def test_pure_python_segmentation_is_the_same_as_rjieba():
    samples = [
        TEXT, "我们中出了一个叛徒", "做B超检查，C++和C#，3.5%的人", "中国123人民abc ab12cd\r\n做事\t 㐀㐁𠀀",
        "南京市长江大桥", "结婚的和尚未结婚的", "他说的确实在理", "研究生命起源", "ＡＢＣ中国，x中",
    ]
    for s in samples:
        assert words._py_cut(s) == rjieba.cut(s, hmm=False), s


def test_pure_python_pos_hmm_is_the_same_as_the_numpy_one():
    for s in ("武契奇", "胡明对伍霞", "江绍原就", "高明远非常人", "档时", "吕钦对许银川", "乌尔善"):
        assert words._viterbi_py(s) == words._viterbi_np(s), s


def test_char_lm_lookup_by_bisect_is_the_same_as_numpy(monkeypatch):
    model = charlm.CharLM()
    jobs = [("进一步提高服务水品", 7, ["平", "品", "频"]), ("今天天汽很好", 3, ["气", "器"]), ("的的的", 0, ["地"])]
    monkeypatch.setattr(charlm, "PY_QUERIES", 10**12)
    monkeypatch.delitem(sys.modules, "numpy", raising=False)  # 让 charlm 以为 numpy 没导入过
    by_bisect = [model.delta(s, i, alts) for s, i, alts in jobs]
    assert model._np is None
    monkeypatch.undo()
    monkeypatch.setattr(charlm, "PY_QUERIES", -1)
    by_numpy = [model.delta(s, i, alts) for s, i, alts in jobs]
    assert model._np is not None
    assert by_bisect == by_numpy
