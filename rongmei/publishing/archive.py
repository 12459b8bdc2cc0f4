"""发布记录归档（core.archive）：期间内每条已发布内容的正文（发布时的修订）、发布信息，以及稿件的宣传审批表
（含审核记录）。稿件标了密级的，文件也带同样的密级。"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rongmei.core.archive import ArchiveFile
from rongmei.production.documents import approval_form_docx

from .selectors import published_between


def _text(pub) -> bytes:
    rev = pub.revision
    when = timezone.localtime(pub.published_at)
    lines = [f"# {rev.title}", "", f"- 账号：{pub.account}", f"- 发布时间：{when:%Y-%m-%d %H:%M}",
             f"- 链接：{pub.url or '—'}", f"- 修订：第 {rev.number} 版", f"- 发布方式：{'人工登记' if pub.manual else '接口发布'}",
             "", rev.text]
    return "\n".join(lines).encode("utf-8")


def collect(workspace, start: dt.date, end: dt.date):
    forms_done: set[int] = set()
    for pub in published_between(workspace, start, end):
        day = timezone.localtime(pub.published_at).date()
        marking = pub.item.confidentiality
        yield ArchiveFile(name=f"{day.isoformat()}-{pub.account.platform.name}-{pub.revision.title}.md",
                          title=f"{pub.revision.title}（{pub.account}）", date=day,
                          content=lambda pub=pub: _text(pub), confidentiality=marking, note=pub.url)
        if pub.item_id not in forms_done:
            forms_done.add(pub.item_id)
            yield ArchiveFile(name=f"{day.isoformat()}-宣传审批表-{pub.item.title}.docx",
                              title=f"宣传审批表（含审核记录）：{pub.item.title}", date=day,
                              content=lambda item=pub.item: approval_form_docx(item), confidentiality=marking)
