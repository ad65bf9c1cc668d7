"""Count the SQL statements a call sends: how the tests tell a page read in a fixed number of
statements from one that reads row by row."""

from sqlalchemy import event


def statements_sent(engine, call) -> int:
    sent = []

    def note(*_args) -> None:
        sent.append(1)

    event.listen(engine, "before_cursor_execute", note)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return len(sent)
