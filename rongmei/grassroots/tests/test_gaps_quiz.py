"""H5 答题页：公开链接，按 openid 或手机号认人，一人一次，时间窗，自动判分显示结果，错误用中文说明。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rongmei.core import clock
from rongmei.grassroots import services
from rongmei.grassroots.models import QuizEntry

pytestmark = pytest.mark.django_db

QUESTIONS = [{"q": "盲道通常是什么颜色？", "options": ["黄色", "红色", "绿色"], "answer": 0},
             {"q": "全国助残日是几月的第三个星期日？", "options": ["三月", "五月"], "answer": 1}]


@pytest.fixture
def quiz(workspace, personas):
    now = clock.now()
    return services.quiz_save(actor=personas["manager"], workspace=workspace, title="助残知识答题",
                              opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
                              questions=QUESTIONS)


def url_of(workspace, quiz):
    return reverse("grassroots:h5_quiz", kwargs={"ws": workspace.slug, "token": quiz.token})


def test_entrant_from_the_account_menu_answers_once_and_sees_the_score(client, workspace, quiz):
    url = url_of(workspace, quiz)
    page = client.get(url + "?openid=oUser1").content.decode()
    assert "盲道通常是什么颜色？" in page and 'name="openid" value="oUser1"' in page and 'name="phone"' not in page
    r = client.post(url, {"openid": "oUser1", "q0": "0", "q1": "0"})
    html = r.content.decode()
    assert "提交成功" in html and "答对 1 / 2 题" in html
    again = client.get(url + "?openid=oUser1").content.decode()
    assert "您已经答过了" in again and "答对 1 / 2 题" in again
    client.post(url, {"openid": "oUser1", "q0": "0", "q1": "1"})
    assert QuizEntry.objects.get(identity="oUser1").score == 1  # 第二次提交不改成绩


def test_phone_entrant_is_checked_and_stored_masked(client, workspace, quiz):
    url = url_of(workspace, quiz)
    r = client.post(url, {"phone": "12345", "q0": "0", "q1": "1"})
    assert "手机号应为 11 位数字" in r.content.decode()
    r = client.post(url, {"phone": "13800001234", "q0": "0"})
    assert "第 2 题还没有选答案" in r.content.decode()
    r = client.post(url, {"phone": "138 0000 1234", "q0": "0", "q1": "1"})
    assert "答对 2 / 2 题" in r.content.decode()
    entry = QuizEntry.objects.get()
    assert entry.via == "phone" and entry.identity.startswith("tel:138****1234:") and "13800001234" not in entry.identity
    r = client.post(url, {"phone": "13800001234", "q0": "1", "q1": "1"})
    assert "每人只能作答一次" in r.content.decode()
    assert QuizEntry.objects.count() == 1


def test_time_window_and_unknown_link(client, workspace, quiz, monkeypatch):
    url = url_of(workspace, quiz)
    later = quiz.closes_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    r = client.post(url, {"openid": "oLate", "q0": "0", "q1": "1"})
    assert "答题已经结束" in r.content.decode() and not QuizEntry.objects.exists()
    assert client.get(reverse("grassroots:h5_quiz", kwargs={"ws": workspace.slug, "token": "nope"})).status_code == 404


def test_manager_sees_the_link_qr_and_results(client, workspace, personas, quiz):
    services.quiz_enter(quiz=quiz, identity="oA", answers=[0, 1])
    services.quiz_enter(quiz=quiz, phone="13900000001", answers=[1, 1])
    client.force_login(personas["manager"])
    html = client.get(reverse("grassroots:quiz", kwargs={"ws": workspace.slug, "pk": quiz.pk})).content.decode()
    assert url_of(workspace, quiz) in html and 'class="segno"' in html
    assert "共 2 人作答（公众号身份 1 人，手机号 1 人）" in html
    client.force_login(personas["contributor"])
    assert client.get(reverse("grassroots:quiz", kwargs={"ws": workspace.slug, "pk": quiz.pk})).status_code == 403
