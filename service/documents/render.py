"""Render a notice's snapshot to PDF with WeasyPrint, from the Jinja templates in
templates/notices/, fetching nothing but our own files (the intranet has no internet)."""

from __future__ import annotations

import functools
import gc
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.documents.fonts import missing_glyphs

NOTICES = Path(__file__).resolve().parents[2] / "templates" / "notices"
KINDS = (
    "acceptance_notice",
    "rejection_notice",
    "assignment_notice",
    "reminder_notice",
    "reply_letter",
    "evaluation_form",
    "follow_up_notice",
    "follow_up_report",
)


class RenderRefused(Exception):
    """The notice cannot be printed correctly here; the message says why, in Chinese."""


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(NOTICES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["chinese_number"] = chinese_number
    return env


def chinese_number(value: int) -> str:
    """Small counts as written in official documents: 3 → 三, 14 → 十四."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    if value < 100:
        return digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    return str(value)


@functools.cache
def _fetcher():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Serves only files under templates/notices/: no network, nothing else on disk."""

        def fetch(self, url, headers=None):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if not url.startswith("file://") or NOTICES not in path.parents:
                raise ValueError(f"refusing to fetch {url!r}: notices use only their own files")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file",))


def render_html(kind: str, snapshot: dict) -> str:
    if kind not in KINDS:
        raise RenderRefused(f"不支持的公文类型：{kind}")
    return _environment().get_template(f"{kind}.html").render(doc=snapshot)


def render_pdf(kind: str, snapshot: dict) -> bytes:
    """The PDF of one notice; refuses (RenderRefused) when a character cannot be drawn."""
    from weasyprint import HTML

    html = render_html(kind, snapshot)
    text = re.sub(r"<[^>]+>", "", html)
    missing = missing_glyphs(text)
    if missing:
        raise RenderRefused(
            f"文中“{''.join(missing[:10])}”在已安装的字体中没有字形，"
            "打印会成为空框；请安装包含这些字的字体，或更正文字后重新生成。"
        )
    try:
        return HTML(string=html, base_url=str(NOTICES) + "/", url_fetcher=_fetcher()).write_pdf()
    finally:
        gc.collect()  # a render left to the collector holds hundreds of MiB
