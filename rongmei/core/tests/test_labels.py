"""代码 → 中文标签：模型选项自动收集，应用登记的词表（任务名、平台、审校类别……）可在模板里用 |zh。"""

import pytest
from django.template import Context, Template

from rongmei.core import labels


def test_model_choices_are_labelled_without_registration():
    assert labels.label("draft") == "草稿"
    assert labels.label("succeeded", "core.jobrun.state") == "已完成"


def test_kind_disambiguates_a_code_shared_by_vocabularies():
    # 同一代码 pending 在不同词表里中文不同：指定种类时取该种类
    assert labels.label("pending", "publishing.accountchangerequest.status") == "待甲方审批"
    assert labels.label("pending", "pace_status") == "尚未开始"


@pytest.mark.parametrize(("code", "kind", "text"), [
    ("publishing.poll_publishing", "job", "查询发布结果"),
    ("reports.generate", "job", "生成报告"),
    ("typo", "proof_category", "错别字"),
    ("privacy", "proof_category", "隐私信息"),
    ("ai_proofread", "checker", "AI 审校"),
    ("douyin", "platform", "抖音"),
    ("short_video", "kind", "短视频"),
    (True, None, "是"),
    (None, None, "—"),
])
def test_registered_vocabularies(code, kind, text):
    assert labels.label(code, kind) == text


def test_unknown_code_is_returned_unchanged():
    assert labels.label("no-such-code") == "no-such-code"


def test_template_filter_is_builtin():
    html = Template('{{ a|zh }}/{{ b|zh:"job" }}/{{ c|zh:"platform" }}').render(
        Context({"a": "in_review", "b": "core.daily_backup", "c": "weibo"}))
    assert html == "审核中/每日自动备份/微博"


def test_register_accepts_choices_mappings_and_pairs():
    labels.register("test_kind_a", [("x1", "甲"), ("组", [("x2", "乙")])])
    labels.register("test_kind_b", {"x3": "丙"})
    assert [labels.label(c) for c in ("x1", "x2", "x3")] == ["甲", "乙", "丙"]
    assert labels.labels_of("test_kind_a") == {"x1": "甲", "x2": "乙"}
