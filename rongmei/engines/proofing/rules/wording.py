"""规范表述（``wording``）的正则规则：涉台、涉港澳、国际组织、更名的提法、部委负责人职务。

词表形式的规则与其他词表一起在 :mod:`.lexicon` 的自动机里匹配；这里只跑需要语境的正则规则。
每条规则带依据与有效期（按文章日期过滤）。
"""

from __future__ import annotations

from ..compiled import Compiled, wording_message
from ..context import Context
from ..finding import Finding
from ..prefilter import absent, guarded
from . import make


def _pattern(rule):
    return rule.pattern


def run(ctx: Context, c: Compiled) -> list[Finding]:
    out: list[Finding] = []
    text = ctx.text
    for need, rule in guarded(c.wording, _pattern):
        if absent(need, text) or not ctx.in_force(rule.data):
            continue
        for m in rule.pattern.finditer(text):
            s, e = m.span(1) if (m.re.groups and not rule.whole) else m.span()
            if s == e:
                continue
            if rule.data.get("context"):
                ss, se = ctx.sentence_span(s)
                if not any(w in text[ss:se] for w in rule.data["context"]):
                    continue
            group = m.group(1) if m.re.groups else m.group()
            sugg = rule.suggestion.replace("{0}", group or "") if rule.suggestion else None
            out.append(make(ctx, c, s, e, "wording", "wording.rule", rule.severity, sugg,
                            wording_message(text[s:e], rule.reason, rule.source, sugg)))
    return out
