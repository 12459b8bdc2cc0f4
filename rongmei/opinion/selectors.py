"""舆情的读操作（带权限范围）。"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .choices import AlertState, DocKind, EventState, RiskGrade
from .models import Alert, DutySlot, Event, OpinionDocument, RiskAssessment, RobotChannel

# --- 舆情应对 ---------------------------------------------------------------------------------------------


def open_alert_count(workspace) -> int:
    """未确认的预警条数（菜单角标、工作台）。"""
    return Alert.objects.filter(workspace=workspace).exclude(state=AlertState.ACKED).count()


def alerts_of(workspace, *, state: str = "") -> QuerySet:
    qs = Alert.objects.filter(workspace=workspace).select_related("group", "event", "acknowledged_by")
    if state == "open":
        qs = qs.exclude(state=AlertState.ACKED)
    elif state in AlertState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-last_at", "-id")


def alert_get(workspace, pk: int) -> Alert:
    return get_object_or_404(Alert.objects.select_related("workspace", "group", "event"), workspace=workspace, pk=pk)


def events_of(workspace, *, state: str = "", grade: str = "") -> QuerySet:
    qs = Event.objects.filter(workspace=workspace).select_related("owner", "group")
    if state in EventState.values:
        qs = qs.filter(state=state)
    if grade in RiskGrade.values:
        qs = qs.filter(grade=grade)
    return qs.order_by("-opened_at", "-id")


def event_get(workspace, pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("workspace", "owner", "group", "plan"),
                             workspace=workspace, pk=pk)


def timeline(event: Event) -> QuerySet:
    return event.entries.select_related("actor", "mention").order_by("at", "id")


def cases_of(workspace, *, q: str = "", grade: str = "") -> QuerySet:
    """案例库：已结束的事件，按名称、概述与复盘文字检索。"""
    qs = events_of(workspace, state=EventState.CLOSED, grade=grade)
    for word in q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word)
                       | Q(review_cause__icontains=word) | Q(review_handling__icontains=word)
                       | Q(review_lessons__icontains=word))
    return qs.order_by("-closed_at", "-id")


def assessments_of(workspace, *, grade: str = "", unconfirmed: bool = False) -> QuerySet:
    qs = RiskAssessment.objects.filter(workspace=workspace).select_related("group", "confirmed_by")
    if grade in RiskGrade.values:
        qs = qs.filter(grade=grade)
    if unconfirmed:
        qs = qs.filter(confirmed_at__isnull=True)
    return qs.order_by("-computed_at", "-id")


def assessment_get(workspace, pk: int) -> RiskAssessment:
    return get_object_or_404(RiskAssessment.objects.select_related("workspace", "group"), workspace=workspace, pk=pk)


def documents_of(workspace, *, kind: str = "") -> QuerySet:
    qs = OpinionDocument.objects.filter(workspace=workspace).select_related("event", "created_by")
    if kind in DocKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def document_get(workspace, pk: int) -> OpinionDocument:
    return get_object_or_404(OpinionDocument.objects.select_related("workspace", "event"), workspace=workspace, pk=pk)


def plans_of(workspace) -> QuerySet:
    return documents_of(workspace, kind=DocKind.EMERGENCY_PLAN).order_by("-version")


def duty_slots_of(workspace) -> QuerySet:
    return DutySlot.objects.filter(workspace=workspace).select_related("user").order_by("start", "id")


def duty_slot_get(workspace, pk: int) -> DutySlot:
    return get_object_or_404(DutySlot, workspace=workspace, pk=pk)


def robots_of(workspace) -> QuerySet:
    return RobotChannel.objects.filter(workspace=workspace).order_by("kind", "name", "id")


def robot_get(workspace, pk: int) -> RobotChannel:
    return get_object_or_404(RobotChannel, workspace=workspace, pk=pk)
