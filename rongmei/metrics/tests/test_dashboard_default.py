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
