"""测试数据：合同与事实。"""

from __future__ import annotations

import datetime as dt
import json

from rongmei.contracts import services
from rongmei.contracts.demo.facts import generate, to_jsonl
from rongmei.engines.kpi import load_template

AS_OF = dt.date(2025, 9, 30)


def anyuan(workspace, actor=None):
    """安源模板 + 截至 2025-09-30 的演示事实（导入）。"""
    version = services.contract_from_template(actor=actor, workspace=workspace, template_id="anyuan-employment")
    facts = generate(load_template("anyuan-employment"), until=AS_OF, seed="test")
    batch, _ = services.facts_import(actor=actor, workspace=workspace, filename="facts.jsonl", content=to_jsonl(facts))
    return version, batch, facts


def jsonl(*rows: dict) -> bytes:
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode("utf-8")
