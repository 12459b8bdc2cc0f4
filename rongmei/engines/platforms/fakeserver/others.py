"""假微博、抖音、快手、百家号接口（各平台的要点：错误格式、上传 → 发布、处理中 → 完成）。"""

from __future__ import annotations

import datetime as dt
import json
import re
import time

from .core import FakeState, Request, Response, error_envelope

# --- 微博：错误为 HTTP 4xx + {"request","error_code","error"} ---------------------------------------


def _weibo_token(state: FakeState, req: Request) -> Response | None:
    result = state.check_token(req.param("access_token"), allow_external=True)
    if result == "missing":
        return error_envelope("weibo", req.path, 21301, "auth faild!", 401)
    if result == "expired":
        return error_envelope("weibo", req.path, 21327, "expired_token", 401)
    if result == "invalid":
        return error_envelope("weibo", req.path, 21332, "invalid_access_token", 401)
    return None


def weibo_share(state: FakeState, req: Request) -> Response:
    bad = _weibo_token(state, req)
    if bad:
        return bad
    status = req.param("status")
    if not status:
        return error_envelope("weibo", req.path, 10016, "miss required parameter (status)")
    if not re.search(r"https?://", status):
        return error_envelope("weibo", req.path, 10017, "invalid parameter value: status must contain a safe-domain url")
    if len(status) > 140:
        return error_envelope("weibo", req.path, 20012, "Text too long, please input text less than 140 characters!")
    pic = req.files.get("pic")
    if pic is not None and len(pic[1]) >= 5 * 1024 * 1024:
        return error_envelope("weibo", req.path, 20006, "Image size too large.")
    idstr = str(3504803600000000 + state.next_id())
    state.add_post("weibo", id=idstr, title=status, account="1904178193")
    return Response({
        "created_at": time.strftime("%a %b %d %H:%M:%S +0800 %Y"), "id": int(idstr), "mid": idstr, "idstr": idstr,
        "text": status, "pic_ids": ["fakepic"] if pic else [],
        "user": {"id": 1904178193, "idstr": "1904178193", "screen_name": "某市发布"},
        "reposts_count": 0, "comments_count": 0, "attitudes_count": 0,
    })


def weibo_count(state: FakeState, req: Request) -> Response:
    bad = _weibo_token(state, req)
    if bad:
        return bad
    ids = [i for i in req.param("ids").split(",") if i]
    if len(ids) > 100:
        return error_envelope("weibo", req.path, 10017, "ids too many")
    return Response([{"id": i, "comments": 16, "reposts": 38, "attitudes": 120} for i in ids])


def _wb_comments(state: FakeState) -> list[dict]:
    return state.data.setdefault("weibo_comments", [])


def weibo_comments_to_me(state: FakeState, req: Request) -> Response:
    """我收到的评论：新的在前，``since_id`` 只返回更新的，``count``（≤200）+ ``page`` 分页。"""
    bad = _weibo_token(state, req)
    if bad:
        return bad
    count, page = int(req.param("count", 50) or 50), int(req.param("page", 1) or 1)
    if not 1 <= count <= 200 or page < 1:
        return error_envelope("weibo", req.path, 10017, "invalid parameter value: count/page")
    since = int(req.param("since_id", 0) or 0)
    with state.lock:
        rows = sorted((c for c in _wb_comments(state) if c["id"] > since), key=lambda c: -c["id"])
        page_rows = json.loads(json.dumps(rows[(page - 1) * count: page * count]))
    return Response({"comments": page_rows, "previous_cursor": 0, "next_cursor": 0, "total_number": len(rows)})


def weibo_comment_reply(state: FakeState, req: Request) -> Response:
    bad = _weibo_token(state, req)
    if bad:
        return bad
    cid, post_id, text = req.param("cid"), req.param("id"), req.param("comment")
    if not cid or not post_id or not text:
        return error_envelope("weibo", req.path, 10016, "miss required parameter (cid, id, comment)")
    if len(text) > 140:
        return error_envelope("weibo", req.path, 20012, "Text too long, please input text less than 140 characters!")
    with state.lock:
        target = next((c for c in _wb_comments(state) if str(c["id"]) == str(cid)), None)
        if target is None or str(target["status"]["idstr"]) != str(post_id):
            return error_envelope("weibo", req.path, 20101, "target weibo does not exist!")
        new = _wb_comment(state, post_id, text, {"id": 1904178193, "idstr": "1904178193", "screen_name": "某市发布"},
                          reply_to=target, store=False)
    state.add_reply("weibo", kind="comment_reply", cid=str(cid), post_id=str(post_id), content=text, id=new["idstr"])
    return Response(new)


