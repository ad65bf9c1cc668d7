"""End-to-end tests: Debian's Chromium, driven by Playwright, against the app served from a
background thread on the test database, with the test clock and the test world's people (or,
for a new office, one administrator alone)."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service.db import unit_of_work
from service.operations import users
from tests.client import PASSWORD
from tests.flows import Flow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests drive Debian's Chromium, and {CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _closing_before_sending(app):
    """The app with each response read and closed before werkzeug sends it. When the browser
    drops a connection as it navigates away (a favicon still loading), werkzeug's development
    server never closes the response, and the open static file warns whenever it is collected,
    in whichever test is running then."""

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


@contextmanager
def _serving(app):
    """The app on a free port, served by werkzeug in a thread, until the block ends."""
    server = make_server("127.0.0.1", 0, _closing_before_sending(app), threaded=True)
    # Shut down within a twentieth of a second, not the half second a test would wait idle.
    serving = {"poll_interval": 0.05}
    thread = threading.Thread(
        target=server.serve_forever, kwargs=serving, name="live-server", daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def live_server(app, world):
    """The app with the test world's people, for this test only."""
    with _serving(app) as url:
        yield url


@pytest.fixture
def empty_server(app, clock):
    """The app on an empty database but for one administrator, `admin`: no session, unit,
    member or proposal, as a new office finds it."""
    with app.app_context(), unit_of_work() as session:
        users.add_user(session, "admin", role="admin", password=PASSWORD, now=clock.now())
    with _serving(app) as url:
        yield url


@pytest.fixture
def flow(world):
    return Flow(world)


@pytest.fixture
def shots(tmp_path):
    """`shots(page, "01-session")`: a full-page screenshot of what the person sees, in
    $SCREENSHOTS when set, else in the test's own folder."""
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=folder / f"{name}.png", full_page=True)


@contextmanager
def _logging_in(browser, base_url: str):
    """`open_as("office")`: a page in a browser context of its own, logged in through the form."""
    contexts = []

    def open_as(username: str, *, viewport: dict | None = None, password: str = PASSWORD):
        context = browser.new_context(
            base_url=base_url, viewport=viewport or DESKTOP, locale="zh-CN", accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/workbench")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def login(browser, live_server):
    """`login("office")`: one of the world's people, logged in through the form."""
    with _logging_in(browser, live_server) as open_as:
        yield open_as


@pytest.fixture
def login_to_empty(browser, empty_server):
    """`login_to_empty("admin")`: logged in through the form to the new office's service."""
    with _logging_in(browser, empty_server) as open_as:
        yield open_as


@pytest.fixture
def enter(browser, live_server, app, clock):
    """`enter("office")`: a page already logged in (the session cookie the login form would
    set), for tests whose subject is what comes after logging in."""
    contexts = []

    def open_as(username: str, *, viewport: dict | None = None):
        with app.app_context(), unit_of_work() as session:
            token, _ = users.issue_token(session, username, PASSWORD, now=clock.now())
        cookie = app.session_interface.get_signing_serializer(app).dumps({"token": token})
        context = browser.new_context(
            base_url=live_server, viewport=viewport or DESKTOP, locale="zh-CN"
        )
        context.set_default_timeout(TIMEOUT_MS)
        name = app.config["SESSION_COOKIE_NAME"]
        context.add_cookies([{"name": name, "value": cookie, "url": live_server}])
        contexts.append(context)
        page = context.new_page()
        page.goto("/workbench")
        return page

    yield open_as
    for context in contexts:
        context.close()
