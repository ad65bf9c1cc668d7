"""Page tests with Flask's test client: people log in through the login form, and every post
carries the CSRF token read from a page, as a browser's would (CSRF protection stays on)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from tests.client import PASSWORD
from tests.flows import Flow

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Page:
    status: int
    text: str
    location: str | None

    def parsed(self) -> PageParser:
        parser = PageParser()
        parser.feed(self.text)
        return parser


class WebClient:
    """One person's browser, reduced to what the tests need."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, path: str) -> Page:
        return self._page(self.client.get(path))

    def token(self, path: str = "/workbench") -> str:
        page = self.client.get(path, follow_redirects=True)  # to the login page when out
        found = TOKEN.search(page.get_data(as_text=True))
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post(self, path: str, data: dict | None = None, *, token: bool = True) -> Page:
        form = dict(data or {})
        if token:
            form["csrf_token"] = self.token()
        return self._page(self.client.post(path, data=form))

    @staticmethod
    def _page(response) -> Page:
        return Page(response.status_code, response.get_data(as_text=True), response.location)


def log_in(app, username: str) -> WebClient:
    web = WebClient(app.test_client())
    page = web.post("/login", {"username": username, "password": PASSWORD})
    assert page.status == 302, page.text
    return web


@pytest.fixture
def web(app, world):
    """`web("office")`: a logged-in browser session for one of the world's people."""
    return lambda username: log_in(app, username)


@pytest.fixture
def flow(world):
    return Flow(world)


class PageParser(HTMLParser):
    """The parts of a page the accessibility and error tests look at."""

    FIELDS = ("input", "select", "textarea")
    UNLABELLED_TYPES = ("hidden", "submit", "button", "reset", "image")

    def __init__(self) -> None:
        super().__init__()
        self.title, self._in_title, self._label_depth = "", False, 0
        self.labels_for: set[str] = set()
        self.fields: list[dict] = []
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, attrs))
        if tag == "title":
            self._in_title = True
        elif tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.labels_for.add(attrs["for"])
        elif tag in self.FIELDS and attrs.get("type", "") not in self.UNLABELLED_TYPES:
            self.fields.append({"tag": tag, **attrs, "wrapped": self._label_depth > 0})

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "label":
            self._label_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def unlabelled(self) -> list[dict]:
        return [
            f
            for f in self.fields
            if not f["wrapped"]
            and f.get("id") not in self.labels_for
            and not f.get("aria-label")
            and not f.get("aria-labelledby")
        ]

    def error_after(self, field_id: str) -> list[str]:
        """Ids of the error messages a field points to with aria-describedby."""
        for _tag, attrs in self.elements:
            if attrs.get("id") == field_id:
                return attrs.get("aria-describedby", "").split()
        raise AssertionError(f"no element #{field_id}")