def _wb_comment(state: FakeState, post_id: str, text: str, user: dict, reply_to: dict | None = None,
                store: bool = True) -> dict:
    cid = 4900000000000000 + state.next_id()
    row = {"created_at": time.strftime("%a %b %d %H:%M:%S +0800 %Y", time.localtime()), "id": cid, "idstr": str(cid),
           "mid": str(cid), "text": text, "source": "", "user": user,
           "status": {"id": int(post_id) if str(post_id).isdigit() else post_id, "idstr": str(post_id), "text": ""},
           "reply_comment": ({"id": reply_to["id"], "idstr": reply_to["idstr"], "text": reply_to["text"]}
                             if reply_to else None)}
    if store:
        _wb_comments(state).append(row)
    return row


def control_weibo_comment(state: FakeState, req: Request) -> Response:
    body = req.json or {}
    with state.lock:
        parent = None
        if body.get("reply_to"):
            parent = next((c for c in _wb_comments(state) if c["idstr"] == str(body["reply_to"])), None)
        uid = str(body.get("uid") or 1404376560)
        row = _wb_comment(state, str(body.get("post_id") or "3504803600502730"), str(body.get("text") or ""),
                          {"id": int(uid), "idstr": uid, "screen_name": body.get("screen_name") or "网友"}, parent)
    return Response({"ok": True, "id": row["idstr"]})


# --- 抖音：{"data": {..., "error_code"}, "extra": {...}} -------------------------------------------


def _dy_ok(data: dict) -> Response:
    return Response({"data": {**data, "error_code": 0, "description": ""},
                     "extra": {"error_code": 0, "description": "", "sub_error_code": 0, "sub_description": "",
                               "logid": "fake", "now": int(time.time() * 1000)}})


def _dy_auth(state: FakeState, req: Request) -> tuple[str, Response | None]:
    token = req.headers.get("access-token") or req.query.get("access_token", "")
    result = state.check_token(token, allow_external=True)
    if result != "ok":
        code = 28001008 if result == "expired" else 2190002
        return "", error_envelope("douyin", req.path, code, "access_token check fail")
    open_id = req.query.get("open_id", "")
    if not open_id:
        return "", error_envelope("douyin", req.path, 28001007, "open_id missing")
    owner = state.tokens.get(token, {}).get("account")
    if owner and owner != open_id:
        return "", error_envelope("douyin", req.path, 28001015, "access_token and open_id mismatch")
    return open_id, None


def douyin_refresh(state: FakeState, req: Request) -> Response:
    rt = req.param("refresh_token")
    if not rt.startswith("rft."):
        return Response({"data": {"error_code": 10010, "description": "refresh_token expired"}, "message": "error"})
    open_id = req.param("open_id") or state.data.get("douyin_refresh_owner", {}).get(rt, "")
    token, lifetime = state.issue_token("douyin", open_id or "", prefix="act.")
    if not open_id:  # 不知道属于谁时不做 open_id 校验
        state.tokens[token]["account"] = ""
    return Response({"data": {"access_token": token, "expires_in": lifetime, "refresh_token": rt,
                              "refresh_expires_in": 2592000, "open_id": open_id, "scope": "video.create,video.data",
                              "error_code": 0, "description": ""}, "message": "success"})


def douyin_upload(state: FakeState, req: Request) -> Response:
    _, bad = _dy_auth(state, req)
    if bad:
        return bad
    video = req.files.get("video")
    if video is None or not video[1]:
        return error_envelope("douyin", req.path, 2100005, "Parameter error")
    video_id = f"v0200f{state.next_id()}"
    state.data.setdefault("douyin_videos", {})[video_id] = video[0]
    return _dy_ok({"video": {"video_id": video_id, "width": 720, "height": 1280}})


def douyin_create(state: FakeState, req: Request) -> Response:
    open_id, bad = _dy_auth(state, req)
    if bad:
        return bad
    body = req.json or {}
    if body.get("video_id") not in state.data.get("douyin_videos", {}):
        return error_envelope("douyin", req.path, 2100005, "Parameter error: video_id")
    item_id = f"@8hxd{state.next_id()}+fake/item=="
    state.data.setdefault("douyin_items", {})[item_id] = {"polls": 0, "text": body.get("text", "")}
    state.add_post("douyin", id=item_id, title=body.get("text", ""), account=open_id)
    return _dy_ok({"item_id": item_id})


