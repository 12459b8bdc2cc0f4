"""测试用的确定性事实集（安源模板的金标准数据）。数字的手算过程见 test_anyuan_golden.py 的注释。"""

from __future__ import annotations

import json

from rongmei.engines.kpi import FactSet, parse_jsonl


def to_factset(rows: list[dict]) -> FactSet:
    return parse_jsonl("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))


def anyuan_rows(
    *,
    videos: dict[int, int],
    plays: dict[int, int],
    gained: dict[int, int],
    lost: dict[int, int],
    sessions: dict[int, list[tuple[int, int]]],
    year: int = 2025,
) -> list[dict]:
    """按月给出：短视频条数、播放量、新增/取关粉丝、直播 (分钟, 观看人次) 列表。"""
    rows: list[dict] = []
    for m in range(1, 13):
        for i in range(videos.get(m, 0)):
            rows.append({"type": "publication", "date": f"{year}-{m:02d}-{i % 28 + 1:02d}", "platform": "douyin",
                         "kind": "short_video", "item": f"V{m}-{i}", "url": f"https://v.douyin.com/{m}-{i}"})
        if plays.get(m):
            rows.append({"type": "metric", "date": f"{year}-{m:02d}-10", "platform": "douyin", "name": "plays",
                         "value": plays[m]})
        if gained.get(m):
            rows.append({"type": "metric", "date": f"{year}-{m:02d}-10", "platform": "douyin",
                         "name": "followers_gained", "value": gained[m]})
        if lost.get(m):
            rows.append({"type": "metric", "date": f"{year}-{m:02d}-11", "platform": "douyin",
                         "name": "followers_lost", "value": lost[m]})
        for i, (minutes, viewers) in enumerate(sessions.get(m, [])):
            rows.append({"type": "live_session", "date": f"{year}-{m:02d}-{i % 28 + 1:02d}", "platform": "douyin",
                         "minutes": minutes, "viewers": viewers, "id": f"LS{m}-{i}"})
    return rows


def set_a() -> list[dict]:
    """全部恰好达标：每月 15 条视频、10 万播放、净增 1000 粉丝、12 场 2 小时 2000 人次的直播。"""
    months = range(1, 13)
    return anyuan_rows(
        videos={m: 15 for m in months},
        plays={m: 100_000 for m in months},
        gained={m: 1_100 for m in months},
        lost={m: 100 for m in months},
        sessions={m: [(120, 2000)] * 12 for m in months},
    )


def set_b() -> list[dict]:
    """各项都有缺口。每月：视频 1–10 月 14 条、11–12 月 15 条；播放 7.5 万；
    新增 1–10 月各 1000、取关 12 月 1000；直播 9 场(120 分钟, 1000 人次) + 1 场(120, 500) + 2 场(60, 300)。"""
    months = range(1, 13)
    return anyuan_rows(
        videos={m: 14 if m <= 10 else 15 for m in months},
        plays={m: 75_000 for m in months},
        gained={m: 1_000 for m in months if m <= 10},
        lost={12: 1_000},
        sessions={m: [(120, 1000)] * 9 + [(120, 500)] + [(60, 300)] * 2 for m in months},
    )


def set_c() -> list[dict]:
    """超额：播放 160 万、净增 1.6 万、场观 36 万，外加人工认定加分。"""
    months = range(1, 13)
    rows = anyuan_rows(
        videos={m: 15 for m in months},
        plays={m: 1_600_000 // 12 + (1 if m <= 1_600_000 % 12 else 0) for m in months},
        gained={m: 1_400 for m in months},
        lost={m: 1_400 * 12 - 16_000 if m == 12 else 0 for m in months},
        sessions={m: [(120, 2500)] * 12 for m in months},
    )
    rows += [
        {"type": "award", "date": "2025-05-04", "points": 2, "bonus": "media", "note": "省级媒体上稿", "id": "AW1"},
        {"type": "award", "date": "2025-06-04", "points": 1, "bonus": "media", "note": "市级媒体上稿", "id": "AW2"},
        {"type": "award", "date": "2025-09-01", "points": 5, "bonus": "honour", "note": "省级表彰", "id": "AW3"},
        {"type": "award", "date": "2025-10-01", "points": 1, "note": "创新服务项目（未注明类别）", "id": "AW4"},
    ]
    return rows
