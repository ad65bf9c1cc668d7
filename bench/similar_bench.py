"""相似提案 and 承办单位建议: quality on the labelled pairs, and speed at 100,000 proposals (not a
test: it prints figures).

Quality. The labelled set (bench/data/similar_proposals.json: 204 filed proposals, 127 proposals
being written, 503 pairs labelled duplicate / related / unrelated) is loaded into a fresh
database as accepted proposals and indexed by the service's own upkeep; each query is asked
through `service.search.similar` as a member's would be. Printed, for the chosen method and the
others measured beside it:
  precision@1  of the queries that have a duplicate, the share whose first answer is one;
  recall@5     of the duplicate pairs, the share found among the first five answers;
  shown        the share of each kind of pair shown to the member (scoring above the threshold):
               duplicates should be, unrelated proposals sharing 加强/推进/建设 should not.
Suggested units: the corpus is a history of assignments (each proposal led by its unit; one in
eight first went to another unit, which returned it as not its duty); the queries, never
assigned, are held out, each expecting the unit that led its duplicate (or, without one, its
topic's related proposals). Printed: top-1 and top-3 accuracy.

Speed. 100,000 proposals made of the corpus' sentences recombined, indexed by `search rebuild`;
then the queries timed, on SQLite and on PostgreSQL (a scratch schema): p50/p95/max.

    .venv/bin/python bench/similar_bench.py                    # quality, then speed at 100,000
    .venv/bin/python bench/similar_bench.py --size 20000 --databases sqlite
    .venv/bin/python bench/similar_bench.py --quality-only
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, Integer, String, insert, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz  # noqa: E402

from service.db import make_engine  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import (  # noqa: E402
    Assignment,
    Body,
    Person,
    PlenarySession,
    Proposal,
    Unit,
    User,
)
from service.search import similar as search  # noqa: E402
from service.search.suggestions import suggested_units  # noqa: E402
from service.search.text import title_core, words  # noqa: E402
from service.search.upkeep import rebuild  # noqa: E402
from service.statistics.upkeep import refresh  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "similar_proposals.json"
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 9, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CATEGORIES = {
    "经济建设": "economy",
    "政治建设": "politics",
    "文化建设": "culture",
    "社会建设": "society",
    "生态文明建设": "ecology",
    "其他": "other",
}
FILLERS = {Boolean: False, Integer: 0, String: "", Date: date(2026, 1, 1)}
# The body every row belongs to: the one the migrations make (made here if they did not).
BODY = 1


def complete(model, row: dict) -> dict:
    """The row with every required column the bench does not care about filled in."""
    for column in model.__table__.columns:
        if column.key in row or column.nullable or column.primary_key:
            continue
        if column.default is not None or column.server_default is not None:
            continue
        row[column.key] = next(
            (value for kind, value in FILLERS.items() if isinstance(column.type, kind)), NOW
        )
    return row


# ---------------------------------------------------------------------------- the databases


@contextmanager
def sqlite_database():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/similar.db"
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


@contextmanager
def postgres_database():
    schema = f"similar_bench_{os.getpid()}"
    admin = make_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def add_people(session: Session, units: list[str]) -> dict[str, int]:
    years = range(2022, 2027)
    if session.get(Body, BODY) is None:
        body = {"id": BODY, "name": "政协示范市委员会", "level": "city"}
        session.execute(insert(Body), [complete(Body, body)])
    plenary = {"body_id": BODY, "term": 14, "meeting": 1}
    session.execute(
        insert(PlenarySession),
        [
            complete(PlenarySession, {"id": y, "name": f"{y}年会议", "year": y, **plenary})
            for y in years
        ],
    )
    session.execute(
        insert(Unit),
        [
            complete(Unit, {"id": i, "body_id": BODY, "name": n, "active": True})
            for i, n in enumerate(units, 1)
        ],
    )
    session.execute(insert(Person), [complete(Person, {"id": 1, "username": "member"})])
    member = {"id": 1, "person_id": 1, "body_id": BODY, "username": "member"}
    session.execute(
        insert(User), [complete(User, {**member, "display_name": "委员", "role": "member"})]
    )
    return {name: i for i, name in enumerate(units, 1)}


def proposal_row(pid: int, title: str, body: str, category: str, year: int, number: int) -> dict:
    return complete(
        Proposal,
        {
            "id": pid,
            "body_id": BODY,
            "plenary_session_id": year,
            "number": number,
            "title": title,
            "body_text": body,
            "category": category,
            "type": "individual",
            "state": "accepted",
            "version": 1,
            "lead_proposer_id": 1,
            "key": False,
        },
    )


# ---------------------------------------------------------------------------- quality


def load_corpus(session: Session, data: dict) -> dict[str, int]:
    """The labelled corpus as accepted proposals; corpus id → proposal id."""
    ids, numbers = {}, Counter()
    rows = []
    for pid, item in enumerate(data["corpus"], 1):
        numbers[item["year"]] += 1
        category = CATEGORIES[item["category"]]
        rows.append(
            proposal_row(
                pid, item["title"], item["body"], category, item["year"], numbers[item["year"]]
            )
        )
        ids[item["id"]] = pid
    session.execute(insert(Proposal), rows)
    rebuild(session)
    return ids


def rankings(session, data, ids, *, threshold=0.0, limit=10) -> dict[str, list[tuple[int, float]]]:
    search.rarity.forget()
    return {
        query["id"]: [
            (m.id, m.score)
            for m in search.similar(
                session,
                query["title"],
                query["body"],
                body_id=BODY,
                accepted_only=False,
                limit=limit,
                threshold=threshold,
            )
        ]
        for query in data["queries"]
    }


def scores(data, ids, ranked) -> dict[str, float]:
    """precision@1, recall@5 and the share of each kind of pair shown above the threshold."""
    hits, asked, found, duplicates = 0, 0, 0, 0
    shown, pairs = Counter(), Counter()
    for query in data["queries"]:
        answer = ranked[query["id"]]
        wanted = {ids[p["corpus_id"]] for p in query["pairs"] if p["label"] == "duplicate"}
        if wanted:
            asked += 1
            hits += bool(answer) and answer[0][0] in wanted
            top5 = {pid for pid, _ in answer[:5]}
            found += len(wanted & top5)
            duplicates += len(wanted)
        above = {pid for pid, score in answer if score >= search.THRESHOLD}
        for pair in query["pairs"]:
            pairs[pair["label"]] += 1
            shown[pair["label"]] += ids[pair["corpus_id"]] in above
    figures = {"precision@1": hits / asked, "recall@5": found / duplicates}
    figures |= {f"shown {label}": shown[label] / pairs[label] for label in pairs}
    return figures


def baseline(data, ids, likeness) -> dict[str, list[tuple[int, float]]]:
    corpus = [(ids[item["id"]], item) for item in data["corpus"]]
    return {
        q["id"]: sorted(((pid, likeness(q, item)) for pid, item in corpus), key=lambda p: -p[1])[
            :10
        ]
        for q in data["queries"]
    }


def _pairs(text: str) -> set[str]:
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _jaccard(x: set, y: set) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


BASELINES = {
    "titles only (rapidfuzz on the title's words)": lambda q, c: (
        fuzz.ratio(title_core(q["title"]), title_core(c["title"])) / 100
    ),
    "character pairs (the former 并案 likeness)": lambda q, c: (
        0.6 * _jaccard(_pairs(q["title"]), _pairs(c["title"]))
        + 0.4 * _jaccard(_pairs(q["body"]), _pairs(c["body"]))
    ),
    "words, no weighting (Jaccard of jieba words)": lambda q, c: _jaccard(
        set(words(q["title"] + q["body"])), set(words(c["title"] + c["body"]))
    ),
}


def quality(data) -> None:
    print(
        f"labelled set: {len(data['corpus'])} proposals, {len(data['queries'])} queries, "
        f"{sum(len(q['pairs']) for q in data['queries'])} pairs "
        f"{dict(Counter(p['label'] for q in data['queries'] for p in q['pairs']))}"
    )
    with sqlite_database() as engine, Session(engine) as session:
        add_people(session, data["units"])
        ids = load_corpus(session, data)
        chosen = scores(data, ids, rankings(session, data, ids))
        print(f"\n{'method':<58} {'P@1':>6} {'R@5':>6} {'dup':>6} {'rel':>6} {'unrel':>6}")
        _row(f"chosen: weighted words + title closeness {search.TITLE_SHARE}", chosen)
        kept = search.TITLE_SHARE
        for share in (0.0, 0.35, 0.5):
            search.TITLE_SHARE = share
            _row(
                f"  the same with title share {share}",
                scores(data, ids, rankings(session, data, ids)),
            )
        search.TITLE_SHARE = kept
        for name, likeness in BASELINES.items():
            _row(name, scores(data, ids, baseline(data, ids, likeness)), shown=False)
        print(
            f"(dup/rel/unrel: share of each kind of pair shown, score ≥ {search.THRESHOLD}; "
            "goals P@1 ≥ 0.9, R@5 ≥ 0.95)"
        )
        suggestions(session, data, ids)


def _row(name, figures, *, shown=True) -> None:
    rest = (
        f" {figures['shown duplicate']:6.2f} {figures['shown related']:6.2f} "
        f"{figures['shown unrelated']:6.2f}"
        if shown
        else ""
    )
    print(f"{name:<58} {figures['precision@1']:6.3f} {figures['recall@5']:6.3f}{rest}")


def suggestions(session: Session, data: dict, ids: dict[str, int]) -> None:
    """Top-1 / top-3 accuracy of 承办单位建议 on the held-out queries."""
    units = {name: i for i, name in enumerate(data["units"], 1)}
    rng = random.Random(7)
    rows = []
    for item in data["corpus"]:
        pid, lead = ids[item["id"]], units[item["lead_unit"]]
        if rng.random() < 0.125:  # first sent to another unit, which returned it
            wrong = rng.choice([u for u in units.values() if u != lead])
            rows.append({"proposal_id": pid, "unit_id": wrong, "role": "lead", "state": "returned"})
        rows.append({"proposal_id": pid, "unit_id": lead, "role": "lead", "state": "handling"})
    session.execute(insert(Assignment), [complete(Assignment, {**r, "version": 1}) for r in rows])
    refresh(session, everything=True)
    by_corpus = {item["id"]: item for item in data["corpus"]}
    top1 = top3 = asked = 0
    started = time.perf_counter()
    for pid, query in enumerate(data["queries"], 10_000):
        labels = (
            ("duplicate",)
            if any(p["label"] == "duplicate" for p in query["pairs"])
            else ("related",)
        )
        expected = Counter(
            by_corpus[p["corpus_id"]]["lead_unit"] for p in query["pairs"] if p["label"] in labels
        )
        if not expected:
            continue
        gold = units[expected.most_common(1)[0][0]]
        category = Counter(
            CATEGORIES[by_corpus[p["corpus_id"]]["category"]]
            for p in query["pairs"]
            if p["label"] in labels
        ).most_common(1)[0][0]
        probe = Proposal(
            id=pid, body_id=BODY, title=query["title"], body_text=query["body"], category=category
        )
        found = [s.unit_id for s in suggested_units(session, probe)]
        asked += 1
        top1 += found[:1] == [gold]
        top3 += gold in found[:3]
    elapsed = (time.perf_counter() - started) / max(asked, 1) * 1000
    print(
        f"\nsuggested units on {asked} held-out proposals ({len(rows)} past assignments, "
        f"{sum(r['state'] == 'returned' for r in rows)} returned): top-1 {top1 / asked:.3f}, "
        f"top-3 {top3 / asked:.3f} (goal top-3 ≥ 0.8); {elapsed:.1f} ms each"
    )


# ---------------------------------------------------------------------------- speed


def generated(data: dict, size: int):
    """`size` proposals recombined from the corpus: a proposal's title and sentences from others
    of its topic, as a decade of a large body's proposals repeat and vary each other."""
    rng = random.Random(11)
    corpus = data["corpus"]
    sentences = [
        [s for s in item["body"].replace("。", "。\n").splitlines() if s] for item in corpus
    ]
    for pid in range(1, size + 1):
        base = rng.randrange(len(corpus))
        near = [rng.randrange(max(0, base - 4), min(len(corpus), base + 4)) for _ in range(2)]
        body = [*sentences[base]]
        for other in near:
            body += rng.sample(sentences[other], k=min(2, len(sentences[other])))
        rng.shuffle(body)
        item = corpus[base]
        year = 2022 + pid % 5
        yield proposal_row(
            pid, item["title"], "".join(body), CATEGORIES[item["category"]], year, pid
        )


