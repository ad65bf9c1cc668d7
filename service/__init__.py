"""The proposal-handling service (政协提案办理): `create_app()` wires settings, database, clock,
API, pages, commands and the in-process scheduler."""

from __future__ import annotations

import gc
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from service import commit_hooks
from service.clock import Clock, SystemClock
from service.config import Settings
from service.db import close_session, make_engine, make_sessionmaker


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, engine: Engine | None = None
) -> Flask:
    """The app; tests pass their settings, a frozen clock and a shared engine."""
    settings = settings or Settings.from_env()
    settings.validate()
    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_path=settings.instance_path,
        template_folder=str(root / "templates"),
        static_folder=None,
    )
    app.config["SECRET_KEY"] = settings.secret_key or _instance_secret(settings)
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    app.json.ensure_ascii = False
    if settings.trusted_proxies:  # only then are X-Forwarded-For and -Proto believed
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    engine = engine or make_engine(settings.database_url)
    app.extensions.update(
        settings=settings,
        clock=clock or SystemClock(),
        db_engine=engine,
        db_sessionmaker=commit_hooks.install(make_sessionmaker(engine, settings)),
    )
    app.teardown_appcontext(close_session)
    app.url_map.converters["int"] = RowId  # before any route: every <int:…> id is bounded

    from service.api import init_api
    from service.cli import register_commands
    from service.documents.fonts import check_fonts
    from service.health import blp as health
    from service.input_guard import init_upload_limits
    from service.public_gate import init_public_gate
    from service.security import init_security
    from service.web import init_web

    app.extensions["fonts"] = check_fonts()
    init_upload_limits(app)
    init_api(app)
    init_web(app)
    init_security(app)
    init_public_gate(app)
    app.register_blueprint(health)
    register_commands(app)
    if settings.scheduler_enabled:
        _start_scheduler_with_first_request(app)
    _settle_with_first_request(app)
    return app


def _settle_with_first_request(app: Flask) -> None:
    """The similar-proposal search's dictionary takes about a second to read: a serving process
    starts reading it beside its first request, so no member's filing waits for it. Then what
    the process has loaded to serve (modules, mappers, the dictionary: a quarter of a million
    objects that live as long as it does) is frozen out of the garbage collector's reach: a
    full collection otherwise walks all of it, a pause of about a tenth of a second in the
    middle of whichever request set it off."""
    from service.search.text import warm_up

    app.before_request(lambda: warm_up(then=gc.freeze))


def _start_scheduler_with_first_request(app: Flask) -> None:
    """Commands like `db upgrade` load the app too; only a serving process runs the clock."""
    from service.jobs.scheduler import start_in_process

    @app.before_request
    def _clock_running() -> None:
        if "scheduler" not in app.extensions:
            start_in_process(app)


class RowId(IntegerConverter):
    """Ids in paths fit the database's integer: a larger number is simply not found (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _instance_secret(settings: Settings) -> str:
    """The embedded default keeps a generated key in the instance folder, never in the repo."""
    path = Path(settings.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
