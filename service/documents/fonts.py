"""Is Chinese printable here? Fonts are checked at start-up and each notice's characters against
what the installed fonts can draw, because WeasyPrint draws missing glyphs as empty boxes
without a word."""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)
INSTALL_HINT = (
    "请安装中文字体（Debian：apt-get install fonts-noto-cjk libharfbuzz-subset0）后重启服务。"
)


@dataclass(frozen=True)
class FontStatus:
    ok: bool
    families: tuple[str, ...]
    message: str


def _fc_list(pattern: str, fields: str) -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    result = subprocess.run(
        ["fc-list", pattern, fields], capture_output=True, text=True, timeout=30, check=False
    )
    return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})


def check_fonts() -> FontStatus:
    """A font that declares Simplified Chinese must be installed (fc-match alone proves nothing:
    it answers DejaVu and succeeds)."""
    families = tuple(_fc_list(":lang=zh-cn", "family"))
    if not families:
        message = "未找到中文字体，公文 PDF 暂停生成。" + INSTALL_HINT
        log.error(message)
        return FontStatus(False, (), message)
    return FontStatus(True, families, f"中文字体可用：{families[0]} 等 {len(families)} 种")


@functools.cache
def _covered() -> frozenset[int]:
    """Every code point some installed CJK or DejaVu font can draw."""
    from fontTools.ttLib import TTCollection, TTFont

    files = _fc_list(":lang=zh-cn", "file") + _fc_list("DejaVu", "file")
    points: set[int] = set()
    for entry in files:
        path = entry.rstrip(":")
        fonts = (
            TTCollection(path, lazy=True).fonts
            if path.endswith(".ttc")
            else [TTFont(path, lazy=True)]
        )
        for font in fonts:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that no installed font can draw (line breaks and spaces aside)."""
    covered = _covered()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
