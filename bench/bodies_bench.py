"""Several bodies (三级联动): one body's pages and the roll-ups on a province of 1 + 15 cities +
100 counties with a year's work each, 113,000 proposals (not a test: it prints figures).

The goal: every list and statistics page of one body ≤ 300 ms, the province's roll-up ≤ 500 ms.

The rows are generated here and written straight into a scratch database, as
`scale_bench.py` does (its scratch schema, its index drop and rebuild, its VACUUM ANALYZE); the
statistics facts are derived by the service's own `refresh`. Each of the 116 bodies has the
same 20–30 units (every one a 市场监督管理局 …), a clerk per unit, its members, a committee
user, one current session of 2026 and its proposals (province 3,000, a city 2,000, a county
800), with assignments, replies, ratings, contacts, reply deadlines, 回头看 and co-signers in
scale_bench's proportions, ids in the filing order across the platform. Each page is asked
through the HTTP API (the Flask test client, in-process) with a token of the body's committee
user: 2 warm-ups, then 20 timed calls.

    .venv/bin/python bench/bodies_bench.py                        # PostgreSQL, full size
    .venv/bin/python bench/bodies_bench.py --scale 0.05           # a quick run
    .venv/bin/python bench/bodies_bench.py --url sqlite:////tmp/bodies.db --scale 0.05
    BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import unicodedata
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from scale_bench import (
    BASE_URL,
    NOW,
    Statements,
    bench_app,
    derive_facts,
    drop_indexes,
    explain,
    rebuild_indexes,
    reset_sequences,
    vacuum,
)
from sqlalchemy import insert, make_url, select, text, update

from service.db import make_engine, unit_of_work
from service.migrate import grant, upgrade
from service.models import (
    Assignment,
    Body,
    Contact,
    CoSigner,
    Deadline,
    FollowUp,
    Person,
    PlenarySession,
    Proposal,
    Rating,
    Reply,
    Unit,
    User,
)
from service.operations import users

YEAR = NOW.year
ZONE = ZoneInfo("Asia/Shanghai")
# Proposals, members and units a body has, by level (before --scale).
SIZES = {"province": (3000, 300, 30), "city": (2000, 200, 30), "county": (800, 80, 20)}
COUNTIES = [7] * 10 + [6] * 5  # under each of the 15 cities: 100
UNIT_NAMES = (
    *("市场监督管理局", "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局"),
    *("民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局"),
    *("住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局"),
    *("卫生健康委员会", "应急管理局", "审计局", "统计局", "医疗保障局", "城市管理局"),
    *("退役军人事务局", "体育局", "林业局", "信访局", "数据资源管理局", "供电公司"),
)
CATEGORIES = ("economy", "politics", "culture", "society", "ecology", "other")
PASSWORD = "bench-password"
PAGES = (
    ("提案 (GET /proposals)", "/proposals", 300),
    ("提案清单", f"/lists/proposals?year={YEAR}", 300),
    ("交办清单", f"/lists/assignments?year={YEAR}", 300),
    ("统计", f"/stats?year={YEAR}", 300),
    ("承办单位排名", f"/stats/units?year={YEAR}", 300),
)
ROLLUP = ("各级汇总 (GET /rollup)", f"/rollup?year={YEAR}", 500)
WARM_UPS, TIMED = 2, 20


# -- the database ------------------------------------------------------------------------------


@contextmanager
def database(url: str, *, keep: bool):
    """A schema of our own on PostgreSQL (as scale_bench), or a new SQLite file; migrated."""
    if not url.startswith("postgresql"):
        path = Path(url.split("///", 1)[1])
        if path.exists():
            raise SystemExit(f"{path} exists: name a new SQLite file")
        upgrade(url)
        try:
            yield url
        finally:
            if not keep:
                path.unlink(missing_ok=True)
        return
    name = f"bodies_bench_{os.getpid()}"
    joiner = "&" if "?" in url else "?"
    scoped = f"{url}{joiner}options=-csearch_path%3D{name}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {name}"))
    try:
        upgrade(scoped)
        yield scoped
    finally:
        if not keep:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


def tree() -> list[dict]:
    """The province (id 1, the body the migrations make), its cities, their counties."""
    bodies = [dict(id=1, name="政协某省委员会", level="province", parent_id=None, region="330000")]
    for c, counties in enumerate(COUNTIES, start=1):
        city = dict(id=len(bodies) + 1, name=f"政协第{c:02d}市委员会", level="city", parent_id=1)
        bodies.append({**city, "region": f"33{c:02d}00"})
        for k in range(1, counties + 1):
            county = dict(id=len(bodies) + 1, name=f"政协第{c:02d}市第{k}县委员会", level="county")
            bodies.append({**county, "parent_id": city["id"], "region": f"33{c:02d}{k:02d}"})
    return bodies


class Rows:
    """The rows to write, table by table, with ids of our own (to link them)."""

    ORDER = (
        Body,
        Unit,
        Person,
        User,
        PlenarySession,
        Proposal,
        CoSigner,
        Assignment,
        Reply,
        Contact,
        Deadline,
        Rating,
        FollowUp,
    )  # parents first

    def __init__(self) -> None:
        self.tables: dict = {model.__table__: [] for model in self.ORDER}
        self.ids: dict = {}
        self.bodies: dict = {}  # (table name, id) → body, for the rows that hang on them

    def add(self, model, **row) -> int:
        table = model.__table__
        if "id" in table.c and "id" not in row:
            row["id"] = self.ids[table.name] = self.ids.get(table.name, 0) + 1
        parent = getattr(model, "__body_from__", None)
        if parent is not None:  # as the service copies it (service/models/body_rows.py)
            [key] = table.c[parent].foreign_keys
            row["body_id"] = self.bodies[key.column.table.name, row[parent]]
        if "body_id" in row and "id" in row:
            self.bodies[table.name, row["id"]] = row["body_id"]
        self.tables.setdefault(table, []).append(row)
        return row.get("id")


def generate(scale: float, *, contiguous: bool = False) -> Rows:
    """Every body's year; the mix of states and outcomes is scale_bench's current year. The
    proposals take their ids in the order they were filed across the platform (`contiguous`:
    each body's in one run, the province's oldest)."""
    rows, rng = Rows(), random.Random(2026)
    filed = []
    for body in tree():
        proposals, members, units = SIZES[body["level"]]
        own = _body(rows, body, max(3, round(members * scale)), units)
        start = datetime(YEAR, 1, 10, 9, tzinfo=ZONE)
        filed += [
            (own, start + timedelta(days=rng.randrange(60), minutes=rng.randrange(480)))
            for _ in range(max(1, round(proposals * scale)))
        ]
    filed.sort(key=lambda f: (f[0]["body"], f[1]) if contiguous else f[1])
    for own, submitted in filed:
        _proposal(rows, rng, own, submitted)
    return rows


def _body(rows: Rows, body: dict, members: int, units: int) -> dict:
    """The body, its units and their clerks, its members and its session of the year."""
    b, created = body["id"], NOW - timedelta(days=300)
    if b != 1:
        rows.add(
            Body,
            id=b,
            name=body["name"],
            level=body["level"],
            parent_id=body["parent_id"],
            region_code=body["region"],
            created_at=created,
        )
    unit_ids, clerks, member_ids = [], {}, []
    for name in UNIT_NAMES[:units]:
        unit = rows.add(Unit, body_id=b, name=name, active=True, created_at=created)
        person = rows.add(Person, username=f"clerk{unit}", password_hash="!", created_at=created)
        clerks[unit] = rows.add(
            User,
            person_id=person,
            body_id=b,
            username=f"clerk{unit}",
            display_name=f"{name}办理员",
            role="unit",
            unit_id=unit,
            active=True,
            created_at=created,
        )
        unit_ids.append(unit)
    for m in range(members):
        person = rows.add(Person, username=f"m{b}-{m}", password_hash="!", created_at=created)
        member_ids.append(
            rows.add(
                User,
                person_id=person,
                body_id=b,
                username=f"m{b}-{m}",
                display_name=f"委员{b}-{m}",
                role="member",
                sector=f"界别{m % 34:02d}",
                active=True,
                created_at=created,
            )
        )
    rows.add(
        PlenarySession,
        body_id=b,
        name=f"{YEAR}年全体会议",
        term=14,
        meeting=5,
        year=YEAR,
        opens_on=datetime(YEAR, 1, 5).date(),
        current=True,
        last_number=0,
    )
    session = rows.tables[PlenarySession.__table__][-1]  # its last_number follows the filing
    return dict(body=b, session=session, filed=0, units=unit_ids, clerks=clerks, members=member_ids)


def _proposal(rows: Rows, rng, own: dict, submitted: datetime) -> None:
    """A proposal of the body, and what became of it."""
    session = own["session"]
    j = own["filed"] = own["filed"] + 1
    state, accepted = _state(rng.randrange(1000), rng.randrange(1000))
    session["last_number"] += accepted
    replied = state not in ("handling",) and accepted
    closed = state in ("closed", "completed", "following_up", "consulting")
    lead = rng.choice(own["members"])
    proposal = rows.add(
        Proposal,
        body_id=own["body"],
        plenary_session_id=session["id"],
        number=session["last_number"] if accepted else None,
        title=f"关于第{j}号事项的提案",
        body="背景、分析与建议。",
        category=rng.choice(CATEGORIES),
        type="joint" if j % 3 == 0 else "individual",
        sector=f"界别{lead % 34:02d}",
        state=state,
        version=1,
        lead_proposer_id=lead,
        key=rng.random() < 0.05,
        disposition=rng.choice(("opinion", "letter", "none")) if state == "not_accepted" else None,
        created_at=submitted - timedelta(days=2),
        submitted_at=submitted,
        accepted_at=submitted + timedelta(days=7) if accepted else None,
        replied_at=submitted + timedelta(days=120) if replied else None,
        closed_at=submitted + timedelta(days=140) if closed else None,
        updated_at=submitted,
    )
    if j % 3 == 0:
        rows.add(
            CoSigner,
            proposal_id=proposal,
            user_id=rng.choice(own["members"]),
            status="confirmed",
            via="invitation",
            answered_at=submitted,
        )
    if accepted:
        units = rng.sample(own["units"], 1 + j % 4)
        at = submitted + timedelta(days=10)
        _assignments(rows, rng, proposal, state, at, units, own["clerks"], lead, closed)
    if state in ("completed", "following_up") or (state == "closed" and j % 7 == 0):
        start = submitted + timedelta(days=180)
        rows.add(
            FollowUp,
            proposal_id=proposal,
            started_at=start,
            completed_at=None if state == "following_up" else start + timedelta(days=20),
            outcome={"completed": "implemented", "closed": "partial"}.get(state),
            commitments=[],
        )


def _state(r: int, r2: int) -> tuple[str, bool]:
    """scale_bench's mix: 3% withdrawn, 8% not accepted, 3% merged, 1% under review; of the
    rest 10% handling, 10% awaiting the rating, then completed, consulting, closed."""
    for limit, state in (
        (30, "withdrawn"),
        (110, "not_accepted"),
        (140, "merged"),
        (150, "submitted"),
    ):
        if r < limit:
            return state, False
    for limit, state in (
        (100, "handling"),
        (200, "replied"),
        (300, "completed"),
        (320, "consulting"),
        (340, "following_up"),
    ):
        if r2 < limit:
            return state, True
    return "closed", True


def _assignments(rows, rng, proposal, state, at, units, clerks, lead, rated) -> None:
    """A lead and assisting units (one in ten: separate units); their replies, contacts,
    reply deadlines and the proposer's ratings (lapsed 8%, proxy 10%)."""
    separate = proposal % 10 == 0
    for s, unit in enumerate(units):
        role = "separate" if separate else "lead" if s == 0 else "assisting"
        answering = role != "assisting"
        returned = not answering and rng.random() < 0.02
        owing = state == "handling" and answering
        done = "returned" if returned else "handling" if owing else "replied"
        replied = at + timedelta(days=20 if not answering else 40 + rng.randrange(60))
        due = at + timedelta(days=92)
        assignment = rows.add(
            Assignment,
            proposal_id=proposal,
            unit_id=unit,
            role=role,
            state=done,
            version=1,
            rehandled=False,
            round=1,
            contact_waived=False,
            due_at=due,
            created_at=at,
            signed_at=at + timedelta(days=1),
            replied_at=replied if done == "replied" else None,
            updated_at=at,
        )
        if done == "replied":
            category = rng.choice("AAAABBBBCD") if answering else None
            rows.add(
                Reply,
                assignment_id=assignment,
                kind="reply" if answering else "opinion",
                round=1,
                category=category,
                unit_category=category,
                body="答复正文。",
                commitments=[{"text": "列入计划逐步解决", "due_date": f"{YEAR + 1}-06-30"}]
                if category in ("B", "C")
                else [],
                status="final",
                created_by_id=clerks[unit],
                created_at=replied,
            )
        if not answering:
            continue
        rows.add(
            Contact,
            assignment_id=assignment,
            method="电话",
            day=(at + timedelta(days=10)).date(),
            summary="电话沟通办理思路。",
            status="confirmed",
            logged_by_id=clerks[unit],
            created_at=at + timedelta(days=10),
        )
        rows.add(
            Deadline,
            rule="reply",
            kind="reply",
            workflow="assignment",
            proposal_id=proposal,
            assignment_id=assignment,
            starts_on=at.date(),
            due_at=due,
            status="overdue" if owing and due < NOW else "open" if owing else "done",
            provisional=False,
            reminders_sent=0,
            overdue_at=due if owing or replied > due else None,
            closed_at=None if owing else replied,
            explanation={},
            version=1,
            created_at=at,
        )
        if rated and done == "replied":
            h = rng.randrange(100)
            result = (
                None
                if h < 8
                else "satisfied"
                if h < 70
                else "basically_satisfied"
                if h < 92
                else "unsatisfied"
            )
            rows.add(
                Rating,
                proposal_id=proposal,
                assignment_id=assignment,
                round=1,
                rater_id=lead if h >= 8 else None,
                proxy=60 <= h < 70,
                lapsed=h < 8,
                cosigner=False,
                attitude="satisfied" if h >= 8 else None,
                result=result,
                created_at=replied + timedelta(days=10),
            )


