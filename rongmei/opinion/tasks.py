"""舆情的后台任务。"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import clock, jobs

from . import services
from .choices import DocState

# --- 舆情应对 ---------------------------------------------------------------------------------------------


@jobs.register
@db_task(name="opinion.alert_deliver")
def alert_deliver(alert_id: int, round_name: str = "first") -> str:
    results = services.alert_deliver(alert_id, round_name)
    failed = [r for r in results if not r["ok"]]
    return f"推送 {len(results)} 个群机器人，失败 {len(failed)} 个" + (
        "：" + "；".join(f"{r['channel']}：{r['error']}" for r in failed) if failed else "")


@jobs.register
@db_task(name="opinion.document_generate")
def document_generate(doc_id: int) -> str:
    doc = services.document_generate(doc_id)
    if doc.state == DocState.FAILED:
        raise RuntimeError(f"{doc.title}：{doc.error}")
    return f"{doc.title}：{doc.get_state_display()}"


@db_periodic_task(crontab(minute="*"), name="opinion.alerts_escalate")
def alerts_escalate() -> int:
    """每分钟：超过升级时限仍无人确认的预警升级通知。"""
    return services.alerts_escalate(now=clock.now())


@db_periodic_task(crontab(minute="*/5"), name="opinion.assess_recent")
def assess_recent() -> int:
    """每 5 分钟：给有新信息的信息组重新定级（达到起报级别即预警）。"""
    return services.assess_recent(now=clock.now())
