"""Migration 0019: everyone registered before it wants notices by both channels and has no
party, employer, phone or e-mail yet; it steps down and up again."""

from datetime import UTC, datetime

from sqlalchemy import JSON, column, create_engine, inspect, select, table

from service.migrate import downgrade, upgrade

COLUMNS = ("id", "username", "display_name", "role", "password_hash", "active", "proxy_rater")
USERS = table("users", *(column(name) for name in (*COLUMNS, "created_at")))
AFTER = table("users", column("id"), column("notify_by", JSON), column("phone"), column("party"))


def test_people_registered_before_want_both_channels(fresh_url):
    upgrade(fresh_url, "0018")
    engine = create_engine(fresh_url)
    with engine.begin() as connection:
        connection.execute(
            USERS.insert().values(
                id=1,
                username="zhang",
                display_name="张伟",
                role="member",
                password_hash="x",
                active=True,
                proxy_rater=False,
                created_at=datetime(2026, 1, 5, tzinfo=UTC),
            )
        )

    upgrade(fresh_url, "0019")

    with engine.connect() as connection:
        row = connection.execute(select(AFTER)).one()
    assert (row.notify_by, row.phone, row.party) == (["email", "sms"], None, None)
    downgrade(fresh_url, "0018")
    assert "phone" not in {c["name"] for c in inspect(engine).get_columns("users")}
    upgrade(fresh_url)
    engine.dispose()
