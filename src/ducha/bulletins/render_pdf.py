"""Convert a bulletin .docx to PDF with LibreOffice, when it is installed.

LibreOffice is a large system package that many servers do not have, so PDF is optional: the
caller catches ``PdfUnavailable`` and offers the .docx instead. Each conversion gets its own
throw-away LibreOffice profile (two conversions at once would otherwise fight over the lock of
the shared one) and a font map that draws the official faces (仿宋_GB2312, 楷体_GB2312, 黑体,
方正小标宋简体), which are not free, with free look-alikes when those are installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PdfConversionError", "PdfUnavailable", "libreoffice_binary", "render_pdf"]

_BINARIES = ("libreoffice", "soffice")
_FACES = {  # official face -> free look-alike (Debian fonts-noto-cjk, fonts-arphic-ukai)
    "仿宋_GB2312": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC",
    "楷体_GB2312": "AR PL UKai CN", "楷体": "AR PL UKai CN",
    "黑体": "Noto Sans CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
}


class PdfUnavailable(RuntimeError):  # noqa: N818 -- the name callers were promised
    """LibreOffice is not installed: no PDF can be made on this server."""

    message = "未安装 LibreOffice,无法生成 PDF;请安装 libreoffice 后重试,或下载 .docx 版本"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class PdfConversionError(RuntimeError):
    """LibreOffice is installed but produced no PDF (a crash, a timeout, a damaged file)."""


def libreoffice_binary() -> str | None:
    """Full path of ``libreoffice`` or ``soffice`` on PATH, or None."""
    for name in _BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(docx_bytes: bytes, *, timeout: float = 180) -> bytes:
    """The PDF of a .docx; raises ``PdfUnavailable`` or ``PdfConversionError``."""
    binary = libreoffice_binary()
    if binary is None:
        raise PdfUnavailable
    with tempfile.TemporaryDirectory(prefix="ducha-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bulletin.docx"
        source.write_bytes(docx_bytes)
        command = [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf",
                   "--outdir", str(folder), str(source)]
        try:
            result = subprocess.run(  # noqa: S603 -- fixed argv: a binary from PATH, our files
                command, capture_output=True, timeout=timeout, check=False,
                env=_environment(folder), cwd=folder)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(
                f"LibreOffice 在 {timeout:g} 秒内未完成 PDF 转换;请稍后重试,或下载 .docx 版本"
            ) from exc
        target = folder / "bulletin.pdf"
        if not target.is_file() or target.stat().st_size == 0:
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[:300]
            reason = f"退出码 {result.returncode}" + (f":{detail}" if detail else "")
            raise PdfConversionError(f"LibreOffice 未能生成 PDF({reason});"
                                     "请下载 .docx 版本,或请管理员检查 LibreOffice 安装")
        return target.read_bytes()


def _environment(folder: Path) -> dict[str, str]:
    """The process environment plus a private HOME and fontconfig file with the face map."""
    xdg = folder / "xdg"
    (xdg / "fontconfig").mkdir(parents=True)
    (xdg / "fontconfig" / "fonts.conf").write_text(_fonts_conf(), encoding="utf-8")
    return {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(xdg)}


def _fonts_conf() -> str:
    """fontconfig aliases: the official faces fall back to the look-alikes, if installed
    (the stand-in for the heavy 小标宋 drawn bold).
    The system configuration reads this file itself (conf.d/50-user.conf), so it must not
    include the system file again."""
    aliases = "".join(
        f'<alias binding="same"><family>{face}</family>'
        f"<prefer><family>{free}</family></prefer></alias>"
        for face, free in _FACES.items())
    heavy = ("<match target=\"pattern\"><test name=\"family\"><string>方正小标宋简体</string>"
             "</test><edit name=\"weight\" mode=\"assign\"><const>bold</const></edit></match>")
    return ('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
            f"<fontconfig>{aliases}{heavy}</fontconfig>")
