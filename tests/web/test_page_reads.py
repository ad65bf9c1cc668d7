"""The 交办件 page reads its rows' proposals for the whole page at once, not one per row."""

from tests.statements import statements_sent

LEAD = (("市交通运输局", "lead"),)


def test_a_longer_assignments_page_takes_no_more_statements(web, flow, shared_engine):
    first = flow.assigned(LEAD)
    browser = web("transport")
    read = lambda: browser.get("/assignments")  # noqa: E731
    read()  # what a process keeps (the settings) is read by the first request
    short = statements_sent(shared_engine, read)

    titles = [flow.assigned(LEAD, title=f"关于第{n}条公交线路的提案")["title"] for n in range(3)]

    page = read()
    assert all(title in page.text for title in [first["title"], *titles])
    assert statements_sent(shared_engine, read) == short
