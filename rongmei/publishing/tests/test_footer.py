"""发布时可在正文末尾加审校署名：名字来自真实的审核记录。"""

from rongmei.production import services as production
from rongmei.publishing.content import build_item


def _approved_through_chain(workspace, personas):
    production.chain_install_preset(actor=personas["manager"], workspace=workspace, preset="three_step")
    item = production.item_create(actor=personas["editor"], workspace=workspace, title="城市副中心控规获批",
                                  body="控规正式获批。", kind="article")
    production.item_submit(actor=personas["editor"], item=item)
    item.refresh_from_db()
    while item.status != "approved":
        stage = item.current_stage
        # 职责分离：作者不审自己的稿件，由本环节的其他角色审核
        decider = next(personas[r] for r in stage.roles if r in personas and personas[r] != item.author)
        production.item_decide(actor=decider, item=item, verdict="approve", comments="同意")
        item.refresh_from_db()
    return item


def test_footer_stamp_names_reviewers_only_when_asked(workspace, personas, accounts, schedule):
    from rongmei.publishing.services import publication_schedule

    item = _approved_through_chain(workspace, personas)
    (stamped,) = publication_schedule(actor=personas["editor"], workspace=workspace, item=item,
                                      accounts=[accounts["wechat"]], planned_at=item.approved_at, stamp_footer=True)
    (plain,) = publication_schedule(actor=personas["editor"], workspace=workspace, item=item,
                                    accounts=[accounts["weibo"]], planned_at=item.approved_at)
    html = build_item(stamped).body_html
    assert "控规正式获批" in html and "编辑：编辑小王" in html and "审核员老李" in html
    assert "审核员老李" not in build_item(plain).body_html


def test_schedule_page_offers_the_stamp_with_names(workspace, personas, accounts, client):
    item = _approved_through_chain(workspace, personas)
    client.force_login(personas["editor"])
    html = client.get(f"/w/{workspace.slug}/publishing/items/{item.pk}/schedule/").content.decode()
    assert "正文末尾加审校署名" in html and "审核员老李" in html
