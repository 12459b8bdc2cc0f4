"""``rongmei fakeplatform [--port 8900]``：在前台运行假平台服务器。"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from .core import start_fake_server


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rongmei fakeplatform", description="本地假平台服务器（公众号、微博、抖音、快手、百家号）")
    parser.add_argument("--port", type=int, default=8900, help="监听端口（默认 8900，0 为随机）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        server, base_url = start_fake_server(port=args.port, host=args.host)
    except OSError as exc:
        print(f"无法监听 {args.host}:{args.port}：{exc}", file=sys.stderr)
        return 2
    print(f"假平台服务器已启动：{base_url}")
    print(f"  场景控制  POST {base_url}/__fake__/scenario   调用日志  GET {base_url}/__fake__/log")
    print(f"  已发布    GET  {base_url}/__fake__/posts      按 Ctrl+C 退出", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("已停止")
    return 0
