from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(width: int = 200, height: int = 100, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 200, height: int = 100, colour=(30, 30, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def image_server():
    """本机上的小网站：/pic.png 是一张图片，/page.html 是网页，/big.png 超过转存上限。"""
    body = png(64, 48, (10, 160, 90))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/pic.png":
                data, kind = body, "image/png"
            elif self.path == "/page.html":
                data, kind = b"<html>not an image</html>", "image/png"
            elif self.path == "/moved.png":
                self.send_response(302)
                self.send_header("Location", "/pic.png")
                self.end_headers()
                return
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", body
    server.shutdown()
    server.server_close()