def speed(data: dict, size: int, databases: list[str]) -> None:
    for name in databases:
        database = sqlite_database if name == "sqlite" else postgres_database
        with database() as engine, Session(engine) as session:
            add_people(session, data["units"])
            started = time.perf_counter()
            batch = []
            for row in generated(data, size):
                batch.append(row)
                if len(batch) == 5000:
                    session.execute(insert(Proposal), batch)
                    batch = []
            if batch:
                session.execute(insert(Proposal), batch)
            session.commit()
            filled = time.perf_counter() - started
            started = time.perf_counter()
            rebuild(session)
            session.commit()
            indexed = time.perf_counter() - started
            if name == "postgresql":  # as autovacuum leaves it: index-only scans need it
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.execute(text("VACUUM ANALYZE search_terms"))
            terms = session.scalar(text("SELECT count(*) FROM search_terms"))
            search.rarity.forget()
            cold = _timed(session, data["queries"][0])
            times = [_timed(session, q) for q in data["queries"] for _ in range(2)]
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(
                f"\n{name}: {size:,} proposals filled in {filled:.1f} s, "
                f"indexed in {indexed:.1f} s "
                f"({terms:,} index rows, {terms / size:.0f} a proposal)"
            )
            print(
                f"  {len(times)} queries: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
                f"max {times[-1]:.1f} ms (goal p95 ≤ 100 ms); first query after a start "
                f"{cold:.1f} ms"
            )


def _timed(session: Session, query: dict) -> float:
    started = time.perf_counter()
    search.similar(session, query["title"], query["body"], body_id=BODY, accepted_only=True)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    args = parser.parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    words("预热")  # jieba's dictionary, read once, is not part of any figure
    if not args.speed_only:
        quality(data)
    if not args.quality_only:
        speed(data, args.size, args.databases.split(","))


if __name__ == "__main__":
    main()
