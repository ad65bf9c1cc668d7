"""Migration 0009: names made before usernames were normalised are stored in their normal form,
unless another user already has it; the old failure log gives way to the throttles and back."""

from datetime import UTC, datetime

from sqlalchemy import column, create_engine, inspect, select, table

from service.migrate import downgrade, upgrade

USERS = table(
    "users",
    *(
        column(name)
        for name in (
            "id",
            "username",
            "display_name",
            "role",
            "password_hash",
            "active",
            "proxy_rater",
            "created_at",
        )
    ),
)


def _users_named(url, names):
    engine = create_engine(url)
    with engine.begin() as connection:
        for index, name in enumerate(names, start=1):
            connection.execute(
                USERS.insert().values(
                    id=index,
                    username=name,
                    display_name=name,
                    role="member",
                    password_hash="x",
                    active=True,
                    proxy_rater=False,
                    created_at=datetime(2026, 1, 5, tzinfo=UTC),
                )
            )
    return engine


def test_usernames_take_their_normal_form_unless_it_is_taken(fresh_url):
    upgrade(fresh_url, "0008")
    engine = _users_named(fresh_url, ["ZhangWei", "ｌｉｎａ", "wang", "Wang", "office", "张三"])

    upgrade(fresh_url, "0009")

    with engine.connect() as connection:
        names = connection.scalars(select(USERS.c.username).order_by(USERS.c.id)).all()
    assert names == ["zhangwei", "lina", "wang", "Wang", "office", "张三"]
    engine.dispose()


def test_the_migration_steps_down_to_the_failure_log_and_up_again(fresh_url):
    upgrade(fresh_url)
    engine = create_engine(fresh_url)

    downgrade(fresh_url, "0008")
    down = set(inspect(engine).get_table_names())
    upgrade(fresh_url)
    engine.dispose()  # forget the connections that saw the schema before
    up = set(inspect(engine).get_table_names())

    assert "login_failures" in down and not {"login_throttles", "address_throttles"} & down
    assert {"login_throttles", "address_throttles"} <= up and "login_failures" not in up
    engine.dispose()
