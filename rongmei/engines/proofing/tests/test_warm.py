"""``Engine.warm()``：启动时加载词频表、词性表与成语索引，之后第一次检查不再加载任何东西。"""

from __future__ import annotations

from rongmei.engines.proofing import Engine, words


def test_after_warm_the_first_check_loads_nothing(monkeypatch):
    engine = Engine()
    engine.warm()
    loaded = words.loads

    def loading(*args, **kwargs):
        raise AssertionError("检查时又加载了词典")

    monkeypatch.setattr(words, "_build", loading)
    found = engine.check("我们将再接再励，认真地做好服务工作。" * 20)
    assert any(f.text == "再接再励" for f in found)
    assert words.loads == loaded == 1  # 一个进程只加载一次词频表


def test_tagging_matches_jieba_posseg():
    """分词与词性标注与 jieba.posseg 逐词一致（语法规则是按 jieba 的词性写的）。"""
    import jieba.posseg

    text = "他高兴的说，高明远非常人可及。早在1990年，江绍原就认真的为群众讲解政策，得到的更多。"
    assert [tuple(w) for w in words.tag(text)] == [(w.word, w.flag) for w in jieba.posseg.cut(text)]
