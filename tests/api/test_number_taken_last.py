"""立案编号 is taken last: the session's counter row stays locked from its UPDATE to the commit
and every other accept waits for it, so nothing that can be done before it is done after it."""

from sqlalchemy import event

from tests.flows import Flow


def _statements_of(engine, call) -> list[str]:
    sent = []

    def note(_conn, _cursor, statement, *_args) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return sent


def test_accept_takes_the_number_after_reading_and_writing_the_rest(world, shared_engine):
    proposal = Flow(world).submitted()

    sent = _statements_of(
        shared_engine, lambda: world["office"].act("proposal", proposal, "accept")
    )

    [counter] = [i for i, s in enumerate(sent) if s.startswith("UPDATE plenary_sessions")]
    later = sent[counter + 1 :]
    assert not any(" FROM plenary_sessions " in s and "FOR UPDATE" in s for s in sent)
    assert not any(s.startswith(("UPDATE deadlines", "UPDATE proposals SET state")) for s in later)
    read_by_the_notice = (" FROM cosigners ", " FROM proposal_supervisors ", " FROM commitments ")
    assert not any(table in s for s in later for table in read_by_the_notice)


def test_accept_numbers_follow_one_another_and_history_and_notice_show_them(world):
    flow = Flow(world)
    first, second = flow.submitted(), flow.submitted()

    accepted = [world["office"].act("proposal", p, "accept") for p in (first, second)]

    assert [p["number"] for p in accepted] == [1, 2]
    assert [p["version"] for p in accepted] == [first["version"] + 1, second["version"] + 1]
    history = world["office"].ok("GET", f"/proposals/{second['id']}/history")
    assert history[-1]["data"]["number"] == 2
    assert history[-1]["data"]["number_label"] == accepted[1]["number_label"]
