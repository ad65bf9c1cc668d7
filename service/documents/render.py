"""Render a notice's snapshot to PDF with WeasyPrint, from the Jinja templates in
templates/notices/, fetching nothing but our own files (the intranet has no internet).

`html_to_pdf` is the one way a page becomes a PDF, for the notices and the annual report
(report.py) alike: the glyph check, the URL fetcher and the memory clean-up after a render.
"""

from __future__ import annotations

import functools
import gc
import html
import logging
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service import vocabulary
from service.config import Settings
from service.documents.fetcher import local_fetcher
from service.documents.fonts import missing_glyphs

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NOTICES = TEMPLATES / "notices"
# The GB/T 9704 page that notice.css and report.css import; every render may read it.
PRINT = TEMPLATES / "print"
KINDS = (
    "acceptance_notice",
    "rejection_notice",
    "assignment_notice",
    "reminder_notice",
    "reply_letter",
    "evaluation_form",
    "follow_up_notice",
    "follow_up_report",
    "supervision_notice",
)
# Printed in the request from the proposal as it stands (proposal_form.py), never stored.
PRINTOUTS = ("proposal_form",)
# Deadlines fall due at the end of their day in the service's zone (the TIMEZONE setting,
# DOMAIN.md); the snapshot stores them as UTC instants, so the notice turns them back into that
# day. The renderer is given the zone; called without one, it takes the setting's default.
DEFAULT_ZONE = Settings().zone
TAGS = re.compile(r"<[^>]+>")
OPENING, CLOSING = "（《“‘〔", "，。、；：？！）》”’〕"
# How a sentence ends: a point that ends so is text, not a heading on its own line.
STOPS = ("。", "；", "！", "？", "：", "，")
# A number written in Chinese stays whole with its measure word (十四届, 四次, 第0003号).
NUMERALS, MEASURES = "〇零一二三四五六七八九十百千", "届次号年月日个项"
CHINESE_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
# "一、" opens a first-level point (黑体), "（一）" a second-level one (楷体), as in GB/T 9704.
POINT = {
    1: re.compile(r"^[一二三四五六七八九十]+、"),
    2: re.compile(r"^（[一二三四五六七八九十]+）"),
}


class RenderRefused(Exception):
    """The notice cannot be printed correctly here; the message says why, in Chinese."""


def template_environment(folder: Path) -> Environment:
    """Jinja for documents: escaped, and strict, so a field missing from a snapshot fails the
    render (and says so) instead of printing an empty line on an official document."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _environment(zone: ZoneInfo) -> Environment:
    env = template_environment(NOTICES)
    env.filters.update(
        chinese_number=chinese_number,
        chinese_date=functools.partial(chinese_date, zone=zone),
        days_after=functools.partial(days_after, zone=zone),
        paragraphs=paragraphs,
        em_width=em_width,
        title_lines=title_lines,
        named_proposal=named_proposal,
    )
    env.globals["vocab"] = vocabulary
    return env


def named_proposal(title: str) -> str:
    """《关于…的提案》 as a letter names it: 提案 follows the title unless the title ends in it."""
    return f"《{title}》" if title.endswith("提案") else f"《{title}》提案"


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


def _day(value: str | date, zone: ZoneInfo) -> date:
    """A day from "2026年3月16日", "2026-03-16" or an ISO instant (taken in `zone`)."""
    if isinstance(value, date):
        return value
    if found := CHINESE_DAY.fullmatch(value):
        return date(*map(int, found.groups()))
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value).astimezone(zone).date()


def chinese_date(value: str | date, *, zone: ZoneInfo = DEFAULT_ZONE) -> str:
    day = _day(value, zone)
    return f"{day.year}年{day.month}月{day.day}日"


def days_after(later: str | date, earlier: str | date, *, zone: ZoneInfo = DEFAULT_ZONE) -> int:
    """Calendar days from `earlier` to `later` (negative when `later` is before it)."""
    return (_day(later, zone) - _day(earlier, zone)).days


def paragraphs(text: str) -> list[dict]:
    """A body as typed (blank lines or line breaks between paragraphs) as paragraphs; a point
    heading such as "一、关于……。" is split off so it can be set in its own face, whether it
    runs into its text or stands on its own line (a short line with no stop of its own)."""
    found = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        level = next((n for n, pattern in POINT.items() if pattern.match(line)), 0)
        head, _, rest = line.partition("。")
        if level and rest and len(head) <= 30:
            found.append({"level": level, "head": head + "。", "text": rest})
        elif level and len(line) <= 30 and not line.endswith(STOPS):
            found.append({"level": level, "head": line, "text": ""})
        else:
            found.append({"level": 0, "head": "", "text": line})
    return found


def em_width(text: str) -> float:
    """Printed width in 字 (em): Latin letters and digits half, the rest (Chinese, and quotes and
    dashes, which the CJK faces draw full width) one."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def title_lines(text: str, width: float = 19) -> list[str]:
    """A title too long for one line, cut into lines of near-equal length with the lower ones no
    shorter (梯形, as GB/T 9704 asks; never a lone character on the last line), and never inside
    a number (figures, or Chinese numerals with their measure word: 十四届四次) nor next to a
    bracket or stop that must stay with its neighbour. The text may arrive
    escaped (a Jinja block), so it is unescaped here and escaped again when printed."""
    text = html.unescape(str(text)).strip()
    lines = math.ceil(em_width(text) / width)
    target, found, start, taken = em_width(text) / max(lines, 1), [], 0, 0.0
    for index, (ch, following) in enumerate(zip(text, text[1:], strict=False)):
        if len(found) == lines - 1:
            break
        taken += em_width(ch)
        apart = not (ch.isascii() and following.isascii())
        counted = ch in NUMERALS + "第" and (
            following in NUMERALS + MEASURES or following.isdigit()
        )
        breakable = apart and not counted and ch not in OPENING and following not in CLOSING
        if breakable and taken + em_width(following) > target:
            found.append(text[start : index + 1])
            start, taken = index + 1, 0.0
    return found + [text[start:]]


