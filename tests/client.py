"""A test client that speaks the JSON API as a real client does, and a small world of people."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.db import unit_of_work
from service.operations import users
from service.operations.bodies import home_body

PASSWORD = "correct horse battery"


@dataclass
class Response:
    status: int
    json: object
    headers: dict

    @property
    def error(self) -> dict:
        return self.json["error"]


class ApiClient:
    def __init__(self, client, token: str | None, username: str | None = None) -> None:
        self.client, self.token, self.username = client, token, username

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(self, method: str, path: str, body=None, **kwargs) -> Response:
        response = self.client.open(
            f"/api/v1{path}", method=method, json=body, headers=self._headers(), **kwargs
        )
        return Response(
            response.status_code, response.get_json(silent=True), dict(response.headers)
        )

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body=None, **kwargs) -> Response:
        return self.request("POST", path, body, **kwargs)

    def ok(self, method: str, path: str, body=None, status: int = 200):
        response = self.request(method, path, body)
        assert response.status == status, (response.status, response.json)
        return response.json

    def fire(self, kind: str, subject: dict, event: str, **fields) -> Response:
        body = {"event": event, "version": subject["version"], **fields}
        return self.post(f"/{kind}s/{subject['id']}/events", body)

    def act(self, kind: str, subject: dict, event: str, **fields) -> dict:
        response = self.fire(kind, subject, event, **fields)
        assert response.status == 200, (event, response.status, response.json)
        return response.json

    def proposal(self, proposal_id: int) -> dict:
        return self.ok("GET", f"/proposals/{proposal_id}")

    def assignment(self, assignment_id: int) -> dict:
        return self.ok("GET", f"/assignments/{assignment_id}")


PEOPLE = (
    ("office", "committee", None, "王主任", None),
    ("office2", "committee", None, "李科长", None),
    ("admin", "admin", None, None, None),
    ("leader", "leader", None, "赵副主席", None),
    ("zhang", "member", None, "张伟", "经济界"),
    ("li", "member", None, "李娜", "教育界"),
    ("wang", "member", None, "王芳", "医药卫生界"),
    ("transport", "unit", "市交通运输局", None, None),
    ("education", "unit", "市教育局", None, None),
    ("ecology", "unit", "市生态环境局", None, None),
    ("health", "unit", "市卫生健康委员会", None, None),
)


@dataclass
class World:
    """A small city's units and people, each with a logged-in client. Built through the service
    unless `tokens` says it is already in the database (tests/snapshots.py)."""

    app: object
    clock: object
    units: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    body_id: int = 0
    tokens: dict = field(default_factory=dict)
    # The tables' owner, when the world's database may be put back from snapshots (a test's
    # own world); flows then remember what they built (tests/snapshots.py `remembered`).
    owner_engine: object = None

    def __post_init__(self) -> None:
        if not self.tokens:
            self._build()
        self.clients = {
            username: ApiClient(self.app.test_client(), token, username)
            for username, token in self.tokens.items()
        }

    def _build(self) -> None:
        # One transaction for the whole world keeps each test's set-up cheap.
        with self.app.app_context(), unit_of_work() as session:
            now = self.clock.now()
            self.body_id = home_body(session, now=now).id
            for name in ("市交通运输局", "市教育局", "市生态环境局", "市卫生健康委员会"):
                self.units[name] = users.add_unit(session, name, now=now).id
            for username, role, unit, display_name, sector in PEOPLE:
                users.add_user(
                    session,
                    username,
                    role=role,
                    password=PASSWORD,
                    unit_name=unit,
                    display_name=display_name,
                    sector=sector,
                    now=now,
                    proxy_rater=username == "office",  # enters paper ratings; office2 does not
                )
                self.tokens[username], _ = users.issue_token(session, username, PASSWORD, now=now)

    def add_unit(self, name: str) -> int:
        with self.app.app_context(), unit_of_work() as session:
            self.units[name] = users.add_unit(session, name, now=self.clock.now()).id
        return self.units[name]

    def add_user(
        self,
        username: str,
        role: str,
        *,
        unit: str | None = None,
        display_name: str | None = None,
        sector: str | None = None,
    ) -> ApiClient:
        with self.app.app_context(), unit_of_work() as session:
            users.add_user(
                session,
                username,
                role=role,
                password=PASSWORD,
                unit_name=unit,
                display_name=display_name,
                sector=sector,
                now=self.clock.now(),
            )
        return self.login(username)

    def login(self, username: str) -> ApiClient:
        """A new client for `username`, logged in through the API as a real client does."""
        client = self.app.test_client()
        response = client.post(
            "/api/v1/auth/token", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.get_json()
        self.clients[username] = ApiClient(client, response.get_json()["token"], username)
        return self.clients[username]

    def __getitem__(self, username: str) -> ApiClient:
        return self.clients[username]
