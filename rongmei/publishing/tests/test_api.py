import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_api_schedule_manual_and_permissions(client, personas, item, accounts):
    ws = item.workspace
    client.force_login(personas["reviewer"])
    body = {"item": item.pk, "accounts": [accounts["toutiao"].pk], "planned_at": timezone.now().isoformat()}
    assert client.post(f"/api/publishing/{ws.slug}/publications", body, content_type="application/json"
                       ).status_code == 403
    client.force_login(personas["editor"])
    resp = client.post(f"/api/publishing/{ws.slug}/publications", body, content_type="application/json")
    assert resp.status_code == 201
    pk = resp.json()[0]["id"]
    resp = client.post(f"/api/publishing/{ws.slug}/publications/{pk}/manual",
                       {"url": "https://www.toutiao.com/article/5/", "published_at": timezone.now().isoformat()},
                       content_type="application/json")
    assert resp.json()["state_label"] == "已发布"
    client.force_login(personas["client_officer"])
    rows = client.get(f"/api/publishing/{ws.slug}/publications").json()
    assert rows[0]["url"] == "https://www.toutiao.com/article/5/"
