"""演示数据：每个演示工作区几条自己维护的审校词条与一条白名单申请（可重复执行）。姓名均为虚构。"""

from __future__ import annotations

from rongmei.core.demo import register
from rongmei.proofread import services
from rongmei.proofread.models import RuleEntry, WhitelistProposal
from rongmei.proofread.shapes import normalize

ENTRIES = {
    "bj-planning": [
        ("banned_expression", {"term": "规土委", "suggestion": "规划自然资源委",
                               "reason": "机构改革后简称为“市规划自然资源委”"}, "2018 年机构改革"),
        ("banned_expression", {"term": "北京市规划委", "suggestion": "北京市规划和自然资源委员会",
                               "reason": "机构已更名"}, ""),
        ("leader_title", {"name": "甄为民", "title": "示例区规划分局局长", "rank": 10,
                          "former_titles": ["示例区规划分局副局长"]}, "虚构人物，演示用"),
        ("fallen_official", {"name": "贾仁义", "date": "2023-09-12", "note": "原示例区规划分局局长（虚构）"},
         "虚构人物，演示用"),
    ],
    "nmg-dpf": [
        ("banned_expression", {"term": "正常人", "suggestion": "健全人",
                               "reason": "与残疾人相对应的称谓应为“健全人”"}, "残联宣传口径"),
        ("banned_expression", {"term": "肢残人士", "suggestion": "肢体残疾人"}, "残联宣传口径"),
        ("leader_title", {"name": "苏和示例", "title": "示例盟残联理事长", "rank": 5}, "虚构人物，演示用"),
        ("whitelist", {"term": "残疾人托养"}, "残联业务术语"),
    ],
    "anyuan-jobs": [
        ("typo", {"wrong": "就业见习岗为", "right": "就业见习岗位"}, ""),
        ("banned_expression", {"term": "农民工兄弟", "suggestion": "农民工", "reason": "新闻报道避免称兄道弟"}, ""),
    ],
}

PROPOSALS = {
    "bj-planning": ("违法建设", "sensitive", "规划执法的规范术语，不应作为敏感词标出"),
}


@register(60, "AI 审校词库")
def load(workspaces, users):
    prefixes = {"bj-planning": "bj", "nmg-dpf": "nm", "anyuan-jobs": "ay"}
    for slug, entries in ENTRIES.items():
        ws = workspaces.get(slug)
        if ws is None:
            continue
        reviewer = users.get(f"{prefixes[slug]}-reviewer")
        for category, data, note in entries:
            term, _ = normalize(category, data)
            if RuleEntry.objects.filter(workspace=ws, category=category, term=term).exists():
                continue
            services.entry_create(actor=reviewer, workspace=ws, category=category, data=data, note=note)
    for slug, (term, category, reason) in PROPOSALS.items():
        ws = workspaces.get(slug)
        if ws is None or WhitelistProposal.objects.filter(workspace=ws, term=term).exists():
            continue
        services.whitelist_propose(actor=users.get(f"{prefixes[slug]}-editor"), workspace=ws, term=term,
                                   category=category, reason=reason, source_ref="演示数据")
