"""`flask render-pending --now`: what a `sweep --now` asked for at a later time is rendered as of
that time, as an operator replaying a backlog or a tester moving the clock expects."""

from __future__ import annotations

from tests.documents.pdf import rows
from tests.flows import Flow


def test_notices_asked_for_by_a_later_sweep_are_rendered_as_of_that_time(app, world):
    Flow(world).assigned()
    runner = app.test_cli_runner()
    swept = runner.invoke(args=["sweep", "--now", "2026-03-20T09:00"])  # 签收 overdue: 催办

    now = runner.invoke(args=["render-pending"])
    waiting = {d.kind: d.status for d in rows(app) if d.kind == "reminder_notice"}
    later = runner.invoke(args=["render-pending", "--now", "2026-03-20T09:05"])
    done = {d.kind: d.status for d in rows(app) if d.kind == "reminder_notice"}

    assert swept.exit_code == 0, swept.output
    assert now.exit_code == 0 and waiting == {"reminder_notice": "pending"}
    assert later.exit_code == 0, later.output
    assert "ready 1" in later.output and done == {"reminder_notice": "ready"}


def test_a_malformed_time_is_refused(app):
    result = app.test_cli_runner().invoke(args=["render-pending", "--now", "20 March"])

    assert result.exit_code == 2 and "ISO 8601" in result.output
