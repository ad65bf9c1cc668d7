"""Rates with their parts: a fraction 0..1, null when the denominator is 0, and always the
numerator and denominator it came from, so every rate can be checked by hand."""

from __future__ import annotations

from collections.abc import Mapping

# name: (numerator, denominator), both names of counts.
PROPOSAL_RATES = {
    "acceptance_rate": ("accepted", "received"),  # 立案率
    "reply_rate": ("replied", "assigned"),  # 办复率
    # 按期办复率: judged on what was replied or is due, not on replies whose time still runs.
    "on_time_reply_rate": ("replied_on_time", "reply_due"),
    # 满意率（按已测评）: 未反馈 forms left out, or counted as satisfied when the setting says so.
    "satisfaction_rate": ("satisfied_counted", "rated_counted"),
    "satisfaction_rate_all_replied": ("satisfied_forms", "answers"),  # 满意率（按全部答复）
    "adoption_rate": ("adopted", "answers"),  # 采纳率 (A + B)
    "contact_rate": ("contacted", "answers"),  # 办前沟通率
    "implementation_rate": ("implemented", "follow_ups_completed"),  # 回头看落实率
}
UNIT_RATES = {
    name: PROPOSAL_RATES[name]
    for name in (
        "reply_rate",
        "on_time_reply_rate",
        "satisfaction_rate",
        "satisfaction_rate_all_replied",
        "adoption_rate",
        "contact_rate",
    )
}


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def with_rates(counts: Mapping[str, int], rates: Mapping[str, tuple[str, str]]) -> dict:
    """The rates named in `rates`, and `rate_parts` with [numerator, denominator] of each."""
    parts = {name: [counts[n], counts[d]] for name, (n, d) in rates.items()}
    return {
        **{name: rate(n, d) for name, (n, d) in parts.items()},
        "rate_parts": parts,
    }