def douyin_video_data(state: FakeState, req: Request) -> Response:
    _, bad = _dy_auth(state, req)
    if bad:
        return bad
    out = []
    items = state.data.setdefault("douyin_items", {})
    for item_id in (req.json or {}).get("item_ids") or []:
        item = items.setdefault(item_id, {"polls": 99, "text": ""})
        item["polls"] += 1
        reviewed = item["polls"] > int(state.scenario["publish_polls"])
        status = (2 if state.scenario["publish_outcome"] == "failed" else 5) if reviewed else 4
        out.append({"item_id": item_id, "title": item["text"], "is_reviewed": reviewed, "video_status": status,
                    "share_url": f"https://www.iesdouyin.com/share/video/{abs(hash(item_id)) % 10**19}/",
                    "statistics": {"play_count": 1200, "digg_count": 88, "comment_count": 9, "share_count": 5,
                                   "forward_count": 1, "download_count": 0}})
    return _dy_ok({"list": out})


def douyin_external_user(state: FakeState, req: Request) -> Response:
    _, bad = _dy_auth(state, req)
    if bad:
        return bad
    metric = req.path.rstrip("/").rsplit("/", 1)[-1]
    days = int(req.query.get("date_type", 7))
    if days not in (7, 15, 30):
        return error_envelope("douyin", req.path, 2100005, "date_type must be 7/15/30")
    today = state.today()
    rows = []
    for i in range(days, 0, -1):
        d = (today - dt.timedelta(days=i)).isoformat()
        row = {"date": d}
        if metric == "fans":
            row.update(new_fans=10 + i, total_fans=5000 - i * 10)
        elif metric == "item":
            row.update(new_play=300 + i, new_issue=1, total_issue=100)
        else:
            row[f"new_{metric}"] = i
        rows.append(row)
    return _dy_ok({"result_list": rows})


def _dy_comments(state: FakeState, item_id: str) -> list[dict]:
    return state.data.setdefault("douyin_comments", {}).setdefault(item_id, [])


def douyin_comment_list(state: FakeState, req: Request) -> Response:
    """作品评论：新的在前；``cursor`` 为偏移，``count`` 1..50。"""
    _, bad = _dy_auth(state, req)
    if bad:
        return bad
    item_id = req.query.get("item_id", "")
    count, cursor = int(req.query.get("count", 20) or 20), int(req.query.get("cursor", 0) or 0)
    if not item_id or not 1 <= count <= 50:
        return error_envelope("douyin", req.path, 2100005, "Parameter error")
    with state.lock:
        rows = sorted(_dy_comments(state, item_id), key=lambda c: (-c["create_time"], c["comment_id"]))
        page = json.loads(json.dumps(rows[cursor:cursor + count]))
    return _dy_ok({"list": page, "cursor": cursor + len(page), "has_more": cursor + len(page) < len(rows)})


def douyin_comment_reply(state: FakeState, req: Request) -> Response:
    open_id, bad = _dy_auth(state, req)
    if bad:
        return bad
    body = req.json or {}
    item_id, comment_id, content = body.get("item_id", ""), body.get("comment_id", ""), body.get("content", "")
    if not item_id or not content:
        return error_envelope("douyin", req.path, 2100005, "Parameter error")
    with state.lock:
        if comment_id and not any(c["comment_id"] == comment_id for c in _dy_comments(state, item_id)):
            return error_envelope("douyin", req.path, 2100005, "Parameter error: comment_id")
        new_id = f"@dyreply{state.next_id()}"
    state.add_reply("douyin", kind="comment_reply", account=open_id, item_id=item_id, comment_id=comment_id,
                    content=content, id=new_id)
    return _dy_ok({"comment_id": new_id})


def control_douyin_comment(state: FakeState, req: Request) -> Response:
    body = req.json or {}
    with state.lock:
        cid = f"@dycomment{state.next_id()}"
        _dy_comments(state, str(body.get("item_id") or "")).append({
            "comment_id": cid, "comment_user_id": body.get("comment_user_id") or f"user{cid[-4:]}",
            "content": body.get("content", ""), "create_time": int(body.get("create_time") or time.time()),
            "digg_count": 0, "reply_comment_total": 0, "top": False, "nick_name": body.get("nick_name") or "抖音网友",
        })
    return Response({"ok": True, "comment_id": cid})