def fill(url: str, scale: float, *, contiguous: bool = False) -> None:
    """Write the rows (PostgreSQL: foreign-key triggers off, plain indexes rebuilt afterwards),
    derive the statistics facts, reset the id sequences, VACUUM ANALYZE."""
    started = time.perf_counter()
    rows = generate(scale, contiguous=contiguous)
    print(f"  rows generated in Python in {time.perf_counter() - started:.1f} s")
    engine = make_engine(url)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        if postgres:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            indexes = drop_indexes(connection)
        body = rows.tables[Body.__table__]
        connection.execute(
            update(Body)
            .where(Body.id == 1)
            .values(name="政协某省委员会", level="province", region_code="330000")
        )
        if connection.scalar(select(Body.id).where(Body.id == 1)) is None:
            body.insert(0, dict(id=1, name="政协某省委员会", level="province", created_at=NOW))
        for table, written in rows.tables.items():
            started = time.perf_counter()
            keys = set().union(*written)  # one statement for all: a column left out is NULL
            written = [{key: row.get(key) for key in keys} for row in written]
            for start in range(0, len(written), 20_000):
                connection.execute(insert(table), written[start : start + 20_000])
            took = time.perf_counter() - started
            print(f"  {table.name:<18} {len(written):>10,} rows {took:6.1f} s")
        if postgres:
            rebuild_indexes(connection, indexes)
        derive_facts(connection)
        if postgres:
            reset_sequences(connection, [table.name for table in rows.tables])
    if postgres:
        vacuum(engine)
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()


