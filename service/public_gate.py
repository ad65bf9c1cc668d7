"""What every request to the public window (/public/…, /api/v1/public/…) passes through: the
rate limit per client address, counted in the database before anything is read, and the cache
of answers with the HTTP validators (ETag, Cache-Control) that let browsers and proxies keep
them too."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, Response, current_app, request

from service.clock import current_clock
from service.db import current_session, unit_of_work
from service.db.scope import across_all
from service.lists.public_window import PublicCache, generation
from service.operations.public_throttle import count_request

PREFIXES = ("/public/", "/api/v1/public/")


def init_public_gate(app: Flask) -> None:
    settings = app.extensions["settings"]
    app.extensions["public_cache"] = PublicCache(settings.public_cache_seconds)
    app.before_request(_count_public_request)


def _count_public_request() -> None:
    """Raises TooManyAttempts (429 with Retry-After) once the address asked too often. The window
    is the platform's: it reads the published proposals of every body (public_window.py lets
    nothing else out)."""
    if not request.path.startswith(PREFIXES):
        return
    limit = current_app.extensions["settings"].public_rate_limit
    with unit_of_work() as session:
        count_request(session, request.remote_addr or "", limit=limit, now=current_clock().now())
    across_all(current_session())


def cached(key: tuple, build: Callable[[], object]) -> tuple[object, str]:
    """The answer under `key` (built by `build` when not cached or stale) and its ETag."""
    session = current_session()
    now = current_clock().now()
    current = generation(session)
    cache: PublicCache = current_app.extensions["public_cache"]
    return cache.get(key, generation=current, now=now, build=lambda: _tagged(build()))


def _tagged(value: object) -> tuple[object, str]:
    """The tag names the content itself, so an answer rebuilt unchanged keeps its tag."""
    return value, hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def conditional(response: Response, tag: str) -> Response:
    """Mark a public answer cacheable; a request that already holds it gets 304."""
    seconds = current_app.extensions["settings"].public_cache_seconds
    response.set_etag(tag)
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response.make_conditional(request)