def render_html(
    kind: str, snapshot: dict, *, zone: ZoneInfo = DEFAULT_ZONE, to: dict | None = None
) -> str:
    """One copy of a notice; `to` is the addressee of this copy where each receives their own."""
    if kind not in KINDS + PRINTOUTS:
        raise RenderRefused(f"不支持的公文类型：{kind}")
    return _environment(zone).get_template(f"{kind}.html").render(doc=snapshot, to=to)


def render_pdf(kind: str, snapshot: dict, *, zone: ZoneInfo = DEFAULT_ZONE) -> bytes:
    """The PDF of one notice; refuses (RenderRefused) when a character cannot be drawn. A reply
    is written to each of its addressees (分别答复): one letter each, one after another."""
    _justify_between_characters()
    return html_to_pdf(
        [
            _numbered_anchors(render_html(kind, snapshot, zone=zone, to=to), index)
            for index, to in enumerate(snapshot.get("addressees") or [None])
        ],
        NOTICES,
        remedy="请安装包含这些字的字体，或更正文字后重新生成。",
    )


def _numbered_anchors(page: str, index: int) -> str:
    """Each letter's date anchors named for its place among the letters bound together, so
    that each letter can be stamped (signing.py finds seal-from-0, seal-to-0, …)."""
    return page.replace('id="seal-from"', f'id="seal-from-{index}"').replace(
        'id="seal-to"', f'id="seal-to-{index}"'
    )


def html_to_pdf(pages: str | Sequence[str], folder: Path, *, remedy: str) -> bytes:
    """The PDF of HTML pages whose relative links name files in `folder` (their stylesheet);
    WeasyPrint may read those and the shared print stylesheet, nothing else. Several pages are
    laid out each on its own (each letter starts on a new sheet with its own page numbers) and
    bound into one PDF.

    Raises:
        RenderRefused: a character has no glyph in the installed fonts; the message ends with
            `remedy`, what the office should do about it.
    """
    pages = [pages] if isinstance(pages, str) else list(pages)
    check_glyphs("".join(pages), remedy=remedy)
    try:
        laid_out = [lay_out(page, folder) for page in pages]
        return laid_out[0].copy([sheet for one in laid_out for sheet in one.pages]).write_pdf()
    finally:
        gc.collect()  # a render left to the collector holds hundreds of MiB
        _freeze_survivors()


def check_glyphs(page_html: str, *, remedy: str) -> None:
    """Refuse (RenderRefused) a page with a character the installed fonts cannot draw."""
    missing = missing_glyphs(html.unescape(TAGS.sub("", page_html)))
    if missing:
        named = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:10])
        raise RenderRefused(f"文中{named}在已安装的字体中没有字形，打印会成为空框；{remedy}")


def lay_out(page_html: str, folder: Path):
    """WeasyPrint's layout of one page of HTML whose links name files in `folder`, fetching
    nothing else but the shared print stylesheet."""
    from weasyprint import HTML

    fetcher = local_fetcher(folder, PRINT)
    return HTML(string=page_html, base_url=str(folder) + "/", url_fetcher=fetcher).render()


@functools.cache
def _freeze_survivors() -> None:
    """What outlives the first render (modules, fonts, WeasyPrint's caches) lives as long as the
    process. Freezing it keeps each later collection to the newest render's objects: scanning
    everything cost ~50 ms a notice, a quarter of the render."""
    gc.freeze()


@functools.cache
def _justify_between_characters() -> None:
    """Teach WeasyPrint to justify Chinese. It stretches only spaces, so a line of Chinese that
    breaks a character early (a 。 may not start a line) stays ragged; official documents are
    set flush on both sides. Lines without spaces get the slack as extra letter spacing, which
    the text is drawn with later (internals of WeasyPrint 70; without them, lines stay ragged).
    """
    try:
        from weasyprint.layout import inline

        by_spaces, count_spaces = inline.justify_line, inline.count_expandable_spaces
    except (ImportError, AttributeError):
        log.warning("WeasyPrint internals changed: Chinese lines are left ragged")
        return

    def justify_line(context, line, extra_width):
        characters = _characters(line)
        if count_spaces(line) or extra_width <= 0 or characters < 2:
            return by_spaces(context, line, extra_width)
        _spread(line, extra_width / (characters - 1), 0)

    inline.justify_line = justify_line


def _characters(box) -> int:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return len(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_characters(child) for child in box.children if child.is_in_normal_flow())
    return 0


def _spread(box, step: float, shift: float) -> float:
    """Move `box` right by `shift` and widen its characters by `step`; the shift after it."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        box.position_x += shift
        box.style = box.style.copy()  # the element's other lines keep their spacing
        spacing = box.style["letter_spacing"]
        box.style["letter_spacing"] = (0 if spacing == "normal" else spacing) + step
        box.width += step * len(box.text)
        return shift + step * len(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += shift
        start = shift
        for child in box.children:
            if child.is_in_normal_flow():
                shift = _spread(child, step, shift)
        box.width += shift - start
        return shift
    box.translate(shift, 0)  # an atomic inline box moves with all it holds
    return shift
