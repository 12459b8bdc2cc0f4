"""富文本编辑：保存时服务器端清洗、审校在读者文字上定位并在富文本里改字、自动保存与编辑锁、各平台预览、
按内容形态出现的字段、修订对比（文字与图片/链接）。"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.assets import selectors as asset_selectors
from rongmei.assets import services as asset_services
from rongmei.engines import richtext
from rongmei.production import selectors, services
from rongmei.production.choices import BodyFormat, FindingDecision, ItemStatus
from rongmei.production.models import CheckFinding, ContentItem, ItemDraft, Revision

pytestmark = pytest.mark.django_db


def png(colour=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 40), colour).save(buf, format="PNG")
    return buf.getvalue()

FORM = {"kind": "article", "importance": "normal", "is_original": "on"}


def url(name, ws="test-ws", **kw):
    return reverse(name, kwargs={"ws": ws, **kw})


def test_new_item_saves_sanitised_rich_text(client, personas):
    client.force_login(personas["editor"])
    body = ('<p style="color:red;position:fixed" onclick="x()">市民可<strong>登陆</strong>网站办理。</p>'
            '<script>alert(1)</script><p><a href="javascript:alert(1)">链接</a></p>')
    resp = client.post(url("production:item_new"), {**FORM, "title": "不动产登记指南", "body": body})
    assert resp.status_code == 302
    rev = ContentItem.objects.get(title="不动产登记指南").current_revision
    assert rev.body_format == BodyFormat.HTML
    assert rev.body.startswith('<p style="color:red">市民可<strong>登陆</strong>网站办理。</p>')
    for bad in ("script", "onclick", "javascript", "position"):
        assert bad not in rev.body
    assert rev.text == "市民可登陆网站办理。\n链接"
    page = client.get(resp["Location"]).content.decode()
    assert '<p style="color:red">市民可<strong>登陆</strong>网站办理。</p>' in page


def test_word_file_images_are_dropped_with_a_chinese_warning(client, personas):
    client.force_login(personas["editor"])
    body = '<p>正文</p><p><img src="file:///C:/Users/a/clip_image002.jpg"></p>'
    resp = client.post(url("production:item_new"), {**FORM, "title": "带图的稿件", "body": body}, follow=True)
    assert "第 1 张图片（是 Word 里的本机文件，网页读不到）未能转存" in resp.content.decode()
    assert "file:" not in ContentItem.objects.get(title="带图的稿件").current_revision.body


def test_old_markdown_items_open_in_the_editor_as_html_and_save_as_rich_text(client, personas, make_item):
    item = make_item(body="## 小标题\n\n市民可**登陆**网站。")
    assert item.current_revision.body_format == BodyFormat.MARKDOWN
    client.force_login(personas["editor"])
    page = client.get(url("production:item_edit", pk=item.pk)).content.decode()
    assert "&lt;h2&gt;小标题&lt;/h2&gt;" in page  # 编辑器载入的是 HTML
    client.post(url("production:item_edit", pk=item.pk), {
        **FORM, "title": item.title, "body": "<h2>小标题</h2><p>市民可<strong>登录</strong>网站。</p>", "base_revision": "1"})
    rev = ContentItem.objects.get(pk=item.pk).current_revision
    assert (rev.number, rev.body_format, rev.text) == (2, BodyFormat.HTML, "小标题\n市民可登录网站。")


def _in_review_with_finding(personas, chain, body):
    item = services.item_create(actor=personas["editor"], workspace=chain.workspace, title="办事指南", body=body,
                                body_format=BodyFormat.HTML)
    services.item_submit(actor=personas["editor"], item=item)
    item = ContentItem.objects.get(pk=item.pk)
    return item, CheckFinding.objects.get(item=item)


def test_checker_runs_on_reader_text_and_accepting_edits_rich_text_in_place(personas, chain, fake_checker):
    body = '<h2>第一步</h2><p style="text-indent:2em">市民可<strong>登陆</strong>网站办理。</p>'
    item, finding = _in_review_with_finding(personas, chain, body)
    assert (finding.start, finding.end, finding.text) == (7, 9, "登陆")
    assert item.current_revision.text[finding.start:finding.end] == "登陆"
    services.finding_resolve(actor=personas["editor"], finding=finding, accept=True)
    rev = ContentItem.objects.get(pk=item.pk).current_revision
    assert rev.body == '<h2>第一步</h2><p style="text-indent:2em">市民可<strong>登录</strong>网站办理。</p>'
    assert rev.body_format == BodyFormat.HTML and rev.summary == "采纳检查建议：登陆→登录"


def test_suggestions_accepted_in_the_editor_are_recorded_when_saved(client, personas, chain, fake_checker):
    item, finding = _in_review_with_finding(personas, chain, "<p>市民可登陆网站。</p>")
    client.force_login(personas["editor"])
    page = client.get(url("production:item_edit", pk=item.pk)).content.decode()
    assert f'data-finding="{finding.pk}"' in page and 'data-suggestion="登录"' in page
    client.post(url("production:item_edit", pk=item.pk), {
        **FORM, "title": item.title, "body": "<p>市民可登录网站。</p>", "base_revision": "1",
        "accepted_findings": str(finding.pk)})
    finding.refresh_from_db()
    assert finding.decision == FindingDecision.ACCEPTED and finding.decided_by == personas["editor"]
    rev = ContentItem.objects.get(pk=item.pk).current_revision
    assert rev.number == 2 and rev.summary == "采纳检查建议：登陆→登录"


def test_autosave_keeps_a_draft_renews_the_lock_and_offers_it_back(client, personas, make_item):
    item = make_item()
    client.force_login(personas["editor"])
    resp = client.post(url("production:item_autosave", pk=item.pk),
                       {"title": "新标题", "body": "<p>写到一半<script>x()</script></p>", "base_revision": "1"})
    data = resp.json()
    assert data["ok"] and data["holder"] == "" and data["lock_until"] and not data["stale"]
    draft = ItemDraft.objects.get(item=item, user=personas["editor"])
    assert draft.body == "<p>写到一半</p>"
    assert Revision.objects.filter(item=item).count() == 1  # 自动保存不生成修订
    assert ContentItem.objects.get(pk=item.pk).lock_user == personas["editor"]
    resp = client.get(url("production:item_edit", pk=item.pk))
    assert 'data-testid="draft-banner"' in resp.content.decode()
    assert resp.context["draft"].body == "<p>写到一半</p>"  # 页面里以 JSON 交给“恢复暂存稿”按钮
    # 另一个人在编辑时，自动保存告诉他谁在编辑
    client.force_login(personas["manager"])
    data = client.post(url("production:item_autosave", pk=item.pk), {"title": "t", "body": "<p>x</p>"}).json()
    assert data["holder"] == "编辑小王"
    # 保存成修订后暂存稿删除
    client.force_login(personas["editor"])
    client.post(url("production:item_edit", pk=item.pk), {**FORM, "title": "新标题", "body": "<p>写完了</p>",
                                                          "base_revision": "1"})
    assert not ItemDraft.objects.filter(item=item, user=personas["editor"]).exists()


def test_autosave_reports_a_newer_revision_saved_by_someone_else(client, personas, make_item):
    item = make_item()
    services.item_update(actor=personas["manager"], item=item, base_revision=1, body="组长改过")
    client.force_login(personas["editor"])
    data = client.post(url("production:item_autosave", pk=item.pk), {"title": "t", "body": "<p>x</p>",
                                                                      "base_revision": "1"}).json()
    assert data["stale"] and data["current_revision"] == 2


def test_autosave_is_refused_to_people_who_cannot_edit(client, personas, make_item):
    item = make_item()
    client.force_login(personas["client_officer"])
    resp = client.post(url("production:item_autosave", pk=item.pk), {"title": "t", "body": "<p>x</p>"})
    assert resp.status_code == 403 and resp.json()["ok"] is False
    assert not ItemDraft.objects.exists()


def test_lock_indicator_names_the_person_editing(client, personas, make_item):
    item = make_item()
    client.force_login(personas["editor"])
    page = client.get(url("production:item_edit", pk=item.pk)).content.decode()
    assert "您正在编辑，锁定至" in page
    services.item_lock(actor=personas["editor"], item=item)
    client.force_login(personas["manager"])
    html = client.get(url("production:item_lock_status", pk=item.pk)).content.decode()
    assert "编辑小王 正在编辑" in html
    client.force_login(personas["editor"])
    assert "您正在编辑" in client.get(url("production:item_lock_status", pk=item.pk)).content.decode()


def test_platform_previews_follow_the_chosen_accounts(client, personas, workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount, Platform

    weibo = OfficialAccount.objects.create(workspace=workspace, platform=Platform.objects.get(code="weibo"), name="官方微博")
    client.force_login(personas["editor"])
    body = "<p>" + "助残日志愿服务走进社区。" * 20 + "</p>"
    html = client.post(url("production:item_preview"), {"title": "助残日", "body": body,
                                                         "target_accounts": [str(weibo.pk)]}).content.decode()
    assert 'data-platform="weibo"' in html and 'data-platform="douyin"' not in html
    assert "【助残日】助残日志愿服务" in html and "已截断" in html


def test_fields_follow_the_content_kind(client, personas):
    client.force_login(personas["editor"])
    page = client.get(url("production:item_new")).content.decode()
    assert 'name="duration_minutes"' in page and 'data-kinds="' in page
    assert "（不属于任何栏目）" in page and "---------" not in page
    # 图文不保存时长与播出次数，即使浏览器里填过
    client.post(url("production:item_new"), {**FORM, "title": "图文稿", "body": "<p>x</p>", "duration_minutes": "3",
                                              "airing_count": "2", "page_count": "4"})
    item = ContentItem.objects.get(title="图文稿")
    assert (item.duration_seconds, item.airing_count, item.page_count) == (None, None, None)
    client.post(url("production:item_new"), {**FORM, "kind": "infographic", "title": "一图读懂", "body": "<p>x</p>",
                                              "page_count": "6", "duration_minutes": "3"})
    item = ContentItem.objects.get(title="一图读懂")
    assert (item.page_count, item.duration_seconds) == (6, None)


def test_target_accounts_are_a_checklist_grouped_by_platform(client, personas, workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount, Platform

    for code, name in (("weibo", "官方微博"), ("wechat", "官方公众号")):
        OfficialAccount.objects.create(workspace=workspace, platform=Platform.objects.get(code=code), name=name)
    client.force_login(personas["editor"])
    page = client.get(url("production:item_new")).content.decode()
    assert "data-account-filter" in page and 'type="checkbox" class="form-check-input" name="target_accounts"' in page
    assert "<select name=\"target_accounts\"" not in page
    assert page.index("官方公众号") > page.index("微信公众号")


def test_revision_diff_compares_reader_text_and_lists_image_and_link_changes(client, personas, workspace, settings,
                                                                             tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    photo = asset_services.asset_from_bytes(actor=personas["editor"], workspace=workspace, data=png(),
                                            filename="现场.png")
    item = services.item_create(actor=personas["editor"], workspace=workspace, title="图文",
                                body=f'<p>第一段<img src="{photo.url}"></p>', body_format=BodyFormat.HTML)
    assert [u.ref for u in photo.uses.all()] == [f"production.contentitem:{item.pk}"]  # 素材库记下了用在哪里
    services.item_update(actor=personas["editor"], item=item, base_revision=1,
                         body='<p style="color:red">第一段改了<a href="https://x.cn/1">原文</a></p>')
    client.force_login(personas["editor"])
    page = client.get(url("production:revisions", pk=item.pk) + "?a=1&b=2").content.decode()
    assert "<ins>改了原文</ins>" in page
    assert "color:red" not in page.split('data-testid="diff"')[1].split("</div>")[0]  # 排版不算文字修改
    assert f"删除图片 {photo.url}" in page and "新增链接 原文（https://x.cn/1）" in page
    assert not photo.uses.exists()  # 新版本不再用这张图片


def test_body_html_for_detail_and_publishing_is_sanitised_even_if_stored_raw(personas, make_item):
    item = make_item()
    Revision.objects.filter(pk=item.current_revision_id).update(body='<p onclick="x()">a</p><script>b</script>',
                                                                body_format=BodyFormat.HTML)
    rev = Revision.objects.get(pk=item.current_revision_id)
    assert selectors.body_html(rev) == "<p>a</p>"


def test_status_unchanged_by_autosave(client, personas, chain, fake_checker):
    item, _ = _in_review_with_finding(personas, chain, "<p>登陆</p>")
    client.force_login(personas["editor"])
    client.post(url("production:item_autosave", pk=item.pk), {"title": item.title, "body": "<p>登录</p>"})
    assert ContentItem.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW


def test_pasted_images_are_stored_in_the_asset_library_not_hot_linked(client, personas, workspace, settings, tmp_path):
    import base64

    settings.MEDIA_ROOT = str(tmp_path)
    data = base64.b64encode(png()).decode()
    client.force_login(personas["editor"])
    client.post(url("production:item_new"), {**FORM, "title": "粘贴图片", "body": (
        f'<p>现场</p><p><img src="data:image/png;base64,{data}" alt="现场"></p>')})
    item = ContentItem.objects.get(title="粘贴图片")
    (image,) = richtext.images(item.current_revision.body)
    asset = asset_selectors.asset_for_src(workspace, image.src)
    assert asset is not None and asset.kind == "image" and "data:" not in item.current_revision.body
    assert asset.uses.get().url.endswith(f"/production/{item.pk}/")


def test_assets_with_rights_problems_block_scheduling_and_show_on_the_item(client, personas, workspace, settings,
                                                                           tmp_path):
    import datetime as dt

    settings.MEDIA_ROOT = str(tmp_path)
    photo = asset_services.asset_from_bytes(actor=personas["editor"], workspace=workspace, data=png(), filename="夜景.png")
    asset_services.asset_update(actor=personas["manager"], asset=photo, title="夜景", rights_expires=dt.date(2020, 1, 1),
                                licence="licensed")
    item = services.item_create(actor=personas["editor"], workspace=workspace, title="夜景稿",
                                body=f'<p><img src="{photo.url}"></p>', body_format=BodyFormat.HTML)
    ContentItem.objects.filter(pk=item.pk).update(status=ItemStatus.APPROVED, approved_at=item.created_at)
    with pytest.raises(ValidationError, match="授权问题.*夜景"):
        services.assert_publishable(ContentItem.objects.get(pk=item.pk))
    client.force_login(personas["editor"])
    page = client.get(url("production:item_detail", pk=item.pk)).content.decode()
    assert 'data-testid="rights-problems"' in page and "夜景" in page


def test_cover_from_the_asset_library_carries_its_wechat_crops(personas, workspace, settings, tmp_path):
    from rongmei.publishing.content import cover_options

    settings.MEDIA_ROOT = str(tmp_path)
    photo = asset_services.asset_from_bytes(actor=personas["editor"], workspace=workspace, data=png(),
                                            filename="封面.png")
    asset_services.crop_set(actor=personas["editor"], asset=photo, ratio="2.35:1", box=(0, 0.1, 1, 0.1 + 64 / (40 * 2.35)))
    item = services.item_create(actor=personas["editor"], workspace=workspace, title="有封面", cover=photo)
    assert list(cover_options(item)) == ["pic_crop_235_1"]
    assert [u.ref for u in photo.uses.all()] == [f"production.contentitem:{item.pk}"]


def test_platform_preview_shows_the_cover_and_which_ratios_are_cropped(client, personas, workspace, settings,
                                                                       tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    photo = asset_services.asset_from_bytes(actor=personas["editor"], workspace=workspace, data=png(),
                                            filename="封面图.png")
    asset_services.crop_set(actor=personas["editor"], asset=photo, ratio="1:1", box=(0, 0, 40 / 64, 1))
    client.force_login(personas["editor"])
    html = client.post(url("production:item_preview"), {"title": "t", "body": "<p>x</p>",
                                                        "cover": str(photo.pk)}).content.decode()
    assert 'data-testid="preview-cover"' in html and "封面图" in html
    assert "1:1 已裁" in html and "2.35:1 未裁" in html