# --- 快手：{"result": 1, ...} -----------------------------------------------------------------------


def _ks_auth(state: FakeState, req: Request) -> Response | None:
    if not req.query.get("app_id"):
        return error_envelope("kuaishou", req.path, 100200100, "app_id missing")
    result = state.check_token(req.query.get("access_token", ""), allow_external=True)
    if result != "ok":
        return Response({"result": 401, "error_msg": f"access_token {result}"}, 401)
    return None


def kuaishou_refresh(state: FakeState, req: Request) -> Response:
    if req.query.get("app_secret", "").startswith("wrong"):
        return error_envelope("kuaishou", req.path, 100200101, "app_id/app_secret verification failed")
    if not req.query.get("refresh_token"):
        return error_envelope("kuaishou", req.path, 100200100, "refresh_token missing")
    token, lifetime = state.issue_token("kuaishou", req.query.get("app_id", ""))
    return Response({"result": 1, "access_token": token, "expires_in": lifetime,
                     "refresh_token": req.query["refresh_token"], "refresh_token_expires_in": 15552000,
                     "open_id": "f5a0fake", "scopes": ["user_info", "user_video_publish", "user_video_info"]})


def kuaishou_start_upload(state: FakeState, req: Request) -> Response:
    bad = _ks_auth(state, req)
    if bad:
        return bad
    upload_token = f"UPLOAD{state.next_id()}"
    state.data.setdefault("ks_uploads", {})[upload_token] = {"uploaded": False}
    endpoint = state.base_url.split("://", 1)[1]
    return Response({"result": 1, "upload_token": upload_token, "endpoint": endpoint})


def kuaishou_upload(state: FakeState, req: Request) -> Response:
    upload = state.data.get("ks_uploads", {}).get(req.query.get("upload_token", ""))
    if upload is None:
        return error_envelope("kuaishou", req.path, 100200100, "invalid upload_token")
    data = req.files["file"][1] if "file" in req.files else req.body
    if not data:
        return error_envelope("kuaishou", req.path, 100200100, "empty file")
    upload["uploaded"] = True
    return Response({"result": 1})


def kuaishou_publish(state: FakeState, req: Request) -> Response:
    bad = _ks_auth(state, req)
    if bad:
        return bad
    upload = state.data.get("ks_uploads", {}).get(req.query.get("upload_token", ""))
    if upload is None or not upload["uploaded"]:
        return error_envelope("kuaishou", req.path, 100200100, "video not uploaded")
    if "cover" not in req.files or not req.fields.get("caption"):
        return error_envelope("kuaishou", req.path, 100200100, "caption/cover missing")
    photo_id = f"3x{state.next_id()}"
    info = {"photo_id": photo_id, "caption": req.fields["caption"], "cover": "https://fake/cover.jpg",
            "play_url": "https://fake/play.mp4", "create_time": int(time.time() * 1000), "like_count": 0,
            "comment_count": 0, "view_count": 0, "pending": True}
    state.data.setdefault("ks_photos", {})[photo_id] = {"info": info, "polls": 0}
    state.add_post("kuaishou", id=photo_id, title=req.fields["caption"], account=req.query.get("app_id", ""))
    return Response({"result": 1, "video_info": info})


def kuaishou_photo_info(state: FakeState, req: Request) -> Response:
    bad = _ks_auth(state, req)
    if bad:
        return bad
    photo = state.data.get("ks_photos", {}).get(req.query.get("photo_id", ""))
    if photo is None:
        return error_envelope("kuaishou", req.path, 100200100, "photo not found")
    photo["polls"] += 1
    if photo["polls"] > int(state.scenario["publish_polls"]):
        photo["info"].update(pending=False, view_count=560, like_count=31, comment_count=4)
    return Response({"result": 1, "video_info": photo["info"]})


# --- 百家号：{"errno": 0, "errmsg": "success", "data": {...}} ---------------------------------------

BJH = "/builderinner/open/resource"


def _bjh_body(req: Request) -> dict:
    return req.json if isinstance(req.json, dict) else dict(req.fields)


def _bjh_auth(req: Request) -> Response | None:
    body = _bjh_body(req)
    if not body.get("app_id") or not body.get("app_token") or str(body["app_token"]).startswith("wrong"):
        return error_envelope("baijiahao", req.path, 60001001, "授权校验失败")
    return None


