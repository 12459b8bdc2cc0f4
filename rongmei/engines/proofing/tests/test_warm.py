"""``Engine.warm()``：启动时加载分词词典、词性表与成语索引，之后第一次检查不再加载任何东西。"""

from __future__ import annotations

import jieba
import jieba.posseg

from rongmei.engines.proofing import Engine, context
from rongmei.engines.proofing.rules import idiom


def test_after_warm_the_first_check_loads_nothing(monkeypatch):
    monkeypatch.setattr(context, "_tokenizer", None)
    monkeypatch.setattr(context, "_postokenizer", None)
    idiom.idiom_index.cache_clear()
    engine = Engine()
    engine.warm()

    def loading(*args, **kwargs):
        raise AssertionError("检查时又加载了词典")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", loading)
    monkeypatch.setattr(jieba.posseg.POSTokenizer, "load_word_tag", loading)
    found = engine.check("我们将再接再励，认真地做好服务工作。" * 20)
    assert any(f.text == "再接再励" for f in found)
