"""Look at the connections a pool holds, from the server's side."""


def on_each_pooled_connection(engine, sql: str) -> list[tuple]:
    """The rows `sql` returns on each connection the pool holds (at least one), all together.
    Each is committed, not rolled back, so what a connection holds (its prepared statements)
    is left as it was."""
    held = [engine.raw_connection() for _ in range(max(1, engine.pool.checkedin()))]
    try:
        rows = []
        for connection in held:
            cursor = connection.cursor()
            cursor.execute(sql)
            rows += cursor.fetchall()
            cursor.close()
            connection.commit()
        return rows
    finally:
        for connection in held:
            connection.close()
