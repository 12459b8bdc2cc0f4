"""Word → PDF：本机有 LibreOffice 时用 ``libreoffice --headless --convert-to pdf``，否则返回 None。"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .fonts import packaged_font_paths

__all__ = ["PdfConversionFailed", "libreoffice_binary", "to_pdf"]


class PdfConversionFailed(RuntimeError):
    """LibreOffice 在本机，但转换失败。"""


def libreoffice_binary() -> str | None:
    for name in ("libreoffice", "soffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(docx_path: str | Path, outdir: str | Path | None = None, *, timeout: int = 180) -> Path | None:
    """把 .docx 转为 PDF，返回 PDF 路径；本机没有 LibreOffice 时返回 None。"""
    binary = libreoffice_binary()
    if binary is None:
        return None
    source = Path(docx_path).resolve()
    target_dir = Path(outdir).resolve() if outdir else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rongmei-lo-") as profile:
        # 独立的用户配置目录：并发转换互不锁定，也不依赖 HOME 可写
        command = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(target_dir), str(source)]
        env = {**os.environ, "HOME": profile}
        # 随软件安装的中文字体目录交给 LibreOffice：系统没有中文字体时 PDF 里的汉字也不会变成方框
        font_dirs = sorted({str(path.parent) for path in packaged_font_paths().values()})
        if font_dirs:
            env["SAL_FONTPATH"] = os.pathsep.join(filter(None, [*font_dirs, os.environ.get("SAL_FONTPATH", "")]))
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionFailed(f"LibreOffice 转换 PDF 超时（{timeout} 秒）：{source.name}") from exc
    pdf = target_dir / (source.stem + ".pdf")
    if done.returncode != 0 or not pdf.is_file():
        raise PdfConversionFailed(f"LibreOffice 转换 PDF 失败：{source.name}：{(done.stderr or done.stdout).strip()[:500]}")
    return pdf
