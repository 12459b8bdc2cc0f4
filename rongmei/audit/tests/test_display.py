"""审计日志给人看：选项值显示中文，外键 id 显示名称，时间显示北京时间，字典显示“字段：值”，页面与导出一致。"""

import io

from openpyxl import load_workbook

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.production.models import Column, ContentItem


def _item_change(workspace, personas):
    column = Column.objects.create(workspace=workspace, name="政策解读")
    item = ContentItem.objects.create(workspace=workspace, title="春季植树", author=personas["editor"], kind="article")
    before = snapshot(item)
    item.status, item.column, item.kind = "in_review", column, "short_video"
    item.save()
    after = snapshot(item)
    changed = {k for k in after if before.get(k) != after.get(k)}
    return record(Action.UPDATE, obj=item, workspace=workspace, actor=personas["editor"],
                  before={k: before[k] for k in changed}, after={k: after[k] for k in changed})


def test_audit_page_shows_labels_names_and_beijing_time(client, personas, workspace):
    event = _item_change(workspace, personas)
    record(Action.CREATE, workspace=workspace, object_type="proofread.ruleentry", object_id="1",
           after={"词条内容": {"name": "甄为民", "rank": 10, "former_titles": ["副局长"]}, "启用": True,
                  "修改时间": "2025-03-01T02:00:00+00:00"})
    client.force_login(personas["manager"])
    html = client.get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "草稿" in html and "审核中" in html  # 状态 draft → in_review
    assert "图文" in html and "短视频" in html  # 形态
    assert "政策解读" in html  # 栏目：名称而不是 id
    assert f"→ <span class=\"diff-ins\">{event.after['栏目']}</span>" not in html
    assert "2025-03-01 10:00" in html and "+00:00" not in html  # 北京时间
    assert "排序：10" in html and "曾任职务：副局长" in html and "{'" not in html
    assert "启用</b>：<span class=\"diff-del\">（空）</span> → <span class=\"diff-ins\">是</span>" in html
    assert "内容" in html or "稿件" in html  # 对象类型的中文名


def test_audit_export_uses_the_same_text(client, personas, workspace):
    _item_change(workspace, personas)
    client.force_login(personas["manager"])
    data = client.get(f"/w/{workspace.slug}/audit/?format=xlsx").content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    change = next(r for r in rows[1:] if r[3] == "修改")
    assert "审核中" in change[9] and "政策解读" in change[9] and "in_review" not in change[9]
    assert change[5] != "production.contentitem"
