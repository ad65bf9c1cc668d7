"""Is Chinese printable here? Fonts are checked at start-up and each notice's characters against
what the installed fonts can draw, because WeasyPrint draws missing glyphs as empty boxes
without a word."""

from __future__ import annotations

import bisect
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


def _fc_list(*arguments: str) -> list[str]:
    """The distinct lines `fc-list` prints for these arguments ([] when fontconfig is absent)."""
    if shutil.which("fc-list") is None:
        return []
    result = subprocess.run(
        ["fc-list", *arguments], capture_output=True, text=True, timeout=30, check=False
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
def _covered() -> tuple[list[int], list[int]]:
    """Every code point some installed font can draw (Pango falls back to any of them), as
    merged ranges: starts and ends, for bisecting.

    fontconfig keeps each font's character set in its cache, so asking it costs ~30 ms; reading
    the cmaps of the CJK collections with fontTools took ~9 s in every new worker process.
    """
    spans = []
    for line in _fc_list("--format=%{charset}\\n"):
        for span in line.split():
            first, _, last = span.partition("-")
            spans.append((int(first, 16), int(last or first, 16)))
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(spans):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _drawable(point: int) -> bool:
    starts, ends = _covered()
    index = bisect.bisect_right(starts, point) - 1
    return index >= 0 and point <= ends[index]


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that no installed font can draw (line breaks and spaces aside)."""
    return sorted({ch for ch in set(text) if not ch.isspace() and not _drawable(ord(ch))})
