"""Reading a member's 提案 written in Word: the 案由, the three parts under their headings (or free
paragraphs as one 正文), a category guessed from the words, and whether the file holds tables or
pictures that no field can take (so the caller keeps the file itself beside the draft)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from service.errors import InvalidInput

PARTS = {
    "background": ("背景情况", "背景", "基本情况", "现状"),
    "analysis": ("问题分析", "存在问题", "存在的问题", "主要问题", "问题"),
    "suggestions": ("具体建议", "对策建议", "意见建议", "建议"),
}
# Words that name a category; a guess needs two of them and a clear lead over the next one.
CATEGORY_WORDS = {
    "economy": (
        "经济",
        "产业",
        "企业",
        "营商",
        "招商",
        "金融",
        "税",
        "消费",
        "市场",
        "农业",
        "乡村振兴",
    ),
    "politics": ("法治", "民主", "政务", "监督", "基层治理", "执法", "司法", "廉政", "统战"),
    "culture": ("文化", "文物", "非遗", "旅游", "图书馆", "博物馆", "文艺", "体育", "阅读"),
    "society": (
        "教育",
        "学校",
        "医疗",
        "医院",
        "养老",
        "就业",
        "社区",
        "交通",
        "停车",
        "住房",
        "托育",
    ),
    "ecology": ("生态", "环保", "污染", "绿化", "河道", "水质", "垃圾", "碳", "节能", "湿地"),
}
TITLE_LABEL = re.compile(r"^\s*案\s*由\s*[:：]\s*")
NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*"
)
# A heading is a short name, alone on its line or followed by a colon and its first text.
HEADING = re.compile(r"^([^:：]{1,12})(?:[:：]\s*(.*))?$", re.S)
MAX_TITLE = 200


@dataclass
class ReadProposal:
    title: str
    category: str
    parts: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    has_extras: bool = False

    def as_draft(self) -> dict:
        fields = {"title": self.title, "category": self.category}
        if self.parts:
            fields.update(self.parts)
        elif self.body:
            fields["body"] = self.body
        return fields


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, details={"file": [message]})


def _open(data: bytes):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse("文件不是 Word 文档（.docx）：请在 Word 中“另存为 .docx”后再上传。")
    try:
        return Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise _refuse(
            "文件无法作为 Word 文档（.docx）打开，可能已损坏，请重新保存后上传。"
        ) from None


def _part_of(line: str) -> tuple[str, str] | None:
    """The part a heading line opens and any text after its colon, or None for plain text."""
    heading = HEADING.match(NUMBERING.sub("", line).strip())
    if heading is None:
        return None
    name, after = heading.group(1).strip(), (heading.group(2) or "").strip()
    for part, names in PARTS.items():
        if name in names:
            return part, after
    return None


def _title_index(lines: list[tuple[str, str]]) -> int:
    for index, (text, _style) in enumerate(lines):
        if TITLE_LABEL.match(text):
            return index
    for index, (_text, style) in enumerate(lines):
        if style == "Title" or style.startswith("Heading"):
            return index
    return 0


def guess_category(text: str) -> str:
    scores = {
        code: sum(text.count(word) for word in words) for code, words in CATEGORY_WORDS.items()
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_next, second) = ranked[0], ranked[1]
    return best if top >= 2 and top > second else "other"


def read_proposal(data: bytes) -> ReadProposal:
    """The draft's fields read from a .docx; InvalidInput (422) for a file that is not one or
    has no text."""
    document = _open(data)
    lines = [
        (p.text.strip(), p.style.name if p.style is not None else "")
        for p in document.paragraphs
        if p.text.strip()
    ]
    if not lines:
        raise _refuse("Word 文档中没有文字，请检查文件后重新上传。")
    start = _title_index(lines)
    title = TITLE_LABEL.sub("", lines[start][0]).strip()[:MAX_TITLE]
    rest = [text for text, _style in lines[start + 1 :]]
    parts: dict[str, list[str]] = {}
    loose: list[str] = []
    current = None
    for text in rest:
        opened = _part_of(text)
        if opened is not None:
            current, after = opened
            parts.setdefault(current, [])
            if after:
                parts[current].append(after)
        elif current is not None:
            parts[current].append(text)
        else:
            loose.append(text)
    filled = {name: "\n".join(texts) for name, texts in parts.items() if texts}
    if filled and loose:
        # Text before the first heading belongs to the background the member began with.
        filled["background"] = "\n".join(
            loose + ([filled["background"]] if "background" in filled else [])
        )
    body = None if filled else "\n".join(loose) or None
    has_extras = bool(document.tables) or bool(document.inline_shapes)
    return ReadProposal(
        title=title,
        category=guess_category(title + "\n" + "\n".join(rest)),
        parts=filled,
        body=body,
        has_extras=has_extras,
    )