# -- the requests ------------------------------------------------------------------------------


def make_app(url: str, folder: str):
    """The app on the scratch database, a committee user in every body; the app and a token
    for each body."""
    app = bench_app(url, folder)
    tokens = {}
    with app.app_context(), unit_of_work() as session:
        for body_id in session.scalars(select(Body.id).order_by(Body.id)).all():
            users.add_user(
                session,
                f"office{body_id}",
                role="committee",
                password=PASSWORD,
                display_name="提案委员会办公室",
                now=NOW,
                body_id=body_id,
            )
            token, _ = users.issue_token(
                session, f"office{body_id}", PASSWORD, now=NOW, body_id=body_id
            )
            tokens[body_id] = {"Authorization": f"Bearer {token}"}
    return app, tokens


APPLICATION_ROLE = "proposals_app"


def guarded_app(url: str, folder: str):
    """On PostgreSQL, the service as it runs in production: connected as a role that owns no
    table, under the tables' row-level security (the bench's own app connects as the owner, a
    superuser here, which row-level security passes by). None on SQLite."""
    if not url.startswith("postgresql"):
        return None
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(
            f"DO $$ BEGIN CREATE ROLE {APPLICATION_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ))
    admin.dispose()
    grant(url, APPLICATION_ROLE)
    role_url = make_url(url).set(username=APPLICATION_ROLE).render_as_string(False)
    return bench_app(role_url, f"{folder}/guarded")


def timed(client, headers, path: str) -> tuple[float, int, object]:
    started = time.perf_counter()
    response = client.get(f"/api/v1{path}", headers=headers)
    return (time.perf_counter() - started) * 1000, response.status_code, response.get_json()


def measure(app, headers, path: str, *, explain_slow: bool, goal: int) -> dict:
    client = app.test_client()
    for _ in range(WARM_UPS):
        _, status, answer = timed(client, headers, path)
    if status != 200:
        return {"status": status, "answer": str(answer)[:300]}
    times = sorted(timed(client, headers, path)[0] for _ in range(TIMED))
    result = {
        "status": status,
        "p50": statistics.median(times),
        "p95": statistics.quantiles(times, n=20)[-1],
        "size": _size(answer),
    }
    engine = app.extensions["db_engine"]
    if explain_slow and result["p50"] > goal and engine.dialect.name == "postgresql":
        with Statements(engine).capture() as seen:
            timed(client, headers, path)
        explain(engine, seen)
    return result


def _pad(label: str, width: int) -> str:
    """Left-justified in a terminal's columns (a CJK character takes two)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in label)
    return label + " " * max(0, width - len(label) - wide)


def _size(answer) -> str:
    if "total" in answer:
        return f"total {answer['total']:,}, page {len(answer['items'])}"
    if "units" in answer:
        return f"{len(answer['units'])} units"
    if "items" in answer:
        return f"{len(answer['items'])} bodies"
    return f"received {answer['received']:,}, satisfaction {answer['satisfaction_rate']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=BASE_URL, help="PostgreSQL base URL or sqlite:///NEW")
    parser.add_argument("--scale", type=float, default=1.0, help="shrink every body's rows")
    parser.add_argument("--keep", action="store_true", help="keep the scratch schema or file")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN pages over their goal")
    parser.add_argument(
        "--contiguous", action="store_true", help="each body's proposal ids in one run"
    )
    options = parser.parse_args()
    print(
        f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        f" at start; {options.url.split('://')[0]}, scale {options.scale}"
    )
    began = time.perf_counter()
    with database(options.url, keep=options.keep) as url, tempfile.TemporaryDirectory() as folder:
        fill(url, options.scale, contiguous=options.contiguous)
        print(f"  built in {time.perf_counter() - began:.0f} s")
        app, tokens = make_app(url, folder)
        with app.app_context(), unit_of_work() as session:
            county = session.scalar(select(Body.id).where(Body.parent_id == 2).order_by(Body.id))
        chosen = (("county", county), ("city", 2), ("province", 1))
        asked = [
            (label, level, body, path, goal)
            for label, path, goal in PAGES
            for level, body in chosen
        ]
        asked += [(ROLLUP[0], level, body, ROLLUP[1], ROLLUP[2]) for level, body in chosen[1:]]
        guarded = guarded_app(url, folder)  # PostgreSQL: as the service's role, under RLS
        print(f"\n  {'page':<24}{'body':<10}{'goal':>6}{'p50':>9}{'p95':>9}   answer")
        costs = []
        for label, level, body, path, goal in asked:
            got = measure(app, tokens[body], path, explain_slow=options.explain, goal=goal)
            row = f"  {_pad(label, 24)}{level:<10}{goal:>6}"
            if got["status"] != 200:
                print(f"{row}  FAILED {got['status']}: {got['answer']}")
                continue
            mark = "" if got["p95"] <= goal else "  over the goal"
            print(f"{row}{got['p50']:>9.1f}{got['p95']:>9.1f}   {got['size']}{mark}")
            if guarded is not None:
                under = measure(guarded, tokens[body], path, explain_slow=False, goal=goal)
                costs.append(under["p50"] / got["p50"] - 1)
                same = "same answer" if under["size"] == got["size"] else f"{under['size']}!"
                print(f"  {'':<24}{'  with RLS':<16}{under['p50']:>9.1f}{under['p95']:>9.1f}"
                      f"   {costs[-1]:+.1%}, {same}")
        if costs:
            print(f"\n  row-level security: p50 {statistics.median(costs):+.1%} in the median"
                  f" page, {max(costs):+.1%} at most (goal ≤ +10 %)")
            guarded.extensions["db_engine"].dispose()
        app.extensions["db_engine"].dispose()
    print(
        f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end; "
        f"{time.perf_counter() - began:.0f} s in all"
    )


if __name__ == "__main__":
    main()
