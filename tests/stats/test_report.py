"""年度提案办理情况报告: an A4 PDF whose Chinese text carries the figures, tables and charts."""

import io
import re
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from tests.stats.history import build_history

A4 = (595.28, 841.89)  # points


def _download(client, path: str):
    return client.client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {client.token}"})


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def report(world):
    build_history(world)
    response = _download(world["office"], "/reports/annual.pdf?year=2026")
    assert response.status_code == 200, response.get_data()[:300]
    return response


def test_report_is_an_a4_pdf_with_a_chinese_file_name(report):
    reader = PdfReader(io.BytesIO(report.data))

    assert report.mimetype == "application/pdf"
    assert (
        f"filename*=UTF-8''{quote('2026年度提案办理情况报告.pdf')}"
        in report.headers["Content-Disposition"]
    )
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)


def test_report_states_the_years_key_figures_in_sentences(report):
    text = _text(report.data)

    for sentence in (
        "2026年度提案办理情况报告",
        "共收到提案11件，经审查立案5件，立案率45.5%（5/11）",
        "不予立案2件，其中转为意见和建议1件；作为参阅件转有关部门参考1件",
        "已办复4件，办复率80.0%；按期办复3件，按期办复率60.0%",
        "A类（已解决或基本解决、已采纳）2件",
        "满意率75.0%；按全部答复计算，满意率为60.0%",
        "已落实1件",
    ):
        assert sentence in text, sentence


def test_report_has_unit_and_category_tables_and_charts(report):
    text = _text(report.data)

    assert "表1承办单位办理情况" in text and "表2各类别提案办理情况" in text
    assert "1市交通运输局33" in text  # rank, unit, assigned, replied
    assert "答复类别分布" in text and "承办单位按期办复率" in text  # the SVG charts' titles


def test_a_year_without_proposals_still_renders(world):
    response = _download(world["office"], "/reports/annual.pdf?year=2030")

    assert response.status_code == 200
    assert "共收到提案0件" in _text(response.data)


def test_members_cannot_download_the_report(world):
    response = _download(world["zhang"], "/reports/annual.pdf?year=2026")

    assert response.status_code == 403
