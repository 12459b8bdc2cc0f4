"""Driving the fake platform server from tests: one helper, used by the one shared pytest fixture
(``fake_platform`` in the repository's ``conftest.py``) for engine, publishing and metrics tests."""

from __future__ import annotations

import httpx

__all__ = ["FakeControl"]


class FakeControl:
    """Set scenarios on the fake server and read what it saw (calls, posts)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=5)

    def scenario(self, **body) -> dict:
        return self.http.post("/__fake__/scenario", json=body).json()

    def fail(self, path: str, code: int, times: int = 1, **extra) -> None:
        self.scenario(fail=[{"path": path, "code": code, "times": times, **extra}])

    def calls(self, path: str | None = None) -> list[dict]:
        calls = self.http.get("/__fake__/log").json()["calls"]
        return [c for c in calls if path is None or c["path"] == path]

    def posts(self, platform: str | None = None) -> list[dict]:
        posts = self.http.get("/__fake__/posts").json()["posts"]
        return [p for p in posts if platform is None or p["platform"] == platform]

    def replies(self, platform: str | None = None) -> list[dict]:
        """平台收到的回复（评论回复、客服消息），按时间先后。"""
        replies = self.http.get("/__fake__/replies").json()["replies"]
        return [r for r in replies if platform is None or r["platform"] == platform]

    def add_comment(self, platform: str, **fields) -> dict:
        """让平台上出现一条新评论：wechat(msg_data_id, index, content, openid)、
        weibo(post_id, text, screen_name, reply_to)、douyin(item_id, content, nick_name)。"""
        return self.http.post(f"/__fake__/{platform}/comments", json=fields).json()

    def wechat_user(self, openid: str, last_message_at: float) -> dict:
        """设定公众号用户最近一次发消息的时间（epoch 秒），用于 48 小时客服消息规则。"""
        return self.http.post("/__fake__/wechat/users", json={"openid": openid, "last_message_at": last_message_at}).json()

    def wechat_push(self, url: str, **fields) -> dict:
        """让假微信服务器向 ``url`` 推送一条用户消息（token、appid、encoding_aes_key、openid、content、msg_id、
        bad_signature）；返回 {"status", "body"}。"""
        return self.http.post("/__fake__/wechat/push", json={"url": url, **fields}, timeout=15).json()

    def wechat_scan(self, url: str, **fields) -> dict:
        """模拟用户扫带参数二维码（ticket、openid、token、appid、create_time）或取消关注（unsubscribe=True），
        假微信服务器把 subscribe/SCAN/unsubscribe 事件推送到 ``url``；返回 {"status", "body", "openid"}。"""
        return self.http.post("/__fake__/wechat/scan", json={"url": url, **fields}, timeout=15).json()

    def close(self) -> None:
        self.http.close()
