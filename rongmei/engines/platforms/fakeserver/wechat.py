"""假公众号接口（依据 platform-contracts/wechat-official-account.md §8 的清单）。"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

from ..wechat.callback import build_push, text_message_xml
from .core import FakeState, Request, Response, error_envelope

SPANS = {"getusersummary": 7, "getusercumulate": 7, "getarticleread": 1, "getarticleshare": 1,
         "getbizsummary": 30, "getarticletotaldetail": 1, "getupstreammsg": 7, "getinterfacesummary": 30}
RETIRED = ("getarticlesummary", "getarticletotal", "getuserread", "getuserreadhour", "getusershare",
           "getusersharehour")


def _err(req: Request, code: int, msg: str) -> Response:
    return error_envelope("wechat", req.path, code, msg)


def _wx(state: FakeState) -> dict:
    return state.data.setdefault("wechat", {"materials": {}, "drafts": {}, "publishes": {}, "articles": [],
                                            "mass": {}, "clientmsgids": {}, "stable": {}})


def _auth(state: FakeState, req: Request) -> tuple[str, Response | None]:
    token = req.query.get("access_token", "")
    result = state.check_token(token)
    if result == "missing":
        return "", _err(req, 41001, "access_token missing")
    if result == "invalid":
        return "", _err(req, 40001, "invalid credential, access_token is invalid or not latest")
    if result == "expired":
        return "", _err(req, 42001, "access_token expired")
    return state.tokens[token]["account"], None


def stable_token(state: FakeState, req: Request) -> Response:
    appid, secret = req.param("appid"), req.param("secret")
    if not appid:
        return _err(req, 40013, "invalid appid")
    if not secret or secret.startswith("wrong"):
        return _err(req, 40125, "invalid appsecret")
    with state.lock:
        stable = _wx(state)["stable"]
        current = stable.get(appid)
        force = bool(req.param("force_refresh", False))
        if current and not force and state.check_token(current) == "ok":
            left = int(state.tokens[current]["expires_at"] - time.time())
            return Response({"access_token": current, "expires_in": left})
        token, lifetime = state.issue_token("wechat", appid)
        stable[appid] = token
        return Response({"access_token": token, "expires_in": lifetime})


def classic_token(state: FakeState, req: Request) -> Response:
    appid, secret = req.query.get("appid", ""), req.query.get("secret", "")
    if not appid:
        return _err(req, 40013, "invalid appid")
    if not secret or secret.startswith("wrong"):
        return _err(req, 40125, "invalid appsecret")
    token, lifetime = state.issue_token("wechat", appid)
    return Response({"access_token": token, "expires_in": lifetime})


def add_material(state: FakeState, req: Request) -> Response:
    account, bad = _auth(state, req)
    if bad:
        return bad
    media = req.files.get("media")
    kind = req.query.get("type", "")
    if kind not in ("image", "voice", "video", "thumb"):
        return _err(req, 40004, "invalid media type")
    if media is None or not media[1]:
        return _err(req, 41005, "media data missing")
    if kind == "image" and len(media[1]) > 10 * 1024 * 1024:
        return _err(req, 40009, "invalid image size")
    media_id = f"MEDIA_{state.next_id()}"
    _wx(state)["materials"][media_id] = {"type": kind, "filename": media[0], "account": account}
    body = {"media_id": media_id}
    if kind in ("image", "thumb"):
        body["url"] = f"http://mmbiz.qpic.cn/mmbiz_jpg/{media_id}/0"
    return Response(body)


def uploadimg(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    media = req.files.get("media")
    if media is None or not media[1]:
        return _err(req, 41005, "media data missing")
    if len(media[1]) >= 1024 * 1024:
        return _err(req, 40009, "invalid image size")
    return Response({"url": f"http://mmbiz.qpic.cn/mmbiz_jpg/IMG{state.next_id()}/0"})


def draft_add(state: FakeState, req: Request) -> Response:
    account, bad = _auth(state, req)
    if bad:
        return bad
    articles = (req.json or {}).get("articles") or []
    if not articles:
        return _err(req, 44003, "empty news data")
    wx = _wx(state)
    for a in articles:
        if not a.get("title") or len(a["title"]) > 32:
            return _err(req, 45003, "title size out of limit")
        if len(a.get("author", "")) > 16:
            return _err(req, 45110, "author size out of limit")
        if len(a.get("digest", "")) > 128:
            return _err(req, 45004, "description size out of limit")
        if a.get("article_type", "news") == "news" and a.get("thumb_media_id") not in wx["materials"]:
            return _err(req, 40007, "invalid media_id")
    media_id = f"DRAFT_{state.next_id()}"
    wx["drafts"][media_id] = {"articles": articles, "account": account}
    return Response({"media_id": media_id})


def draft_get(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    draft = _wx(state)["drafts"].get(req.param("media_id"))
    if draft is None:
        return _err(req, 40007, "invalid media_id")
    return Response({"news_item": draft["articles"]})


def freepublish_submit(state: FakeState, req: Request) -> Response:
    account, bad = _auth(state, req)
    if bad:
        return bad
    wx = _wx(state)
    with state.lock:
        draft = wx["drafts"].pop(req.param("media_id"), None)  # 发表后草稿从草稿箱消失
        if draft is None:
            return _err(req, 40007, "invalid media_id")
        publish_id = str(state.next_id())
        wx["publishes"][publish_id] = {"draft": draft, "polls": 0, "account": account}
    title = draft["articles"][0]["title"]
    state.add_post("wechat", kind="freepublish", id=publish_id, title=title, account=account,
                   content=draft["articles"][0].get("content", ""))
    return Response({"errcode": 0, "errmsg": "ok", "publish_id": publish_id, "msg_data_id": publish_id})


def freepublish_get(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    wx = _wx(state)
    publish_id = str(req.param("publish_id"))
    with state.lock:
        pub = wx["publishes"].get(publish_id)
        if pub is None:
            return _err(req, 40007, "invalid publish_id")
        pub["polls"] += 1
        if pub["polls"] <= int(state.scenario["publish_polls"]):
            return Response({"publish_id": publish_id, "publish_status": 1})
        if state.scenario["publish_outcome"] == "failed":
            return Response({"publish_id": int(publish_id), "publish_status": int(state.scenario["wechat_fail_status"]),
                             "fail_idx": [1]})
        article_id = pub.setdefault("article_id", f"ART_{publish_id}")
        url = f"https://mp.weixin.qq.com/s/{article_id}"
        if not any(a["article_id"] == article_id for a in wx["articles"]):
            news = [{**a, "url": url, "is_deleted": False} for a in pub["draft"]["articles"]]
            wx["articles"].insert(0, {"article_id": article_id, "content": {"news_item": news},
                                      "update_time": int(time.time())})
    return Response({
        "publish_id": publish_id, "publish_status": 0, "article_id": article_id,
        "article_detail": {"count": 1, "item": [{"idx": 1, "article_url": url}]}, "fail_idx": [],
    })


def freepublish_batchget(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    wx = _wx(state)
    offset, count = int(req.param("offset", 0)), int(req.param("count", 20))
    if not 1 <= count <= 20:
        return _err(req, 40097, "invalid args")
    # 已提交但还没被查询过的发表也要出现在列表里（平台处理完成后即可见）
    items = list(wx["articles"])
    for pid, pub in wx["publishes"].items():
        aid = f"ART_{pid}"
        if not any(a["article_id"] == aid for a in items):
            url = f"https://mp.weixin.qq.com/s/{aid}"
            items.append({"article_id": aid, "update_time": int(time.time()),
                          "content": {"news_item": [{**a, "url": url} for a in pub["draft"]["articles"]]}})
    page = items[offset:offset + count]
    return Response({"total_count": len(items), "item_count": len(page), "item": page})


def mass_sendall(state: FakeState, req: Request) -> Response:
    account, bad = _auth(state, req)
    if bad:
        return bad
    body = req.json or {}
    wx = _wx(state)
    with state.lock:
        cmid = body.get("clientmsgid")
        if cmid and cmid in wx["clientmsgids"]:
            msg_id, data_id = wx["clientmsgids"][cmid]
            return Response({"errcode": 45065, "errmsg": "clientmsgid exist", "msg_id": msg_id, "msg_data_id": data_id})
        media_id = (body.get("mpnews") or {}).get("media_id")
        draft = wx["drafts"].get(media_id)
        if body.get("msgtype") == "mpnews" and draft is None:
            return _err(req, 40007, "invalid media_id")
        msg_id, data_id = state.next_id(), state.next_id()
        wx["mass"][str(msg_id)] = {"polls": 0, "msg_data_id": data_id}
        if cmid:
            wx["clientmsgids"][cmid] = (msg_id, data_id)
    title = draft["articles"][0]["title"] if draft else ""
    state.add_post("wechat", kind="mass", id=str(msg_id), title=title, account=account, clientmsgid=cmid)
    return Response({"errcode": 0, "errmsg": "send job submission success", "msg_id": msg_id, "msg_data_id": data_id})


def mass_get(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    wx = _wx(state)
    with state.lock:
        mass = wx["mass"].get(str(req.param("msg_id")))
        if mass is None:
            return _err(req, 40007, "invalid msg_id")
        mass["polls"] += 1
        if mass["polls"] <= int(state.scenario["publish_polls"]):
            status = "SENDING"
        else:
            status = "SEND_FAIL" if state.scenario["publish_outcome"] == "failed" else "SEND_SUCCESS"
    return Response({"msg_id": int(req.param("msg_id")), "msg_status": status})


def _n(seed: str, lo: int, hi: int) -> int:
    return lo + int(hashlib.md5(seed.encode()).hexdigest()[:8], 16) % (hi - lo + 1)


def datacube(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    name = req.path.rsplit("/", 1)[-1]
    if name in RETIRED and state.scenario["retired_endpoints"]:
        return _err(req, 47009, "this api is offline, please use the new api")
    try:
        begin = dt.date.fromisoformat(req.param("begin_date"))
        end = dt.date.fromisoformat(req.param("end_date"))
    except (TypeError, ValueError):
        return _err(req, 61500, "date format error")
    span = SPANS.get(name, 1)
    if end < begin or (end - begin).days >= span or end >= state.today():
        return _err(req, 61501, "date range error")
    days = [begin + dt.timedelta(days=i) for i in range((end - begin).days + 1)]
    rows: list[dict] = []
    for d in days:
        ds = d.isoformat()
        if name == "getusersummary":
            for source in (0, 1, 30):
                rows.append({"ref_date": ds, "user_source": source, "new_user": _n(f"n{ds}{source}", 0, 50),
                             "cancel_user": _n(f"c{ds}{source}", 0, 10)})
        elif name == "getusercumulate":
            rows.append({"ref_date": ds, "cumulate_user": 10000 + (d - dt.date(2025, 1, 1)).days * 20})
        elif name == "getarticletotaldetail":
            msgid = f"{_n(ds, 2247490000, 2247499999)}_1"
            rows.append({"ref_date": ds, "msgid": msgid, "publish_type": 1, "title": f"{ds} 发布的文章",
                         "content_url": f"https://mp.weixin.qq.com/s/{msgid}",
                         "detail_list": [{"stat_date": ds, "read_user": _n(f"r{ds}", 100, 5000),
                                          "share_user": _n(f"s{ds}", 0, 300), "zaikan_user": _n(f"z{ds}", 0, 100),
                                          "like_user": _n(f"l{ds}", 0, 200), "comment_count": _n(f"m{ds}", 0, 30),
                                          "collection_user": _n(f"f{ds}", 0, 40)}]})
        elif name == "getbizsummary":
            rows.append({"ref_date": ds, "detail": {"read_user": _n(f"r{ds}", 100, 5000)}})
    body: dict = {"list": rows}
    if name in ("getarticleread", "getarticleshare", "getbizsummary", "getarticletotaldetail"):
        body["is_delay"] = False
    return Response(body)


SAMPLE_COMMENTS = (
    {"openid": "oFAKE1", "create_time": 1700000000, "content": "请问演练地点在哪？", "comment_type": 1,
     "reply": {"content": "滨江公园东门", "create_time": 1700000300}},
    {"openid": "oFAKE2", "create_time": 1700000100, "content": "支持", "comment_type": 0},
)
CUSTOM_WINDOW = 48 * 3600
CUSTOM_LIMIT = 5


def _article_comments(state: FakeState, msg_data_id: str, index: int) -> list[dict]:
    """一篇文章的留言（旧的在前）；第一次访问时放入两条示例留言。"""
    store = _wx(state).setdefault("comments", {})
    key = f"{msg_data_id}:{index}"
    if key not in store:
        store[key] = [{"user_comment_id": i + 1, **json.loads(json.dumps(c))} for i, c in enumerate(SAMPLE_COMMENTS)]
    return store[key]


def _comment(state: FakeState, req: Request) -> tuple[dict | None, Response | None]:
    msg_data_id, index = str(req.param("msg_data_id")), int(req.param("index", 0) or 0)
    if not msg_data_id:
        return None, _err(req, 88001, "msg_data is not exists")
    ucid = int(req.param("user_comment_id", 0) or 0)
    for c in _article_comments(state, msg_data_id, index):
        if c["user_comment_id"] == ucid:
            return c, None
    return None, _err(req, 88008, "comment is not exists")


def comment_list(state: FakeState, req: Request) -> Response:
    _, bad = _auth(state, req)
    if bad:
        return bad
    count = int(req.param("count", 0))
    if count >= 50 or count <= 0:
        return _err(req, 88010, "count out of range")
    if not req.param("msg_data_id"):
        return _err(req, 88001, "msg_data is not exists")
    kind = int(req.param("type", 0) or 0)
    with state.lock:
        comments = _article_comments(state, str(req.param("msg_data_id")), int(req.param("index", 0) or 0))
        if kind == 1:
            comments = [c for c in comments if c.get("comment_type") != 1]
        elif kind == 2:
            comments = [c for c in comments if c.get("comment_type") == 1]
        begin = int(req.param("begin", 0))
        page = json.loads(json.dumps(comments[begin:begin + count]))
    return Response({"errcode": 0, "errmsg": "ok", "total": len(comments), "comment": page})


def comment_reply(state: FakeState, req: Request) -> Response:
    account, bad = _auth(state, req)
    if bad:
        return bad
    content = str(req.param("content") or "")
    if not content or len(content) > 600:
        return _err(req, 88007, "reply content length invalid")
    with state.lock:
        comment, bad = _comment(state, req)
        if bad:
            return bad
        if comment.get("reply"):
            return _err(req, 88005, "already reply")
        comment["reply"] = {"content": content, "create_time": int(time.time())}
    state.add_reply("wechat", kind="comment_reply", account=account, msg_data_id=str(req.param("msg_data_id")),
                    index=int(req.param("index", 0) or 0), user_comment_id=comment["user_comment_id"], content=content)
    return Response({"errcode": 0, "errmsg": "ok"})


def comment_elect(state: FakeState, req: Request) -> Response:
    account, bad = _auth(state, req)
    if bad:
        return bad
    elected = req.path.endswith("/markelect")
    with state.lock:
        comment, bad = _comment(state, req)
        if bad:
            return bad
        comment["comment_type"] = 1 if elected else 0
    state.add_reply("wechat", kind="markelect" if elected else "unmarkelect", account=account,
                    msg_data_id=str(req.param("msg_data_id")), index=int(req.param("index", 0) or 0),
                    user_comment_id=comment["user_comment_id"])
    return Response({"errcode": 0, "errmsg": "ok"})


def custom_send(state: FakeState, req: Request) -> Response:
    """客服消息：用户发消息后 48 小时内最多 5 条（45015 超时 / 45047 超量）。"""
    account, bad = _auth(state, req)
    if bad:
        return bad
    body = req.json or {}
    openid = str(body.get("touser") or "")
    if body.get("msgtype") != "text" or not (body.get("text") or {}).get("content"):
        return _err(req, 44002, "empty post data")
    with state.lock:
        user = _wx(state).setdefault("users", {}).get(openid)
        if user is None or time.time() - user["last_message_at"] > CUSTOM_WINDOW:
            return _err(req, 45015, "response out of time limit or subscription is canceled")
        if user["sent"] >= CUSTOM_LIMIT:
            return _err(req, 45047, "out of response count limit")
        user["sent"] += 1
    state.add_reply("wechat", kind="custom", account=account, touser=openid, content=body["text"]["content"])
    return Response({"errcode": 0, "errmsg": "ok"})


def qrcode_create(state: FakeState, req: Request) -> Response:
    """带参数二维码：QR_STR_SCENE（临时，expire_seconds 60～2592000）、QR_LIMIT_STR_SCENE（永久，最多 10 万个）。
    scene_str 1～64 字符；返回 ticket、url（二维码内容）与临时码的 expire_seconds。"""
    account, bad = _auth(state, req)
    if bad:
        return bad
    body = req.json or {}
    action = body.get("action_name")
    scene = ((body.get("action_info") or {}).get("scene") or {}).get("scene_str")
    if action not in ("QR_STR_SCENE", "QR_LIMIT_STR_SCENE", "QR_SCENE", "QR_LIMIT_SCENE"):
        return _err(req, 40097, "invalid args: action_name")
    if action.endswith("STR_SCENE") and not (isinstance(scene, str) and 1 <= len(scene) <= 64):
        return _err(req, 40097, "invalid args: scene_str")
    with state.lock:
        codes = _wx(state).setdefault("qrcodes", {})
        if action.startswith("QR_LIMIT") and sum(1 for c in codes.values() if c["permanent"]) >= 100000:
            return _err(req, 45029, "qrcode count out of limit")
        ticket = f"gQFAKE{state.next_id()}"
        codes[ticket] = {"scene_str": scene, "permanent": action.startswith("QR_LIMIT"), "account": account}
    out = {"ticket": ticket, "url": f"http://weixin.qq.com/q/{ticket[2:]}"}
    if not action.startswith("QR_LIMIT"):
        expire = int(body.get("expire_seconds") or 60)
        out["expire_seconds"] = max(60, min(expire, 2592000))
    return Response(out)


def event_xml(*, openid: str, event: str, event_key: str = "", ticket: str = "", create_time: int | None = None) -> str:
    ts = int(create_time if create_time is not None else time.time())
    extra = (f"<EventKey><![CDATA[{event_key}]]></EventKey>" if event_key or event in ("subscribe", "SCAN") else "")
    extra += f"<Ticket><![CDATA[{ticket}]]></Ticket>" if ticket else ""
    return (f"<xml><ToUserName><![CDATA[gh_fake]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
            f"{extra}</xml>")


def control_scan(state: FakeState, req: Request) -> Response:
    """模拟用户扫一个带参数二维码（或取消关注），像微信服务器一样把事件推送到 ``url``：
    未关注用户扫码 → subscribe，EventKey=qrscene_场景值；已关注用户扫码 → SCAN，EventKey=场景值；
    ``unsubscribe: true`` → unsubscribe 事件。``create_time``（epoch 秒）可指定事件时间。"""
    body = req.json or {}
    openid = str(body.get("openid") or f"oFAKE{state.next_id()}")
    ticket = str(body.get("ticket") or "")
    with state.lock:
        wx = _wx(state)
        followers = wx.setdefault("followers", {})
        code = wx.setdefault("qrcodes", {}).get(ticket)
        if body.get("unsubscribe"):
            xml = event_xml(openid=openid, event="unsubscribe", create_time=body.get("create_time"))
            followers.pop(openid, None)
        else:
            if code is None:
                return Response({"error": "unknown ticket"}, status=404)
            if openid in followers:
                xml = event_xml(openid=openid, event="SCAN", event_key=code["scene_str"], ticket=ticket,
                                create_time=body.get("create_time"))
            else:
                xml = event_xml(openid=openid, event="subscribe", event_key=f"qrscene_{code['scene_str']}",
                                ticket=ticket, create_time=body.get("create_time"))
                followers[openid] = ticket
    params, payload = build_push(xml=xml, token=str(body.get("token") or ""), appid=str(body.get("appid") or ""),
                                 encoding_aes_key=str(body.get("encoding_aes_key") or ""))
    url = str(body["url"]) + ("&" if "?" in str(body["url"]) else "?") + urlencode(params)
    request = urllib.request.Request(url, data=payload, method="POST", headers={"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            status, text = resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    return Response({"status": status, "body": text, "openid": openid})


# --- 控制端点：让平台上出现新留言、设定用户最近发消息时间、向回调地址推送消息 ----------------------------


def control_add_comment(state: FakeState, req: Request) -> Response:
    body = req.json or {}
    with state.lock:
        comments = _article_comments(state, str(body.get("msg_data_id")), int(body.get("index", 0) or 0))
        ucid = max([c["user_comment_id"] for c in comments], default=0) + 1
        comments.append({"user_comment_id": ucid, "openid": body.get("openid", f"oFAKE{ucid}"),
                         "create_time": int(body.get("create_time") or time.time()),
                         "content": body.get("content", ""), "comment_type": 0})
    return Response({"ok": True, "user_comment_id": ucid})


def control_user(state: FakeState, req: Request) -> Response:
    body = req.json or {}
    with state.lock:
        _wx(state).setdefault("users", {})[str(body["openid"])] = {
            "last_message_at": float(body.get("last_message_at") or time.time()), "sent": 0}
    return Response({"ok": True})


def control_push(state: FakeState, req: Request) -> Response:
    """像微信服务器一样把一条用户文本消息推送到 ``url``（明文或安全模式，可故意签错）。"""
    body = req.json or {}
    openid = str(body.get("openid") or "oFAKEUSER")
    msg_id = str(body.get("msg_id") or state.next_id())
    xml = text_message_xml(to_user="gh_fake", from_user=openid, content=str(body.get("content") or ""),
                           msg_id=msg_id)
    params, payload = build_push(xml=xml, token=str(body.get("token") or ""), appid=str(body.get("appid") or ""),
                                 encoding_aes_key=str(body.get("encoding_aes_key") or ""),
                                 bad_signature=bool(body.get("bad_signature")))
    url = str(body["url"]) + ("&" if "?" in str(body["url"]) else "?") + urlencode(params)
    request = urllib.request.Request(url, data=payload, method="POST", headers={"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            status, text = resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    if not body.get("bad_signature"):
        with state.lock:
            _wx(state).setdefault("users", {})[openid] = {"last_message_at": time.time(), "sent": 0}
    return Response({"status": status, "body": text, "msg_id": msg_id})


ROUTES = {
    ("POST", "/cgi-bin/stable_token"): stable_token,
    ("GET", "/cgi-bin/token"): classic_token,
    ("POST", "/cgi-bin/material/add_material"): add_material,
    ("POST", "/cgi-bin/media/uploadimg"): uploadimg,
    ("POST", "/cgi-bin/draft/add"): draft_add,
    ("POST", "/cgi-bin/draft/get"): draft_get,
    ("POST", "/cgi-bin/freepublish/submit"): freepublish_submit,
    ("POST", "/cgi-bin/freepublish/get"): freepublish_get,
    ("POST", "/cgi-bin/freepublish/batchget"): freepublish_batchget,
    ("POST", "/cgi-bin/message/mass/sendall"): mass_sendall,
    ("POST", "/cgi-bin/message/mass/get"): mass_get,
    ("POST", "/cgi-bin/comment/list"): comment_list,
    ("POST", "/cgi-bin/comment/reply/add"): comment_reply,
    ("POST", "/cgi-bin/comment/markelect"): comment_elect,
    ("POST", "/cgi-bin/comment/unmarkelect"): comment_elect,
    ("POST", "/cgi-bin/message/custom/send"): custom_send,
    ("*", "/__fake__/wechat/comments"): control_add_comment,
    ("*", "/__fake__/wechat/users"): control_user,
    ("*", "/__fake__/wechat/push"): control_push,
    ("POST", "/cgi-bin/qrcode/create"): qrcode_create,
    ("*", "/__fake__/wechat/scan"): control_scan,
    **{("POST", f"/datacube/{name}"): datacube for name in (*SPANS, *RETIRED)},
}
