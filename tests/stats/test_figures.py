"""GET /stats: every figure, rate and rate part of a known year, against a count by hand."""

import pytest

from tests.stats.history import (
    HAND_COUNT,
    HAND_PARTS,
    HAND_UNIT_PARTS,
    HAND_UNITS,
)


@pytest.fixture
def year(world, history):
    return world["office"].ok("GET", "/stats?year=2026")


def _rates(parts: dict) -> dict:
    return {name: (n / d if d else None) for name, (n, d) in parts.items()}


def test_office_reads_every_count_of_the_year_as_counted_by_hand(year):
    assert year["year"] == 2026
    assert {name: year[name] for name in HAND_COUNT} == HAND_COUNT


def test_every_rate_comes_with_its_numerator_and_denominator(year):
    assert year["rate_parts"] == HAND_PARTS
    assert {name: year[name] for name in HAND_PARTS} == _rates(HAND_PARTS)


def test_each_unit_counts_its_own_assignments(year):
    by_unit = {row["name"]: row for row in year["by_unit"]}

    assert set(by_unit) == set(HAND_UNITS)
    for name, counts in HAND_UNITS.items():
        row = by_unit[name]
        assert {key: row[key] for key in counts} == counts, name
        assert row["rate_parts"] == HAND_UNIT_PARTS[name], name
        assert row["satisfaction_rate"] == _rates(HAND_UNIT_PARTS[name])["satisfaction_rate"]


def test_every_category_is_listed_with_its_proposals(year):
    by_category = {row["category"]: row for row in year["by_category"]}

    assert list(by_category) == ["economy", "politics", "culture", "society", "ecology", "other"]
    assert {code: row["received"] for code, row in by_category.items()} == dict(
        zip(by_category, (9, 0, 1, 1, 0, 0), strict=True)
    )
    assert by_category["culture"]["by_disposition"]["opinion"] == 1
    assert by_category["society"]["by_disposition"]["reference"] == 1
    assert by_category["economy"]["rate_parts"] == {**HAND_PARTS, "acceptance_rate": [5, 9]}


def test_each_sector_counts_its_members_proposals(year):
    by_sector = {row["sector"]: row for row in year["by_sector"]}

    assert {s: (row["received"], row["accepted"]) for s, row in by_sector.items()} == {
        "经济界": (7, 5),
        "教育界": (2, 0),
        "医药卫生界": (2, 0),
    }
    assert (by_sector["教育界"]["merged"], by_sector["医药卫生界"]["withdrawn"]) == (1, 1)
    assert by_sector["经济界"]["rate_parts"]["satisfaction_rate"] == [3, 4]


# GET /stats?unit_id=市生态环境局: its proposals P6 and P7, and only its own assignments.
ECOLOGY = {
    "received": 2,
    "assigned": 2,
    "assignments": 2,
    "replied": 2,
    "replied_on_time": 1,
    "answers": 2,
    "rated_forms": 2,
    "satisfied_forms": 1,
    "contacted": 1,
    "categories": {"A": 1, "B": 0, "C": 1, "D": 0},
}


def test_a_unit_filter_counts_that_units_proposals_and_assignments(world, history):
    ecology = world["office"].ok("GET", f"/stats?year=2026&unit_id={world.units['市生态环境局']}")

    assert {name: ecology[name] for name in ECOLOGY} == ECOLOGY
    assert [row["name"] for row in ecology["by_unit"]] == ["市生态环境局"]


def test_filters_by_category_sector_and_session_narrow_the_figures(world, history):
    office = world["office"]

    culture = office.ok("GET", "/stats?year=2026&category=culture")
    sector = office.ok("GET", "/stats?year=2026&sector=医药卫生界")
    earlier = office.ok("GET", "/stats?year=2025")

    assert (culture["received"], culture["not_accepted"], culture["assigned"]) == (1, 1, 0)
    assert (sector["received"], sector["withdrawn"], sector["not_accepted"]) == (2, 1, 1)
    assert (earlier["received"], earlier["accepted"], earlier["assigned"]) == (1, 1, 0)
    session_id = office.proposal(1)["session_id"]
    assert office.ok("GET", f"/stats?year=2025&session_id={session_id}")["received"] == 1


def test_units_are_ranked_by_on_time_reply_rate_with_their_parts(world, history):
    ranking = world["office"].ok("GET", "/stats/units?year=2026")["units"]

    assert [(u["rank"], u["name"], u["on_time_reply_rate"]) for u in ranking] == [
        (1, "市交通运输局", 1.0),
        (2, "市生态环境局", 0.5),
        (3, "市教育局", 0.0),
        (4, "市卫生健康委员会", None),
    ]
    assert ranking[1]["rate_parts"]["on_time_reply_rate"] == [1, 2]
    assert ranking[1]["rate_parts"]["satisfaction_rate"] == [1, 2]


ZHANG = {
    "filed": 7,
    "co_signed": 0,
    "accepted": 5,
    "replied": 4,
    "answers": 5,
    "rated_forms": 4,
    "satisfied_forms": 3,
    "lapsed_forms": 1,
    "satisfaction_rate": 0.75,
    "rate_parts": {"acceptance_rate": [5, 7], "satisfaction_rate": [3, 4]},
    "name": "张伟",
    "sector": "经济界",
}
LI = {"filed": 2, "co_signed": 2, "accepted": 0, "not_accepted": 1, "merged": 1}


def test_a_member_reads_their_own_record(world, history):
    zhang = world["zhang"].ok("GET", "/stats/members/zhang?year=2026")

    assert {name: zhang[name] for name in ZHANG} == ZHANG


def test_a_record_counts_proposals_co_signed_by_invitation_and_by_merger(world, history):
    li = world["office"].ok("GET", "/stats/members/li?year=2026")

    assert {name: li[name] for name in LI} == LI
