"""Word documents as members write them, made with python-docx for the import tests."""

from __future__ import annotations

import io

from docx import Document

FORM = [
    ("政协第十四届委员会第四次会议提案", "Normal"),
    ("案由：关于缓解老旧小区停车难的提案", "Normal"),
    ("一、背景情况", "Heading 2"),
    ("全市老旧小区停车位缺口约三万个。", "Normal"),
    ("车辆占用消防通道时有发生。", "Normal"),
    ("二、问题分析", "Heading 2"),
    ("小区内部空间有限，周边缺少公共停车场。", "Normal"),
    ("三、具体建议：", "Heading 2"),
    ("一是利用边角地建设立体停车设施；二是推行错时共享停车。", "Normal"),
]


def docx_of(paragraphs, *, table: bool = False) -> io.BytesIO:
    document = Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if table:
        document.add_table(rows=2, cols=2).cell(0, 0).text = "停车位缺口"
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer
