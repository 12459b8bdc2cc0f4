"""没有带参数二维码的平台：单位专属链接（?from=渠道码，可打印）与平台后台关注数据导入（按来源渠道，整表校验），
和公众号扫码事件按同一口径统计；奖惩规则（数据）写在月度排名和活动说明旁边。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from rongmei.grassroots import selectors, services
from rongmei.grassroots.choices import FollowEventKind, Method, RuleBasis, RuleEffect
from rongmei.grassroots.models import FollowEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(workspace, personas, tree, platforms):
    from rongmei.workspaces.models import OfficialAccount

    wx = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="内蒙古残联")
    c = services.campaign_save(actor=personas["manager"], workspace=workspace, name="关注提升", account=wx,
                               goal=100000, start=dt.date(2025, 3, 1), deadline=dt.date(2025, 12, 31),
                               methods=[Method.EVENT])
    town = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["town"], target=500)
    other = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["other"], target=100)
    ch = services.channel_add(actor=personas["manager"], campaign=c, platform="douyin", name="内蒙古残联抖音号",
                              landing_url="https://www.douyin.com/user/nmgcl")
    return {"c": c, "town": town, "other": other, "ch": ch, "wx": wx}


def sheet(rows, header=("用户ID", "来源渠道", "关注时间", "取关时间", "互动时间")) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return "\n".join(lines).encode("utf-8")


def test_each_unit_gets_a_printable_link_and_code(client, workspace, personas, campaign):
    town = campaign["town"]
    assert campaign["ch"].link_for(town.scene_str) == f"https://www.douyin.com/user/nmgcl?from={town.scene_str}"
    client.force_login(personas["manager"])
    page = client.get(reverse("grassroots:campaign_codes", kwargs={"ws": workspace.slug, "pk": campaign["c"].pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"https://www.douyin.com/user/nmgcl?from={town.scene_str}" in html
    assert html.count('class="segno"') == 2  # 两个单位各一个抖音链接二维码（本地 SVG）
    for role in ("analyst", "client_leader", "contributor"):
        client.force_login(personas[role])
        r = client.get(reverse("grassroots:campaign_codes", kwargs={"ws": workspace.slug, "pk": campaign["c"].pk}))
        assert r.status_code == 403


def test_imported_follower_data_feeds_the_same_quality_figures(workspace, personas, campaign):
    c, town, other, ch = campaign["c"], campaign["town"], campaign["other"], campaign["ch"]
    # 公众号扫码事件：oA 关注本乡镇
    at = timezone.make_aware(dt.datetime(2025, 11, 2, 9))
    FollowEvent.objects.create(workspace=workspace, account=campaign["wx"], openid="oA",
                               kind=FollowEventKind.SUBSCRIBE, scene_str=town.scene_str, campaign_unit=town, at=at)
    data = sheet([
        ("dy1", town.scene_str, "2025-11-03 10:20", "2025-11-05 08:00", ""),     # 7 天内取关
        ("dy2", f"https://www.douyin.com/user/nmgcl?from={town.scene_str}", "2025/11/4 12:00", "", "2025-11-06"),
        ("dy3", other.scene_str, "2025-11-04", "2025-11-25 10:00", ""),          # 30 天内取关
        ("oA", town.scene_str, "2025-11-04", "", ""),  # 抖音的 oA 与公众号的 oA 不是同一个人
    ])
    counts = services.follow_import(actor=personas["manager"], channel=ch, data=data, filename="抖音粉丝.csv")
    assert counts["rows"] == 4
    rows = {r.cu.unit.name: r for r in selectors.campaign_quality(c)}
    t, o = rows["可可以力更镇"], rows["包头市"]
    assert (t.new, t.unfollow_7, t.unfollow_30, t.active) == (4, 1, 1, 1)
    assert (o.new, o.unfollow_7, o.unfollow_30) == (1, 0, 1)
    # 再导一次同一个文件：不重复计数
    again = services.follow_import(actor=personas["manager"], channel=ch, data=data, filename="抖音粉丝.csv")
    assert again["added"] == 0
    assert selectors.campaign_quality(c)[0].new + selectors.campaign_quality(c)[1].new == 5
    # 月度：11 月
    monthly = {r.cu.unit.name: r.new for r in selectors.campaign_quality(c, month=dt.date(2025, 11, 1))}
    assert monthly["可可以力更镇"] == 4


def test_a_bad_sheet_is_refused_whole_with_row_and_column(workspace, personas, campaign):
    town, ch = campaign["town"], campaign["ch"]
    data = sheet([
        ("dy1", town.scene_str, "2025-11-03 10:20", "", ""),
        ("dy2", "c999u999", "2025-11-03", "", ""),
        ("dy3", town.scene_str, "昨天", "", ""),
        ("dy4", town.scene_str, "2025-11-05", "2025-11-01", ""),
        ("dy1", town.scene_str, "2025-11-06", "", ""),
    ])
    with pytest.raises(services.SheetError) as exc:
        services.follow_import(actor=personas["manager"], channel=ch, data=data, filename="抖音粉丝.csv")
    errors = exc.value.errors
    assert errors[0] == "第 3 行 B 列（来源渠道）：“c999u999”不是本活动的单位渠道码"
    assert errors[1].startswith("第 4 行 C 列（关注时间）：“昨天”不是时间")
    assert errors[2] == "第 5 行 D 列（取关时间）：早于关注时间"
    assert errors[3] == "第 6 行 A 列（用户标识）：“dy1”与第 2 行重复"
    assert not FollowEvent.objects.exists()
    with pytest.raises(services.SheetError) as exc:
        services.follow_import(actor=personas["manager"], channel=ch, data=sheet([], header=("昵称", "关注时间")),
                               filename="x.csv")
    assert "缺少“用户标识”“来源渠道”列" in exc.value.errors[0]


def test_import_page_shows_errors_in_chinese_and_counts_on_success(client, workspace, personas, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c, ch, town = campaign["c"], campaign["ch"], campaign["town"]
    url = reverse("grassroots:channel_import", kwargs={"ws": workspace.slug, "pk": c.pk, "ch_pk": ch.pk})
    client.force_login(personas["analyst"])
    assert client.get(url).status_code == 403
    client.force_login(personas["manager"])
    bad = SimpleUploadedFile("坏表.csv", sheet([("dy1", "乱码", "2025-11-03", "", "")]))
    html = client.post(url, {"file": bad}).content.decode()
    assert "整表未导入" in html and "第 2 行 B 列（来源渠道）" in html
    good = SimpleUploadedFile("好表.csv", sheet([("dy1", town.scene_str, "2025-11-03", "", "")]))
    r = client.post(url, {"file": good}, follow=True)
    assert "已导入 1 位用户的关注数据" in r.content.decode()


def test_xlsx_columns_are_matched_by_header_name(workspace, personas, campaign):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["关注时间", "备注", "来源渠道", "粉丝ID"])
    ws.append([dt.datetime(2025, 11, 3, 10, 0), "现场活动", campaign["town"].scene_str, "ks-001"])
    buf = io.BytesIO()
    wb.save(buf)
    counts = services.follow_import(actor=personas["manager"], channel=campaign["ch"], data=buf.getvalue(),
                                    filename="快手.xlsx")
    assert counts["rows"] == 1
    ev = FollowEvent.objects.get(openid="ks-001")
    assert timezone.localtime(ev.at).hour == 10 and ev.campaign_unit == campaign["town"]


def test_reward_rules_show_beside_the_monthly_ranking_and_in_the_report(client, workspace, personas, campaign):
    c, town, ch = campaign["c"], campaign["town"], campaign["ch"]
    services.rule_add(actor=personas["manager"], campaign=c, basis=RuleBasis.RANK_TOP, n=1, effect=RuleEffect.REWARD,
                      text="通报表扬")
    services.rule_add(actor=personas["manager"], campaign=c, basis=RuleBasis.FLAGGED, effect=RuleEffect.PENALTY,
                      text="约谈，书面说明涨粉方式")
    services.follow_import(actor=personas["manager"], channel=ch, filename="抖音.csv", data=sheet(
        [(f"dy{i}", town.scene_str, "2025-11-03", "", "") for i in range(3)]))
    client.force_login(personas["client_leader"])
    html = client.get(reverse("grassroots:campaign", kwargs={"ws": workspace.slug, "pk": c.pk}) + "?month=2025-11") \
        .content.decode()
    assert "月度名次在前 1 名" in html and "奖励：通报表扬" in html
    # 乡镇目标 500 人超过 2 万人口的 5%？500 < 1000，不触发；包头目标 100，人口 274 万，不触发
    assert "约束：约谈" not in html
    rows = selectors.campaign_ranked(selectors.campaign_quality(c, month=dt.date(2025, 11, 1)))
    assert selectors.campaign_outcomes(c, rows)[town.pk] == [("奖励", "通报表扬")]
    services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=town.unit, target=5000)
    rows = selectors.campaign_ranked(selectors.campaign_quality(c, month=dt.date(2025, 11, 1)))
    assert ("约束", "约谈，书面说明涨粉方式") in selectors.campaign_outcomes(c, rows)[town.pk]
    r = client.get(reverse("grassroots:campaign_report", kwargs={"ws": workspace.slug, "pk": c.pk}) + "?month=2025-11")
    from docx import Document

    doc = Document(io.BytesIO(r.content))
    text = "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "奖励：通报表扬" in text and "约束：约谈，书面说明涨粉方式" in text and "月度名次在前 1 名" in text


def test_rules_need_n_where_the_basis_has_one_and_only_managers_add_them(personas, campaign):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError) as exc:
        services.rule_add(actor=personas["manager"], campaign=campaign["c"], basis=RuleBasis.RANK_BOTTOM,
                          effect=RuleEffect.PENALTY, text="通报")
    assert "要填 N" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.rule_add(actor=personas["analyst"], campaign=campaign["c"], basis=RuleBasis.FLAGGED,
                          effect=RuleEffect.PENALTY, text="通报")
