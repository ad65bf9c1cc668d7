"""年度提案办理统计: the figures of one session year, as `GET /api/v1/stats` answers them.

Scope: the proposals of the plenary sessions of `year` that were ever submitted (drafts never
count), optionally of one session, category, 界别, type (个人/联名/集体) or lead proposer.
With `unit_id`, only the proposals that unit was ever assigned, and only that unit's
assignments. The year is the
session's year (a proposal filed after 12月5日 belongs to next year's session).

Proposal counts (each proposal once, whatever its state now):
  received         submitted_at set.
  accepted         accepted_at set (立案). Merged and withdrawn proposals are never accepted,
                   so they stay out of every rate built on accepted, assigned or replied.
  not_accepted     state not_accepted; `by_disposition` splits them by where they went.
  merged           state merged.        withdrawn     state withdrawn (after submission).
  under_review     state submitted, returned (退回修改) or transferring (转办中, awaiting the
                   receiving body).
  transferred      state transferred (已转办): taken by another body, which counts it again as
                   received by it (its own proposal, filed from the text sent).
  assigned         at least one assignment (交办), of any role and state.
  replied          replied_at set: every lead/separate unit answered at some time. Ever
                   replied, whatever the state now; a re-handled proposal counts once.
  reply_due        replied, or some lead/separate assignment without a final reply has passed
                   its first-round reply deadline: the base of 按期办复率.
  replied_on_time  replied, and none of its lead/separate assignments (returned ones aside) is
                   late. An assignment is late when its first final reply (the earliest reply
                   of kind `reply` now `final`, timed when the unit wrote it, so the office's
                   review does not count against the unit) came after its first-round reply
                   deadline (the `reply` Deadline row, as extended), or when it has no final
                   reply and that deadline has passed. Re-handling deadlines do not count here.
  overdue          some lead/separate assignment still owes its reply (first round or
                   re-handling: pending, handling, return_requested, reply_review, rehandling)
                   and its deadline on the row (`due_at`, as extended) has passed now: the
                   deadlines the sweep marks `overdue`, judged by the clock so that the figure
                   is right between sweeps. A reply deadline falls due at the end of its day,
                   so the figure changes only once a day and with events.

Assignment counts (an assignment is one unit's part; returned ones count only where named):
  assignments            every assignment, returned ones included; `returned_assignments`
                         those returned (退回). A reassigned proposal counts its new assignment.
  answers                lead/separate assignments, not returned, with a final reply (答复件);
                         each once however many rounds it took.
  categories A–D         each answer by the category of its latest final reply (as corrected
                         by the office). Counted per answer, not per proposal.
  rated_forms            answers whose latest final reply has the proposer's rating (entered by
                         the proposer, or by the office from a paper form: `proxy`). Co-signers'
                         own ratings never count. A lapsed evaluation (未反馈) is replied but not
                         rated (`lapsed_forms`); an unrated new round is not yet rated.
  satisfied_forms        rated forms whose result is satisfied, basically satisfied or very
                         satisfied; `unsatisfied_forms` the others.
  attitude_unsatisfied_forms  rated forms that rate the unit's attitude (办理态度) 不满意,
                         whatever they say of the result: a 满意 result with a 不满意 attitude
                         re-opens nothing, so only this figure and the 交办清单 show it.
  contacted              answers whose unit logged a contact, not denied by the proposer, no
                         later than the first final reply (办前沟通); a waiver is no contact.
  follow_ups             回头看 rows: started, completed, and each outcome.

Rates (fractions 0..1, null when the denominator is 0; `rate_parts` gives [num, den]):
  acceptance_rate 立案率 = accepted / received; reply_rate 办复率 = replied / assigned;
  on_time_reply_rate 按期办复率 = replied_on_time / reply_due, where reply_due counts the
  proposals replied or with a first-round reply deadline passed (not those still running);
  satisfaction_rate 满意率 = satisfied_forms / rated_forms;
  satisfaction_rate_all_replied = satisfied_forms / answers (lapsed and unrated in the base);
  adoption_rate 采纳率 = (A + B) / answers; contact_rate 办前沟通率 = contacted / answers;
  implementation_rate 落实率 = implemented / completed follow-ups.

`by_unit` counts assignments: assigned = the unit's lead/separate assignments not returned,
replied = those answered, replied_on_time / overdue / forms as above; its assisting ones
(会办) are `assisting` and `opinions`, its returned ones `returned_assignments`.
`by_category`, `by_sector` and `by_type` repeat the proposal figures per category, per 界别
and per type of proposal (个人提案, 联名提案, 集体提案).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy.orm import Session

from service.statistics import counts
from service.statistics.facts import CATEGORY_CODES
from service.statistics.rates import PROPOSAL_RATES, UNIT_RATES, with_rates
from service.statistics.scope import Scope
from service.vocabulary import CATEGORIES, PROPOSAL_TYPES

PROPOSAL_COUNTS = (
    "received",
    "accepted",
    "not_accepted",
    "merged",
    "withdrawn",
    "under_review",
    "transferred",
    "assigned",
    "assignments",
    "returned_assignments",
    "replied",
    "replied_on_time",
    "reply_due",
    "overdue",
    "answers",
    "rated_forms",
    "satisfied_forms",
    "unsatisfied_forms",
    "lapsed_forms",
    "attitude_unsatisfied_forms",
    "contacted",
)
UNIT_COUNTS = (
    "assigned",
    "replied",
    "replied_on_time",
    "reply_due",
    "overdue",
    "answers",
    "rated_forms",
    "satisfied_forms",
    "unsatisfied_forms",
    "lapsed_forms",
    "attitude_unsatisfied_forms",
    "contacted",
    "assisting",
    "opinions",
    "returned_assignments",
)
FOLLOW_UP_COUNTS = {
    "started": "follow_ups_started",
    "completed": "follow_ups_completed",
    **{name: name for name in counts.OUTCOMES},
}


def statistics(session: Session, scope: Scope) -> dict:
    """All figures of the scope: totals, per unit, per category, per 界别 and per type."""
    units, cells = counts.figures(session, scope)
    return {
        "year": scope.year,
        **summary(sum_cells(cells)),
        "by_unit": [unit_summary(row) for row in units],
        "by_category": by_category(cells),
        "by_sector": by_sector(cells),
        "by_type": by_type(cells),
    }


def sum_cells(cells: Iterable[dict]) -> Counter:
    """Add up cells; counts of disjoint sets of proposals add."""
    total: Counter = Counter()
    for cell in cells:
        total.update({k: v for k, v in cell.items() if k not in counts.LABELS})
    return total


def _categories(figures) -> dict:
    return {letter: figures[f"category_{letter}"] for letter in CATEGORY_CODES}


def summary(figures: Counter) -> dict:
    """The proposal figures and rates of one group of cells."""
    figures = Counter(figures)
    figures["adopted"] = figures["category_A"] + figures["category_B"]
    return {
        **{name: figures[name] for name in PROPOSAL_COUNTS},
        "categories": _categories(figures),
        "by_disposition": {n: figures[f"disposition_{n}"] for n in counts.DISPOSITIONS},
        "follow_ups": {name: figures[key] for name, key in FOLLOW_UP_COUNTS.items()},
        **with_rates(figures, PROPOSAL_RATES),
    }


def unit_summary(row: dict) -> dict:
    """One unit's assignment figures and rates."""
    figures = Counter(row)
    figures["adopted"] = figures["category_A"] + figures["category_B"]
    return {
        "unit_id": row["unit_id"],
        "name": row["name"],
        **{name: row[name] for name in UNIT_COUNTS},
        "categories": _categories(row),
        **with_rates(figures, UNIT_RATES),
    }


