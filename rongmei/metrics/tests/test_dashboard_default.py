"""看板默认区间：服务期已结束的工作区打开看板时看到的是最后 30 天的数据，而不是全零。"""

import datetime as dt

from rongmei.metrics import services


def test_dashboard_defaults_to_last_days_with_data(personas, workspace, client, platforms):
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="某某发布")
    services.metric_enter(actor=personas["manager"], account=account, date=dt.date(2024, 6, 30), name="plays",
                           value=4321)
    client.force_login(personas["editor"])
    html = client.get(f"/w/{workspace.slug}/metrics/").content.decode()
    assert "2024年06月01日" in html or "2024-06-01" in html
    assert "4,321" in html or "4321" in html


def test_web_and_api_default_to_the_same_range(personas, workspace, client, platforms):
    """默认区间只在 selectors.default_range 里算一次：网页与接口给出同样的起止日期与数字。"""
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="某某发布")
    for day in range(1, 31):
        services.metric_enter(actor=personas["manager"], account=account, date=dt.date(2024, 6, day), name="plays",
                               value=100)
    client.force_login(personas["editor"])
    api = client.get(f"/api/metrics/{workspace.slug}/dashboard").json()
    assert (api["start"], api["end"]) == ("2024-06-01", "2024-06-30")
    assert next(f for f in api["figures"] if f["name"] == "plays")["value"] == 3000
    html = client.get(f"/w/{workspace.slug}/metrics/").content.decode()
    assert 'name="start" value="2024-06-01"' in html and 'name="end" value="2024-06-30"' in html
    assert 'data-metric="plays">3,000<' in html
    only_end = client.get(f"/api/metrics/{workspace.slug}/dashboard?end=2024-06-10").json()
    assert (only_end["start"], only_end["end"]) == ("2024-05-12", "2024-06-10")


def test_home_card_shows_the_dashboard_figure_in_the_same_format(personas, workspace, client, platforms):
    """工作台卡片与看板同一区间、同一数字、同一写法（411935 → 41.19万，不是 411935）。"""
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="某某发布")
    services.metric_enter(actor=personas["manager"], account=account, date=dt.date(2024, 6, 30), name="plays",
                           value=411935)
    client.force_login(personas["manager"])
    home = client.get(f"/w/{workspace.slug}/").content.decode()
    dashboard = client.get(f"/w/{workspace.slug}/metrics/").content.decode()
    assert 'data-testid="metrics-card"' in home
    assert "播放 <strong>41.19万</strong>" in home and "411935" not in home and "411,935" not in home
    assert "41.19万" in dashboard
