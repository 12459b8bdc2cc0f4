"""舆情测试的夹具：采集侧（清空近似重复索引、本机订阅服务器、分析员）；舆情应对侧：造信息组（不经采集流程，直接写库）、值班、群机器人。"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from rongmei.opinion.ingest import forget_indexes

# 发布应用的夹具（账号、凭证、已通过的稿件、排期、假平台）：危机开关要用真实的发布队列与 worker
from rongmei.publishing.tests.conftest import (  # noqa: F401
    accounts,
    fake,
    item,
    make_item,
    schedule,
    wechat_creds,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def make_group(workspace):
    """make_group([(文字, 情感), ...], title=...) → 信息组（带各条信息）。"""
    from rongmei.opinion.models import Mention, MentionGroup, Source

    def make(rows, *, title="某路段积水", ws=None, hours_ago: float = 1, message_ids=()):
        ws = ws or workspace
        source, _ = Source.objects.get_or_create(workspace=ws, kind="manual", name="人工录入")
        now = timezone.now()
        group = MentionGroup.objects.create(workspace=ws, title=title, first_source=source,
                                            first_source_name="某论坛", first_published_at=now - dt.timedelta(hours=hours_ago),
                                            last_published_at=now, size=len(rows),
                                            negative=sum(1 for _t, s in rows if s == "neg"))
        for index, (text, sentiment) in enumerate(rows):
            key = hashlib.sha256(f"{group.pk}-{index}-{text}".encode()).hexdigest()
            Mention.objects.create(workspace=ws, source=source, source_name="某论坛", dedupe_key=key[:64], text=text,
                                   norm_text=text, published_at=now - dt.timedelta(hours=hours_ago) + dt.timedelta(minutes=index),
                                   fetched_at=now, content_hash=key, sentiment=sentiment, group=group,
                                   is_first=index == 0, title=title if index == 0 else "",
                                   message_id=message_ids[index] if index < len(message_ids) else None)
        return group

    return make


@pytest.fixture
def on_duty_all_day(workspace, personas):
    """分析员全天值班。"""
    from rongmei.opinion.services import duty_slot_save

    return duty_slot_save(actor=None, workspace=workspace, user=personas["analyst"], start=dt.time(0, 0),
                          end=dt.time(23, 59, 59))


@pytest.fixture
def robots(workspace, fake_robot, fake_robot_url):
    """一个企业微信群机器人和一个加签的钉钉群机器人，都指向仿真服务器。"""
    from rongmei.opinion.services import robot_save

    fake_robot.dingtalk_robot("dingtoken0001abcd", secret="SECtestsecret0001")
    wecom = robot_save(actor=None, workspace=workspace, kind="wecom", name="舆情值班群",
                       webhook=f"{fake_robot_url}/cgi-bin/webhook/send?key=wecomkey-0001-abcd")
    ding = robot_save(actor=None, workspace=workspace, kind="dingtalk", name="领导群",
                      webhook=f"{fake_robot_url}/robot/send?access_token=dingtoken0001abcd", secret="SECtestsecret0001")
    return {"wecom": wecom, "dingtalk": ding}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """with committed(): … —— 事务提交后才入队的任务（推送群机器人、生成文档）在块结束时执行（Huey 立即模式）。"""
    return lambda: django_capture_on_commit_callbacks(execute=True)



@pytest.fixture(autouse=True)
def _fresh_neardup_indexes():
    """每个测试的数据库都是新的：进程内的近似重复索引也要清空。"""
    forget_indexes()
    yield
    forget_indexes()


class FeedServer:
    """本机订阅服务器：``routes[path] = (状态码, 头, 正文)``，记下每次请求的头。"""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                status, headers, body = server.routes.get(self.path, (404, {}, b"not found"))
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def analyst(personas):
    return personas["analyst"]
