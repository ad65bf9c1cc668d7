"""A rendered notice or form read back as the blocks Word sets (word_out.py): its classed divs
and paragraphs, its title, list items, and its tables with their cells' paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)pt")
WIDTH = re.compile(r"width:\s*([\d.]+)%")
# The classes that make a block of their own kind (a letter's parts, the form's heading lines).
BLOCKS = ("category-mark", "issuer", "double-rule", "rule", "letter-marks", "addressee")
BLOCKS += ("signature", "note", "record", "form-session", "form-marks", "printed-on")
# A run's face class: the body's point headings (黑体, 楷体) and a form's part headings (黑体).
FACES = ("h1", "h2", "part")
PARAGRAPHS = ("div", "p", "h1", "h2", "h3", "li")


@dataclass
class Block:
    """One paragraph-like piece of the rendered page: what it is and its runs of text."""

    kind: str
    runs: list[tuple[str, str]] = field(default_factory=list)  # (face class or "", text)
    size: float | None = None

    @property
    def text(self) -> str:
        return "".join(text for _face, text in self.runs)


@dataclass
class Cell:
    """One cell of a table: a label (`th`) or a value, the columns it spans, its paragraphs."""

    header: bool
    span: int = 1
    centred: bool = False
    paragraphs: list[Block] = field(default_factory=list)

    def paragraph(self, kind: str = "cell") -> Block:
        """The paragraph text goes into: the last one, or a first plain one."""
        if not self.paragraphs:
            self.paragraphs.append(Block(kind))
        return self.paragraphs[-1]


@dataclass
class Table(Block):
    """A ruled table: rows of cells, and the columns' widths in per cent where `<col>` says."""

    rows: list[list[Cell]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return max((sum(cell.span for cell in row) for row in self.rows), default=0)


class Blocks(HTMLParser):
    """The page's blocks in order; feed it the rendered HTML, then read `blocks`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.open: list[Block | None] = []
        self.face: list[str] = []
        self.in_title = False
        self.table: Table | None = None
        self.cell: Cell | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "span" or (tag == "br" and self.cell is None):
            self._inline(tag, classes)
        elif self.table is not None:
            self._in_table(tag, attributes, classes)
        elif tag == "table":
            self.table = Table("table")
            self.blocks.append(self.table)
        elif tag in PARAGRAPHS:
            self._block(tag, attributes, classes)
        elif tag == "title":
            self.in_title = True

    def _inline(self, tag, classes):
        if tag == "span":
            self.face.append(next((c for c in classes if c in FACES), ""))
        elif self.open and self.open[-1] is not None:
            self.open[-1].runs.append(("", "\n"))

    def _block(self, tag, attributes, classes):
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

    def _in_table(self, tag, attributes, classes):
        table = self.table
        if tag == "col":
            found = WIDTH.search(attributes.get("style") or "")
            table.widths.append(float(found.group(1)) if found else 0.0)
        elif tag == "tr":
            table.rows.append([])
        elif tag in ("th", "td") and table.rows:
            self.cell = Cell(
                header=tag == "th",
                span=int(attributes.get("colspan") or 1),
                centred=tag == "th" or "center" in classes,
            )
            table.rows[-1].append(self.cell)
        elif self.cell is not None and (tag in PARAGRAPHS or tag == "br"):
            heading = tag in ("h2", "h3") or "part" in classes
            self.cell.paragraphs.append(
                Block("part" if heading else "text" if tag == "p" else "cell")
            )

    def handle_endtag(self, tag):
        if tag == "span" and self.face:
            self.face.pop()
        elif tag == "table":
            self.table = self.cell = None
        elif tag in ("th", "td"):
            self.cell = None
        elif self.table is None and tag in PARAGRAPHS and self.open:
            self.open.pop()
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title or not data.strip():
            return
        face = self.face[-1] if self.face else ""
        if self.cell is not None:
            self.cell.paragraph().runs.append((face, data.strip()))
        elif self.table is None and self.open and self.open[-1] is not None:
            self.open[-1].runs.append((face, data.strip()))
