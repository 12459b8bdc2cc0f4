"""假 OAuth：授权页（立即带 code/state 302 回到 redirect_uri，或按场景模拟“用户拒绝”）与授权码换令牌。

* 抖音 ``GET /platform/oauth/connect/``（client_key）→ ``POST /oauth/access_token/``（表单）；
* 快手 ``GET /oauth2/authorize``（app_id）→ ``GET|POST /oauth2/access_token``（查询串）；
* 微博 ``GET /oauth2/authorize``（client_id）→ ``POST /oauth2/access_token``（表单，须带相同 redirect_uri）。

快手与微博共用路径，按参数名（``client_id`` 为微博）区分。授权码只能用一次，过期（场景
``oauth_code_lifetime``）、重复使用、与应用或回调地址不符都按各平台的错误格式返回。
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from .core import FakeState, Request, Response, error_envelope

DOUYIN_OPEN_ID = "b9b71865-7fea-44cc-fake-douyin0001"
KUAISHOU_OPEN_ID = "f5a0fake0001"
WEIBO_UID = "1904178193"

# 错误码（抖音/快手的码值为假服务器约定，见 docs/platforms.md）
DY_BAD_CODE, DY_BAD_CLIENT = 10007, 10013
KS_BAD = 100200100
WB_REDIRECT_MISMATCH, WB_BAD_CLIENT, WB_BAD_GRANT, WB_DENIED = 21322, 21324, 21325, 21330


def _redirect(location: str) -> Response:
    return Response({"redirect": location}, 302, headers={"Location": location})


def _back(redirect_uri: str, **params: str) -> Response:
    sep = "&" if "?" in redirect_uri else "?"
    return _redirect(redirect_uri + sep + urlencode(params))


def authorize(state: FakeState, req: Request) -> Response:
    """授权页：不显示页面，直接按场景“同意”或“拒绝”并回到 redirect_uri。"""
    q = req.query
    if req.path == "/platform/oauth/connect/":
        platform, app = "douyin", q.get("client_key", "")
    elif "client_id" in q:
        platform, app = "weibo", q.get("client_id", "")
    else:
        platform, app = "kuaishou", q.get("app_id", "")
    redirect_uri = q.get("redirect_uri", "")
    if not app or not redirect_uri or q.get("response_type") != "code":
        return error_envelope(platform, req.path, WB_BAD_CLIENT if platform == "weibo" else 10005,
                              "invalid authorize request")
    if state.scenario.get("oauth_deny"):
        extra = {"error_code": str(WB_DENIED)} if platform == "weibo" else {}
        return _back(redirect_uri, error="access_denied", error_description="user denied", state=q.get("state", ""),
                     **extra)
    code = f"CODE{platform}{state.next_id()}"
    with state.lock:
        state.data.setdefault("oauth_codes", {})[code] = {
            "platform": platform, "app": app, "redirect_uri": redirect_uri, "used": False,
            "expires_at": time.time() + float(state.scenario.get("oauth_code_lifetime", 600)),
            "scope": q.get("scope", ""),
        }
    return _back(redirect_uri, code=code, state=q.get("state", ""))


def _take_code(state: FakeState, platform: str, code: str, app: str) -> str:
    """校验并作废授权码：返回 'ok' | 'invalid' | 'used' | 'expired' | 'app'。"""
    with state.lock:
        info = state.data.get("oauth_codes", {}).get(code)
        if info is None or info["platform"] != platform:
            return "invalid"
        if info["used"]:
            return "used"
        info["used"] = True
        if info["expires_at"] <= time.time():
            return "expired"
        if info["app"] != app:
            return "app"
        return "ok"


def douyin_access_token(state: FakeState, req: Request) -> Response:
    if req.param("grant_type") != "authorization_code" or not req.param("code"):
        return error_envelope("douyin", req.path, 10005, "missing code or grant_type")
    if not req.param("client_secret") or req.param("client_secret").startswith("wrong"):
        return error_envelope("douyin", req.path, DY_BAD_CLIENT, "client_key or client_secret invalid")
    result = _take_code(state, "douyin", req.param("code"), req.param("client_key"))
    if result == "app":
        return error_envelope("douyin", req.path, DY_BAD_CLIENT, "client_key mismatch")
    if result != "ok":
        return error_envelope("douyin", req.path, DY_BAD_CODE, f"code {result}")
    token, lifetime = state.issue_token("douyin", DOUYIN_OPEN_ID, prefix="act.", lifetime=1296000)
    refresh, _ = state.issue_token("douyin", DOUYIN_OPEN_ID, prefix="rft.", kind="refresh", lifetime=2592000)
    state.data.setdefault("douyin_refresh_owner", {})[refresh] = DOUYIN_OPEN_ID
    return Response({"data": {"access_token": token, "captcha": "", "desc_url": "", "description": "",
                              "error_code": 0, "expires_in": lifetime, "log_id": "fake", "open_id": DOUYIN_OPEN_ID,
                              "refresh_expires_in": 2592000, "refresh_token": refresh,
                              "scope": "user_info,video.create,video.data"}, "message": "success"})


def shared_access_token(state: FakeState, req: Request) -> Response:
    """快手与微博共用 /oauth2/access_token：有 client_id 的是微博。"""
    if req.param("client_id"):
        return _weibo_access_token(state, req)
    return _kuaishou_access_token(state, req)


def _kuaishou_access_token(state: FakeState, req: Request) -> Response:
    if req.param("app_secret", "").startswith("wrong"):
        return error_envelope("kuaishou", req.path, 100200101, "app_id/app_secret verification failed")
    if req.param("grant_type") == "client_credentials":
        token, lifetime = state.issue_token("kuaishou", req.param("app_id"))
        return Response({"result": 1, "access_token": token, "expires_in": lifetime, "token_type": "bearer"})
    if not req.param("app_id") or not req.param("app_secret") or not req.param("code"):
        return error_envelope("kuaishou", req.path, KS_BAD, "app_id/app_secret/code missing")
    result = _take_code(state, "kuaishou", req.param("code"), req.param("app_id"))
    if result != "ok":
        return error_envelope("kuaishou", req.path, KS_BAD, f"code {result}")
    token, lifetime = state.issue_token("kuaishou", req.param("app_id"), lifetime=172800)
    refresh, _ = state.issue_token("kuaishou", req.param("app_id"), kind="refresh", lifetime=15552000)
    return Response({"result": 1, "access_token": token, "expires_in": lifetime, "refresh_token": refresh,
                     "refresh_token_expires_in": 15552000, "open_id": KUAISHOU_OPEN_ID,
                     "scopes": ["user_info", "user_video_publish", "user_video_info"]})


def _weibo_access_token(state: FakeState, req: Request) -> Response:
    def err(code: int, error: str, description: str) -> Response:
        return Response({"request": req.path, "error_code": code, "error": error,
                         "error_description": description}, 400)

    if not req.param("client_secret") or req.param("client_secret").startswith("wrong"):
        return err(WB_BAD_CLIENT, "invalid_client", "client_secret invalid")
    code = req.param("code")
    with state.lock:
        info = state.data.get("oauth_codes", {}).get(code)
        mismatch = info is not None and not info["used"] and info["redirect_uri"] != req.param("redirect_uri")
    if mismatch:
        return err(WB_REDIRECT_MISMATCH, "redirect_uri_mismatch", "redirect_uri mismatch")
    result = _take_code(state, "weibo", code, req.param("client_id"))
    if result == "app":
        return err(WB_BAD_CLIENT, "invalid_client", "client_id mismatch")
    if result != "ok":
        return err(WB_BAD_GRANT, "invalid_grant", f"code {result}")
    token, lifetime = state.issue_token("weibo", WEIBO_UID, prefix="2.00", lifetime=157679999)
    return Response({"access_token": token, "expires_in": lifetime, "remind_in": str(lifetime), "uid": WEIBO_UID})


ROUTES = {
    ("GET", "/platform/oauth/connect/"): authorize,
    ("GET", "/oauth2/authorize"): authorize,
    ("POST", "/oauth/access_token/"): douyin_access_token,
    ("GET", "/oauth2/access_token"): shared_access_token,
    ("POST", "/oauth2/access_token"): shared_access_token,
}
