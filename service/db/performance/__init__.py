"""Machinery that exists only because it was measured to make the service faster; none of it is
needed for correct results, and each piece is a trade that its caller must understand. The
measurements are in bench/README.md.

- `connections`: a pooled PostgreSQL connection is pinged only when it sat idle or its socket
  has input waiting (`pool_pre_ping` cost a round trip on every request), and a transaction that
  only read ends with COMMIT (a ROLLBACK makes psycopg forget its prepared statements, and
  PostgreSQL then plans every statement anew).
- `responses`: `settle` lets an event's response be built before its commit (the commit would
  expire every row the response reads), `read_together` reads one collection of many rows in
  one query, and `add_child` adds to a collection without reading it first.
- `compiled`: statements sent at each commit, compiled once to the very text psycopg is sent
  (the statistics facts' upserts: a millisecond of CPU each time otherwise).
"""
