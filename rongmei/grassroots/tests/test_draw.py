"""可验证抽奖：同样的种子与名单得到同样的中奖人；改名单或改种子，复核不通过；答题一人一次。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.audit.models import AuditEvent
from rongmei.grassroots import drawing, services
from rongmei.grassroots.choices import DrawState

ENTRANTS = [f"oUSER{i:03d}" for i in range(50)]


def test_same_inputs_same_winners_and_order_of_list_does_not_matter():
    seed = "a" * 64
    first = drawing.draw(seed, drawing.freeze(ENTRANTS), 5)
    again = drawing.draw(seed, drawing.freeze(reversed(ENTRANTS)), 5)
    assert first == again and len(set(first)) == 5
    assert drawing.draw("b" * 64, drawing.freeze(ENTRANTS), 5) != first


def test_changed_entrant_list_or_seed_fails_the_check():
    seed = "c" * 64
    frozen = drawing.freeze(ENTRANTS)
    digest = drawing.entrants_hash(frozen)
    winners = drawing.draw(seed, frozen, 3)
    kw = {"seed_hash": drawing.sha256(seed), "entrants_digest": digest, "count": 3, "winners": winners}
    assert drawing.verify(seed=seed, entrants=frozen, **kw) == []
    sneaked = drawing.freeze([*ENTRANTS, "oFRIEND"])
    assert "参与名单与冻结时公布的名单哈希不符" in drawing.verify(seed=seed, entrants=sneaked, **kw)
    assert "公开的种子与开奖前公布的种子哈希不符" in drawing.verify(seed="d" * 64, entrants=frozen, **kw)


@pytest.mark.django_db
def test_draw_service_commits_then_reveals_and_audits(workspace, personas):
    now = timezone.now()
    quiz = services.quiz_save(actor=personas["manager"], workspace=workspace, title="助残知识答题",
                              opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(minutes=1) + dt.timedelta(days=1),
                              questions=[{"q": "助残日在几月？", "options": ["五月", "六月"], "answer": 0}])
    for i in range(12):
        services.quiz_enter(quiz=quiz, identity=f"oQ{i}", answers=[i % 2], now=now)
    with pytest.raises(ValidationError, match="只能作答一次"):
        services.quiz_enter(quiz=quiz, identity="oQ1", answers=[0], now=now)
    with pytest.raises(ValidationError, match="不在答题时间内"):
        services.quiz_enter(quiz=quiz, identity="oLATE", answers=[0], now=now + dt.timedelta(days=3))
    d = services.draw_commit(actor=personas["manager"], workspace=workspace, title="答题抽奖", prize="文创礼包",
                             winners_count=3, quiz=quiz)
    assert d.seed == "" and d.seed_hash == drawing.sha256(d.sealed_seed)
    with pytest.raises(ValidationError, match="答题尚未结束"):
        services.draw_run(actor=personas["manager"], draw=d)
    quiz.closes_at = now - dt.timedelta(minutes=1)
    quiz.save()
    d = services.draw_run(actor=personas["manager"], draw=d)
    assert d.state == DrawState.DRAWN and len(d.winners) == 3
    assert d.winners == drawing.draw(d.seed, sorted(f"oQ{i}" for i in range(12)), 3)
    assert drawing.verify(seed=d.seed, seed_hash=d.seed_hash, entrants=d.entrants, entrants_digest=d.entrants_hash,
                          count=3, winners=d.winners) == []
    logged = AuditEvent.objects.filter(message="抽奖：开奖并公开种子").get()
    assert logged.after["种子"] == d.seed and logged.after["名单哈希"] == d.entrants_hash
    with pytest.raises(ValidationError, match="已经开奖"):
        services.draw_run(actor=personas["manager"], draw=d)


@pytest.mark.django_db
def test_entrant_list_download_hashes_to_the_published_digest(workspace, personas, client):
    import hashlib

    from django.urls import reverse

    d = services.draw_commit(actor=personas["manager"], workspace=workspace, title="抽奖", prize="礼包", winners_count=2)
    d = services.draw_run(actor=personas["manager"], draw=d, entrants=ENTRANTS)
    client.force_login(personas["client_leader"])
    r = client.get(reverse("grassroots:draw_entrants", kwargs={"ws": workspace.slug, "pk": d.pk}))
    assert hashlib.sha256(r.content).hexdigest() == d.entrants_hash
    page = client.get(reverse("grassroots:draw", kwargs={"ws": workspace.slug, "pk": d.pk})).content.decode()
    assert "复核通过" in page and d.seed in page
