"""读视频时长（纯 Python，不依赖 Django 或 ffmpeg）：MP4/MOV 的 moov/mvhd 盒里记着时间刻度与时长。
只按盒结构跳读（seek），不把整个视频读进内存。读不出时返回 None。"""

from __future__ import annotations

import struct
from typing import BinaryIO

MAX_BOXES = 10_000


def _boxes(f: BinaryIO, start: int, end: int):
    pos, n = start, 0
    while pos + 8 <= end and n < MAX_BOXES:
        n += 1
        f.seek(pos)
        head = f.read(8)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            big = f.read(8)
            if len(big) < 8:
                return
            size, header = struct.unpack(">Q", big)[0], 16
        elif size == 0:
            size = end - pos
        if size < header:
            return
        yield kind, pos + header, min(pos + size, end)
        pos += size


def mp4_duration_seconds(f: BinaryIO) -> float | None:
    """MP4/MOV 的时长（秒）；不是 MP4/MOV 或没有 mvhd 时返回 None。"""
    f.seek(0, 2)
    end = f.tell()
    for kind, body, box_end in _boxes(f, 0, end):
        if kind != b"moov":
            continue
        for sub, sub_body, _ in _boxes(f, body, box_end):
            if sub != b"mvhd":
                continue
            f.seek(sub_body)
            version = f.read(1)
            if not version:
                return None
            f.read(3)  # flags
            if version[0] == 1:
                data = f.read(28)
                if len(data) < 28:
                    return None
                _, _, timescale, duration = struct.unpack(">QQIQ", data)
            else:
                data = f.read(16)
                if len(data) < 16:
                    return None
                _, _, timescale, duration = struct.unpack(">IIII", data)
            return duration / timescale if timescale else None
    return None
