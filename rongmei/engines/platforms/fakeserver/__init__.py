"""本地假平台服务器（测试与手工联调用）。

    server, base_url = start_fake_server()
    ...  # 把 base_url 传给各平台客户端
    server.shutdown()

场景控制：``POST /__fake__/scenario``（JSON），查看：``GET /__fake__/log``、``GET /__fake__/posts``。
"""

from .core import FakePlatformServer, FakeState, start_fake_server

__all__ = ["FakePlatformServer", "FakeState", "start_fake_server"]
