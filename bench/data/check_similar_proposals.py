#!/usr/bin/env python3
"""Check bench/data/similar_proposals.json, the labelled set for the 相似提案查重 search.

    python3 bench/data/check_similar_proposals.py [PATH]

Checks the structure and the referential integrity (ids unique, every pair's corpus_id exists,
labels are duplicate / related / unrelated, lead_unit is one of the units, years 2022-2026,
titles non-empty, bodies 80-600 characters), that the set is as large as it was meant to be,
and that no query repeats a corpus body word for word. Prints counts; exits 1 on any problem.
Standard library only.
"""

import collections
import json
import re
import sys
from pathlib import Path

LABELS = ("duplicate", "related", "unrelated")
CATEGORIES = {"经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他"}
YEARS = range(2022, 2027)
BODY_MIN, BODY_MAX = 80, 600
MINIMA = {  # what the set was written to hold
    "corpus": 200,
    "queries": 120,
    "pairs": 320,
    "duplicate": 130,
    "related": 90,
    "unrelated": 100,
    "queries without a duplicate": 25,
}
# A duplicate is a rewrite, not a copy: character-bigram Jaccard above this is reported.
COPY_JACCARD = 0.8


def bigrams(text):
    t = re.sub(r"\s+", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a | b else 1.0


def check_text(err, kind, item):
    iid = item.get("id")
    title, body = item.get("title"), item.get("body")
    if not isinstance(title, str) or not title.strip():
        err(f"{kind} {iid}: empty title")
    if not isinstance(body, str) or not body.strip():
        err(f"{kind} {iid}: empty body")
    elif not BODY_MIN <= len(body) <= BODY_MAX:
        err(f"{kind} {iid}: body is {len(body)} characters, not {BODY_MIN}-{BODY_MAX}")


def check_units(err, units):
    if len(set(units)) != len(units):
        err("units: repeated names")
    if not all(isinstance(u, str) and u.strip() for u in units):
        err("units: empty or non-string name")


def check_corpus(err, items, unit_set):
    corpus = {}
    for c in items:
        cid = c.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"c\d{3,}", cid):
            err(f"corpus: bad id {cid!r}")
        if cid in corpus:
            err(f"corpus: id {cid} repeated")
        corpus[cid] = c
        check_text(err, "corpus", c)
        if c.get("category") not in CATEGORIES:
            err(f"corpus {cid}: category {c.get('category')!r} not one of {sorted(CATEGORIES)}")
        if c.get("lead_unit") not in unit_set:
            err(f"corpus {cid}: lead_unit {c.get('lead_unit')!r} not in units")
        if not isinstance(c.get("year"), int) or c["year"] not in YEARS:
            err(f"corpus {cid}: year {c.get('year')!r} not in 2022-2026")
    bodies = collections.Counter(c.get("body") for c in corpus.values())
    for body, n in bodies.items():
        if n > 1:
            err(f"corpus: {n} items share one body ({str(body)[:20]}…)")
    return corpus


class QueryStats:
    def __init__(self):
        self.labels = collections.Counter()
        self.dup_per_query = collections.Counter()
        self.worst_copy = (0.0, None, None)


def check_pairs(err, q, corpus, grams, stats):
    """The pairs of one query; returns how many are duplicates."""
    qid = q.get("id")
    seen = set()
    qgrams = bigrams(q.get("body") or "")
    n_dup = 0
    for p in q["pairs"]:
        cid, label = p.get("corpus_id"), p.get("label")
        if cid not in corpus:
            err(f"query {qid}: corpus_id {cid!r} does not exist")
            continue
        if cid in seen:
            err(f"query {qid}: corpus_id {cid} labelled twice")
        seen.add(cid)
        if label not in LABELS:
            err(f"query {qid}: label {label!r} not one of {LABELS}")
            continue
        stats.labels[label] += 1
        if label != "duplicate":
            continue
        n_dup += 1
        j = jaccard(qgrams, grams[cid])
        if j > stats.worst_copy[0]:
            stats.worst_copy = (j, qid, cid)
        if j > COPY_JACCARD:
            err(f"query {qid}: duplicate {cid} is a near copy (bigram Jaccard {j:.2f})")
    return n_dup


def check_queries(err, items, corpus):
    stats = QueryStats()
    grams = {cid: bigrams(c.get("body") or "") for cid, c in corpus.items()}
    corpus_bodies = {c.get("body") for c in corpus.values()}
    qids = set()
    for q in items:
        qid = q.get("id")
        if not isinstance(qid, str) or not re.fullmatch(r"q\d{3,}", qid):
            err(f"queries: bad id {qid!r}")
        if qid in qids:
            err(f"queries: id {qid} repeated")
        qids.add(qid)
        check_text(err, "query", q)
        if q.get("body") in corpus_bodies:
            err(f"query {qid}: body is a corpus body word for word")
        if not isinstance(q.get("pairs"), list) or not q["pairs"]:
            err(f"query {qid}: no pairs")
            continue
        stats.dup_per_query[check_pairs(err, q, corpus, grams, stats)] += 1
    return qids, stats


def print_counts(units, corpus, qids, stats):
    print(f"units: {len(units)}")
    print(f"corpus: {len(corpus)}")
    years = collections.Counter(c.get("year") for c in corpus.values())
    print("  by year: " + ", ".join(f"{y} {years[y]}" for y in sorted(years, key=str)))
    cats = collections.Counter(c.get("category") for c in corpus.values())
    print("  by category: " + ", ".join(f"{k} {v}" for k, v in cats.most_common()))
    print(f"queries: {len(qids)}")
    dpq = stats.dup_per_query
    print("  by number of duplicates: " + ", ".join(f"{k}: {dpq[k]}" for k in sorted(dpq)))
    print(f"pairs: {sum(stats.labels.values())}")
    for label in LABELS:
        print(f"  {label}: {stats.labels[label]}")
    j, qid, cid = stats.worst_copy
    if qid:
        print(f"closest duplicate pair (bigram Jaccard): {j:.2f} ({qid} ~ {cid})")


def main(path):
    errors = []
    err = errors.append
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("units", "corpus", "queries"):
        if not isinstance(data.get(key), list):
            err(f"top level: {key!r} missing or not a list")
    if errors:
        return report(errors)

    units = data["units"]
    check_units(err, units)
    corpus = check_corpus(err, data["corpus"], set(units))
    qids, stats = check_queries(err, data["queries"], corpus)

    got = {
        "corpus": len(corpus),
        "queries": len(qids),
        "pairs": sum(stats.labels.values()),
        **{label: stats.labels[label] for label in LABELS},
        "queries without a duplicate": stats.dup_per_query[0],
    }
    for key, minimum in MINIMA.items():
        if got[key] < minimum:
            err(f"{key}: {got[key]}, fewer than {minimum}")
    print_counts(units, corpus, qids, stats)
    return report(errors)


def report(errors):
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    default = Path(__file__).with_name("similar_proposals.json")
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
