"""对外页面（不需登录，手机上用）：培训扫码签到、H5 线上答题。口令在链接里；页面只显示本场、本次答题需要的内容。
同一 IP、同一口令每分钟的请求数有上限（``throttle``），超过时显示“操作太频繁，请稍后再试”。"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rongmei.core import clock

from .. import selectors, services, throttle
from ..forms import PhoneSignInForm


def busy(request):
    """超过限流时的页面（429，一分钟后再试）。"""
    response = render(request, "grassroots/h5_busy.html", status=429)
    response["Retry-After"] = str(throttle.WINDOW)
    return response


@require_http_methods(["GET", "POST"])
def signin(request, ws: str, token: str):
    if not throttle.allow(request, token):
        return busy(request)
    s = selectors.session_by_token(ws, token)
    expired = s.signin_expires_at is None or clock.now() > s.signin_expires_at
    user = request.user if request.user.is_authenticated else None
    member = selectors.member_for(user, s.course.workspace) if user else None
    form = PhoneSignInForm(request.POST or None) if member is None else None
    done, error = None, ""
    if request.method == "POST" and not expired:
        if member is not None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                done = services.signin_by_token(session=s, user=user, name=data.get("name", ""),
                                                phone=data.get("phone", ""))
            except ValidationError as exc:
                error = "；".join(exc.messages)
    return render(request, "grassroots/h5_signin.html", {"s": s, "expired": expired, "member": member, "form": form,
                                                          "done": done, "error": error}, status=200)


@require_http_methods(["GET", "POST"])
def quiz(request, ws: str, token: str):
    """H5 答题页：公众号菜单或推文里的链接带 openid（?openid=…）按平台身份认人；没有 openid 的填手机号。
    每人一次，时间窗外不能答，提交后自动判分并显示结果。"""
    if not throttle.allow(request, token):
        return busy(request)
    q = selectors.quiz_by_token(ws, token)
    openid = (request.POST.get("openid") or request.GET.get("openid") or "").strip()[:64]
    now = clock.now()
    state = "open" if q.opens_at <= now <= q.closes_at else ("before" if now < q.opens_at else "after")
    entry = selectors.quiz_entry_for(q, openid) if openid else None
    error, chosen, phone, fresh = "", {}, "", False
    if request.method == "POST" and state == "open" and entry is None:
        answers = []
        for i in range(len(q.questions)):
            value = request.POST.get(f"q{i}", "")
            answers.append(int(value) if value.isdigit() else -1)
            if value.isdigit():
                chosen[i] = int(value)
        phone = (request.POST.get("phone") or "").strip()[:20]
        try:
            entry = services.quiz_enter(quiz=q, identity=openid, phone="" if openid else phone, answers=answers)
            fresh = True
        except ValidationError as exc:
            error = "；".join(exc.messages)
    questions = [{"n": i + 1, "i": i, "q": item["q"], "options": list(enumerate(item["options"])),
                  "chosen": chosen.get(i), "answer": item["answer"],
                  "mine": entry.answers[i] if entry is not None and i < len(entry.answers) else None}
                 for i, item in enumerate(q.questions)]
    return render(request, "grassroots/h5_quiz.html", {"q": q, "state": state, "openid": openid, "entry": entry,
                                                        "error": error, "questions": questions, "phone": phone, "fresh": fresh,
                                                        "total": len(q.questions)})