def by_category(cells: list[dict]) -> list[dict]:
    """Every category (zero rows too), in the order of the vocabulary, then any other code."""
    codes = list(CATEGORIES) + sorted({c["category"] for c in cells} - set(CATEGORIES))
    return [
        {
            "category": code,
            "label": CATEGORIES.get(code, code),
            **summary(sum_cells(c for c in cells if c["category"] == code)),
        }
        for code in codes
    ]


def by_sector(cells: list[dict]) -> list[dict]:
    """Each 界别 with proposals in scope, by name; proposals without one under null."""
    sectors = sorted({c["sector"] for c in cells}, key=lambda s: (s is None, s or ""))
    return [
        {
            "sector": sector,
            "label": sector or "未填写",
            **summary(sum_cells(c for c in cells if c["sector"] == sector)),
        }
        for sector in sectors
    ]


def by_type(cells: list[dict]) -> list[dict]:
    """Every type of proposal (zero rows too): 个人, 联名, 集体, then any other code."""
    codes = list(PROPOSAL_TYPES) + sorted({c["type"] for c in cells} - set(PROPOSAL_TYPES))
    return [
        {
            "type": code,
            "label": PROPOSAL_TYPES.get(code, code),
            **summary(sum_cells(c for c in cells if c["type"] == code)),
        }
        for code in codes
    ]
