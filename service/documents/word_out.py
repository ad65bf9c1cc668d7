"""Documents as editable Word files: a reply letter, for a unit to route through its own 发文
system, and the printed 提案表 (proposal_form.py).

Each is rendered by the same template as its PDF (so its wording is written once), then the
rendered HTML is set in Word block by block in the GB/T 9704 faces and sizes: 方正小标宋 for the
issuer and the title, 仿宋_GB2312 三号 for the text, 黑体/楷体 for the points, and a ruled table
(4号, 黑体 labels) for each table of the page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from service.documents.html_blocks import Block, Blocks, Cell, Table
from service.documents.render import DEFAULT_ZONE, render_html
from service.vocabulary import WORD_KINDS

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FACE, TEXT_FACE, LABEL_FACE = "方正小标宋简体", "仿宋_GB2312", "黑体"
POINT_FACES = {"h1": LABEL_FACE, "h2": "楷体_GB2312", "part": LABEL_FACE}
RED = RGBColor(0xC0, 0x00, 0x00)
TEXT_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(14)  # 4号, as the PDF's tables
TEXT_WIDTH = 156  # mm: the GB/T 9704 text block


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
    """签发人 on the left, the 文号 flush right, on one line (a form's number and category)."""
    paragraph = _paragraph(document)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    _face(paragraph.add_run("\t".join(text for _class, text in block.runs)), TEXT_FACE)


def _text(document, block: Block) -> None:
    right = block.kind in ("category-mark", "signature-line", "printed-on")
    paragraph = _paragraph(
        document,
        WD_ALIGN_PARAGRAPH.RIGHT if right else None,
        indent=block.kind in ("text", "item", "note"),
    )
    if block.kind == "signature-line":
        paragraph.paragraph_format.right_indent = Pt(64)  # the date four characters in
    if block.kind == "record-line":
        _rule(paragraph)
    size = TABLE_SIZE if block.kind == "printed-on" else TEXT_SIZE
    for face_class, text in block.runs:
        face = POINT_FACES.get(face_class, "黑体" if block.kind == "category-mark" else TEXT_FACE)
        _face(paragraph.add_run(text), face, size)


def _heading_line(document, block: Block) -> None:
    """The line over a form's title (the committee and session), in 小标宋, black."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.line_spacing = None
    _face(paragraph.add_run(block.text), TITLE_FACE, Pt(block.size or 18))


def _widths(table: Table) -> list[float]:
    """Each column's width in mm across the text block: as `<col>` gives it, else equal."""
    given = table.widths[: table.columns]
    if len(given) != table.columns or not all(given):
        given = [1.0] * table.columns
    return [TEXT_WIDTH * width / sum(given) for width in given]


def _cell(target, cell: Cell, width: float) -> None:
    """Fill one Word cell: its width, its labels in 黑体 centred, its values in 仿宋, a body
    paragraph indented two characters, a part heading (背景情况) in 黑体."""
    target.width = Mm(width)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, block in enumerate(cell.paragraphs or [Block("cell")]):
        paragraph = target.paragraphs[0] if index == 0 else target.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if cell.centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if block.kind == "text":
            paragraph.paragraph_format.first_line_indent = Pt(28)  # two characters of 4号
        for face_class, text in block.runs:
            heading = cell.header or block.kind == "part"
            face = LABEL_FACE if heading else POINT_FACES.get(face_class, TEXT_FACE)
            for number, line in enumerate(text.split("\n")):
                if number:
                    paragraph.add_run().add_break()
                _face(paragraph.add_run(line), face, TABLE_SIZE)


def _table(document, block: Table) -> None:
    """A ruled table as wide as the text block, cells spanning columns as in the page."""
    widths = _widths(block)
    grid = document.add_table(rows=len(block.rows), cols=block.columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Mm(width)
    for number, row in enumerate(block.rows):
        at = 0
        for cell in row:
            target = grid.cell(number, at)
            if cell.span > 1:
                target = target.merge(grid.cell(number, at + cell.span - 1))
            _cell(target, cell, sum(widths[at : at + cell.span]))
            at += cell.span


WRITERS = {
    "rule": _rules,
    "double-rule": _rules,
    "issuer": _issuer,
    "title": _title,
    "letter-marks": _marks,
    "form-marks": _marks,
    "form-session": _heading_line,
    "table": _table,
    # The signature and the record are set line by line: their lines are blocks of their own.
    "signature": lambda document, block: None,
    "record": lambda document, block: None,
}


def _page(section) -> None:
    """A4 with the GB/T 9704 margins (天头 37 mm, 订口 28 mm)."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def pages_docx(pages: Iterable[str]) -> bytes:
    """The .docx of rendered pages (HTML of templates/notices/), each from a new page."""
    document = Document()
    _page(document.sections[0])
    for index, page in enumerate(pages):
        if index:
            document.add_section(WD_SECTION.NEW_PAGE)
        parser = Blocks()
        parser.feed(page)
        for block in parser.blocks:
            WRITERS.get(block.kind, _text)(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_docx(kind: str, snapshot: dict, *, zone: ZoneInfo = DEFAULT_ZONE) -> bytes:
    """The .docx of a letter, one letter per addressee (分别答复), each on a new page. Other
    notices stay PDFs (vocabulary.WORD_KINDS)."""
    assert kind in WORD_KINDS, kind
    return pages_docx(
        render_html(kind, snapshot, zone=zone, to=to) for to in snapshot.get("addressees") or [None]
    )
