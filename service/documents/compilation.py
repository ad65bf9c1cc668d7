"""提案汇编 and 答复汇编 of a session: a cover, a table of contents by category with page numbers,
then every accepted proposal (or its replies) from its own page, with a PDF outline.

A session has hundreds of proposals, more than WeasyPrint lays out in bounded memory at once,
so the body is rendered in runs of `RUN` proposals, each numbering its pages on from the last,
then the cover and contents (whose page numbers the runs told), and the whole is bound with
pypdf. Only one run's layout is ever alive.
"""

from __future__ import annotations

import functools
import gc
import io
from collections.abc import Callable

from service.documents.render import check_glyphs, lay_out, template_environment
from service.documents.report import REPORTS

PROPOSAL_COMPILATION, REPLY_COMPILATION = "proposal_compilation", "reply_compilation"
KINDS = (PROPOSAL_COMPILATION, REPLY_COMPILATION)
LABELS = {PROPOSAL_COMPILATION: "提案汇编", REPLY_COMPILATION: "答复汇编"}
RUN = 40
Progress = Callable[[int, int], None]


@functools.cache
def _environment():
    return template_environment(REPORTS)


def _layout(page_html: str):
    check_glyphs(page_html, remedy="请安装相应字体后重新生成。")
    return lay_out(page_html, REPORTS)


def _ordered(snapshot: dict) -> list[dict]:
    """Categories in the vocabulary's order, each with its proposals by number."""
    by_category: dict[str, list[dict]] = {}
    for item in snapshot["items"]:
        by_category.setdefault(item["category"], []).append(item)
    return [
        {"code": code, "label": label, "proposals": by_category[code]}
        for code, label in snapshot["categories"].items()
        if code in by_category
    ]


def compilation_pdf(kind: str, snapshot: dict, *, progress: Progress | None = None) -> bytes:
    """The bound PDF; `progress(done, total)` is told after each run.

    Raises:
        RenderRefused: a character has no glyph in the installed fonts.
    """
    from pypdf import PdfReader, PdfWriter

    categories = _ordered(snapshot)
    items = [item for category in categories for item in category["proposals"]]
    label = LABELS[kind]
    part = _environment().get_template("compilation_part.html")
    runs, pages, next_page = [], {}, 1
    for start in range(0, len(items), RUN):
        chunk = items[start : start + RUN]
        laid_out = _layout(part.render(kind=kind, label=label, items=chunk, first_page=next_page))
        for index, page in enumerate(laid_out.pages):
            for key in page.anchors:
                pages.setdefault(key, next_page + index)
        next_page += len(laid_out.pages)
        runs.append(laid_out.write_pdf())
        del laid_out
        gc.collect()
        if progress is not None:
            progress(start + len(chunk), len(items))
    front = (
        _environment()
        .get_template("compilation_front.html")
        .render(
            categories=categories, pages=pages, label=label, total=len(items), **snapshot["cover"]
        )
    )
    front_pdf = _layout(front).write_pdf()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front_pdf)), import_outline=False)
    offset = len(writer.pages) - 1  # page n of the body is the PDF's page offset + n
    for run in runs:
        writer.append(PdfReader(io.BytesIO(run)), import_outline=False)
    for category in categories:
        first = pages[category["proposals"][0]["key"]]
        parent = writer.add_outline_item(title=category["label"], page_number=offset + first)
        for item in category["proposals"]:
            writer.add_outline_item(
                title=f"{item['number_label']} {item['title']}",
                page_number=offset + pages[item["key"]],
                parent=parent,
            )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
