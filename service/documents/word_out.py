"""A reply letter as an editable Word document, for a unit to route through its own 发文 system.

The letter is rendered by the same template as its PDF (so its wording is written once), then
the rendered HTML is set in Word paragraph by paragraph in the GB/T 9704 faces and sizes:
方正小标宋 for the issuer and the title, 仿宋_GB2312 三号 for the text, 黑体/楷体 for the points.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from service.documents.render import DEFAULT_ZONE, render_html
from service.vocabulary import WORD_KINDS

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FACE, TEXT_FACE, POINT_FACES = (
    "方正小标宋简体",
    "仿宋_GB2312",
    {"h1": "黑体", "h2": "楷体_GB2312"},
)
RED = RGBColor(0xC0, 0x00, 0x00)
TEXT_SIZE = Pt(16)  # 三号
FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)pt")
BLOCKS = ("category-mark", "issuer", "double-rule", "rule", "letter-marks", "addressee")
BLOCKS += ("signature", "note", "record")


@dataclass
class Block:
    """One paragraph-like piece of the rendered letter: what it is and its runs of text."""

    kind: str
    runs: list[tuple[str, str]] = field(default_factory=list)  # (face class or "", text)
    size: float | None = None

    @property
    def text(self) -> str:
        return "".join(text for _face, text in self.runs)


class _Blocks(HTMLParser):
    """The letter's blocks in order: the classed divs and paragraphs, the title, list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.open: list[Block | None] = []
        self.face: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in ("span", "br") and self.open and self.open[-1] is not None:
            if tag == "br":
                self.open[-1].runs.append(("", "\n"))
            else:
                self.face.append(next((c for c in classes if c in POINT_FACES), ""))
            return
        if tag in ("div", "p", "h1", "li"):
            kind = next((c for c in classes if c in BLOCKS), "title" if tag == "h1" else "")
            if tag == "li":
                kind = "item"
            elif tag == "div" and not kind and self.open and self.open[-1] is not None:
                kind = f"{self.open[-1].kind}-line"  # a line of the signature or the record
            if kind or tag == "p":
                size = FONT_SIZE.search(attributes.get("style") or "")
                block = Block(kind or "text", size=float(size.group(1)) if size else None)
                self.blocks.append(block)
                self.open.append(block)
                return
            self.open.append(None)
        elif tag == "title":
            self.in_title = True

    def handle_endtag(self, tag):
        if tag == "span" and self.face:
            self.face.pop()
        elif tag in ("div", "p", "h1", "li") and self.open:
            self.open.pop()
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title or not self.open or self.open[-1] is None or not data.strip():
            return
        target = self.open[-1]
        target.runs.append((self.face[-1] if self.face else "", data.strip()))


def _face(run, name: str, size=TEXT_SIZE, *, bold: bool = False, colour=None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _rule(paragraph, style: str = "single") -> None:
    """A red rule under the paragraph (the 版头's 分隔线), drawn as its bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", style), ("sz", "12"), ("space", "1"), ("color", "C00000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _paragraph(document, align=None, *, indent: bool = False):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(28)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
    return paragraph


def _rules(document, block: Block) -> None:
    _rule(document.paragraphs[-1], "double" if block.kind == "double-rule" else "single")


def _issuer(document, block: Block) -> None:
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.line_spacing = None
    _face(paragraph.add_run(block.text), TITLE_FACE, Pt(block.size or 36), colour=RED)


def _title(document, block: Block) -> None:
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.space_before = Pt(28)
    paragraph.paragraph_format.space_after = Pt(28)
    paragraph.paragraph_format.line_spacing = None
    for index, line in enumerate(block.text.split("\n")):
        run = paragraph.add_run(line)
        _face(run, TITLE_FACE, Pt(22))
        if index:
            run._element.addprevious(OxmlElement("w:br"))


def _marks(document, block: Block) -> None:
    """签发人 on the left, the 文号 flush right, on one line."""
    paragraph = _paragraph(document)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    _face(paragraph.add_run("\t".join(text for _class, text in block.runs)), TEXT_FACE)


def _text(document, block: Block) -> None:
    right = block.kind in ("category-mark", "signature-line")
    paragraph = _paragraph(
        document,
        WD_ALIGN_PARAGRAPH.RIGHT if right else None,
        indent=block.kind in ("text", "item", "note"),
    )
    if block.kind == "signature-line":
        paragraph.paragraph_format.right_indent = Pt(64)  # the date four characters in
    if block.kind == "record-line":
        _rule(paragraph)
    for face_class, text in block.runs:
        face = POINT_FACES.get(face_class, "黑体" if block.kind == "category-mark" else TEXT_FACE)
        _face(paragraph.add_run(text), face)


WRITERS = {
    "rule": _rules,
    "double-rule": _rules,
    "issuer": _issuer,
    "title": _title,
    "letter-marks": _marks,
    # The signature and the record are set line by line: their lines are blocks of their own.
    "signature": lambda document, block: None,
    "record": lambda document, block: None,
}


def _page(section) -> None:
    """A4 with the GB/T 9704 margins (天头 37 mm, 订口 28 mm)."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def letter_docx(kind: str, snapshot: dict, *, zone: ZoneInfo = DEFAULT_ZONE) -> bytes:
    """The .docx of a letter, one letter per addressee (分别答复), each on a new page. Only the
    letter's blocks are known here: a notice with tables stays a PDF."""
    assert kind in WORD_KINDS, kind
    document = Document()
    _page(document.sections[0])
    for index, to in enumerate(snapshot.get("addressees") or [None]):
        if index:
            document.add_section(WD_SECTION.NEW_PAGE)
        parser = _Blocks()
        parser.feed(render_html(kind, snapshot, zone=zone, to=to))
        for block in parser.blocks:
            WRITERS.get(block.kind, _text)(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
