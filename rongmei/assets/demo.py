"""演示数据：每个演示工作区几张用 Pillow 画的图片（带中文字），版权信息齐全，其中一张授权已到期、一张肖像授权未取得。"""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image, ImageDraw, ImageFont

from rongmei.assets import services
from rongmei.assets.models import Asset
from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.engines.docgen import CJKFontMissing, find_cjk_font

# (标题, 标签, 来源, 拍摄/作者, 肖像授权, 许可, 到期（相对今天的天数，None 为不限）, 底色, 宽, 高)
PICTURES = [
    ("助残日志愿服务现场", "志愿服务、助残日", "记者自摄", "宣传组 王摄影", "obtained", "own", None, (183, 28, 28), 1200, 800),
    ("政策解读头图", "政策解读、头图", "设计制作", "设计组 李设计", "not_needed", "own", None, (21, 101, 192), 1410, 600),
    ("社区康复站外景", "康复、社区", "部门提供", "某区残联", "not_needed", "licensed", 365, (46, 125, 50), 1000, 1000),
    ("活动合影（未签授权）", "合影、活动", "通讯员供稿", "通讯员 赵供稿", "missing", "own", None, (106, 27, 154), 1200, 900),
    ("图库授权城市夜景", "城市、夜景", "网络转载", "某图片库", "not_needed", "licensed", -30, (38, 50, 56), 1080, 1440),
]


def _font(size: int):
    try:
        return ImageFont.truetype(str(find_cjk_font().path), size)
    except (CJKFontMissing, OSError):
        return ImageFont.load_default()


def picture(title: str, colour: tuple[int, int, int], width: int, height: int) -> bytes:
    im = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(im)
    for i in range(0, width + height, 60):
        draw.line([(i, 0), (i - height, height)], fill=tuple(min(255, c + 25) for c in colour), width=12)
    font = _font(max(28, width // 16))
    box = draw.textbbox((0, 0), title, font=font)
    draw.text(((width - (box[2] - box[0])) / 2, (height - (box[3] - box[1])) / 2), title, font=font, fill="white")
    draw.text((24, height - 60), "演示素材 · 虚构", font=_font(28), fill=(255, 255, 255))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


@register(65, "素材库")
def load(workspaces, users):
    prefixes = {"bj-planning": "bj", "nmg-dpf": "nm", "anyuan-jobs": "ay"}
    for slug, prefix in prefixes.items():
        ws = workspaces.get(slug)
        if ws is None or Asset.objects.filter(workspace=ws).exists():
            continue
        editor = users.get(f"{prefix}-editor")
        for title, tags, source, author, consent, licence, days, colour, width, height in PICTURES:
            asset = services.asset_from_bytes(actor=None, workspace=ws, data=picture(title, colour, width, height),
                                              filename=f"{title}.jpg", source=source)
            expires = clock.today() + dt.timedelta(days=days) if days is not None else None
            services.asset_update(actor=None, asset=asset, tags=tags, author=author, consent=consent,
                                  consent_note="当事人未签肖像使用同意书" if consent == "missing" else "",
                                  licence=licence, rights_expires=expires)
            if editor is not None and asset.created_by_id is None:
                asset.created_by = editor
                asset.save(update_fields=["created_by"])