def _bjh_publish(state: FakeState, req: Request, kind: str) -> Response:
    bad = _bjh_auth(req)
    if bad:
        return bad
    body = _bjh_body(req)
    title = body.get("title", "")
    if not 8 <= len(title) <= 40:
        return error_envelope("baijiahao", req.path, 2, "参数错误：标题须为8-40字")
    try:
        covers = json.loads(body.get("cover_images") or "[]")
        assert isinstance(covers, list)
    except (ValueError, AssertionError):
        return error_envelope("baijiahao", req.path, 2, "参数错误：cover_images 须为 JSON 字符串")
    if kind == "video" and not str(body.get("video_url", "")).endswith(".mp4"):
        return error_envelope("baijiahao", req.path, 2, "参数错误：video_url")
    article_id = str(state.next_id())
    state.data.setdefault("bjh", {})[article_id] = {"title": title, "polls": 0, "type": kind,
                                                   "day": state.today().isoformat()}
    state.add_post("baijiahao", id=article_id, title=title, account=body["app_id"], kind=kind)
    return Response({"errno": 0, "errmsg": "success", "data": {"article_id": article_id}})


def bjh_article(state: FakeState, req: Request) -> Response:
    return _bjh_publish(state, req, "news")


def bjh_video(state: FakeState, req: Request) -> Response:
    return _bjh_publish(state, req, "video")


def bjh_list(state: FakeState, req: Request) -> Response:
    bad = _bjh_auth(req)
    if bad:
        return bad
    body = _bjh_body(req)
    if int(body.get("page_size", 20)) > 20:
        return error_envelope("baijiahao", req.path, 2, "page_size 不能超过 20")
    items = []
    for aid, a in state.data.get("bjh", {}).items():
        a["polls"] += 1
        if a["polls"] <= int(state.scenario["publish_polls"]):
            status = "pre_publish"
        else:
            status = "rejected" if state.scenario["publish_outcome"] == "failed" else "publish"
        items.append({"article_id": aid, "nid": aid, "title": a["title"], "status": status,
                      "article_url": f"https://baijiahao.baidu.com/s?id={aid}"})
    return Response({"errno": 0, "errmsg": "success", "data": {"items": items, "total": len(items)}})


def bjh_stats(state: FakeState, req: Request) -> Response:
    bad = _bjh_auth(req)
    if bad:
        return bad
    if str(_bjh_body(req).get("article_id")) not in state.data.get("bjh", {}):
        return error_envelope("baijiahao", req.path, 80000107, "文章不存在")
    return Response({"errno": 0, "errmsg": "success",
                     "data": {"view_count": 321, "recommend_count": 1000, "comment_count": 3, "share_count": 7}})


ROUTES = {
    ("POST", "/2/statuses/share.json"): weibo_share,
    ("GET", "/2/statuses/count.json"): weibo_count,
    ("GET", "/2/comments/to_me.json"): weibo_comments_to_me,
    ("POST", "/2/comments/reply.json"): weibo_comment_reply,
    ("*", "/__fake__/weibo/comments"): control_weibo_comment,
    ("GET", "/item/comment/list/"): douyin_comment_list,
    ("POST", "/item/comment/reply/"): douyin_comment_reply,
    ("*", "/__fake__/douyin/comments"): control_douyin_comment,
    ("POST", "/oauth/refresh_token/"): douyin_refresh,
    ("POST", "/api/douyin/v1/video/upload_video/"): douyin_upload,
    ("POST", "/api/douyin/v1/video/create_video/"): douyin_create,
    ("POST", "/api/douyin/v1/video/video_data/"): douyin_video_data,
    **{("GET", f"/data/external/user/{m}/"): douyin_external_user for m in ("fans", "like", "comment", "share", "item")},
    ("GET", "/oauth2/refresh_token"): kuaishou_refresh,
    ("POST", "/openapi/photo/start_upload"): kuaishou_start_upload,
    ("POST", "/api/upload/multipart"): kuaishou_upload,
    ("POST", "/api/upload"): kuaishou_upload,
    ("POST", "/openapi/photo/publish"): kuaishou_publish,
    ("GET", "/openapi/photo/info"): kuaishou_photo_info,
    ("POST", f"{BJH}/article/publish"): bjh_article,
    ("POST", f"{BJH}/video/publish"): bjh_video,
    ("POST", f"{BJH}/query/articleListall"): bjh_list,
    ("POST", f"{BJH}/query/articleStatistics"): bjh_stats,
}
