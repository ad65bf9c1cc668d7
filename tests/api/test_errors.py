"""The error contract: one JSON shape with a Chinese message, and the order of an event's checks."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from tests.client import Response
from tests.flows import Flow

CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response is an error in the contract's shape, with a Chinese message; its body."""
    assert response.status == status, response.json
    assert set(response.json) == {"error"}
    error = response.json["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["details"], dict)
    assert CJK.search(error["message"]), error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def snapshot(client, proposal_id: int) -> tuple:
    """State, version and history length: what a refused event must leave unchanged."""
    proposal = client.proposal(proposal_id)
    history = client.ok("GET", f"/proposals/{proposal_id}/history")
    return proposal["state"], proposal["version"], len(history)


ERRORS = [
    ("GET", "/me", None, None, 401, "not_authenticated"),
    ("POST", "/units", {"name": "市民政局"}, "office", 403, "forbidden"),
    ("GET", "/no/such/route", None, "zhang", 404, "not_found"),
    ("GET", "/proposals/9999", None, "zhang", 404, "not_found"),
    ("PUT", "/proposals", {}, "zhang", 405, "method_not_allowed"),
    ("POST", "/units", {"name": "市教育局"}, "admin", 409, "conflict"),
    ("GET", "/proposals?limit=501", None, "office", 422, "invalid_input"),
]


@pytest.mark.parametrize(("method", "path", "body", "who", "status", "code"), ERRORS)
def test_every_error_has_the_one_json_shape_and_a_chinese_message(
    world, anonymous, method, path, body, who, status, code
):
    client = anonymous if who is None else world[who]

    response = client.request(method, path, body)

    assert_error(response, status, code)


@pytest.mark.parametrize(
    "authorization", [None, "Bearer not-a-real-token", "Basic emhhbmc6cGFzcw=="]
)
def test_request_without_a_valid_bearer_token_is_401(app, world, authorization):
    headers = {"Authorization": authorization} if authorization else {}

    raw = app.test_client().get("/api/v1/proposals", headers=headers)

    response = Response(raw.status_code, raw.get_json(), dict(raw.headers))
    assert_error(response, 401, "not_authenticated")


def test_token_expires_after_twelve_hours(world, clock):
    clock.advance(hours=13)

    response = world["zhang"].get("/me")

    assert_error(response, 401, "not_authenticated")
    assert world.login("zhang").ok("GET", "/me")["username"] == "zhang"


def test_token_is_refused_after_logging_out(world):
    member = world["zhang"]

    member.ok("DELETE", "/auth/token", status=204)

    assert_error(member.get("/me"), 401, "not_authenticated")
    assert_error(member.request("DELETE", "/auth/token"), 401, "not_authenticated")


def test_anonymous_event_on_an_unknown_proposal_is_401_before_404(anonymous):
    response = anonymous.post("/proposals/9999/events", {"event": "accept", "version": 1})

    assert_error(response, 401, "not_authenticated")


def test_wrong_method_is_405_with_an_allow_header(world):
    response = world["office"].request("DELETE", "/proposals")

    assert_error(response, 405, "method_not_allowed")
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "DELETE" not in allowed


MALFORMED = [
    pytest.param(None, '{"event": "accept", "version": ', "_schema", id="not-json"),
    pytest.param(lambda v: ["accept", v], None, "_schema", id="list"),
    pytest.param(lambda v: {"event": "accept"}, None, "version", id="no-version"),
    pytest.param(lambda v: {"event": "accept", "version": str(v)}, None, "version", id="string"),
    pytest.param(lambda v: {"event": "accept", "version": True}, None, "version", id="boolean"),
    pytest.param(lambda v: {"event": "accept", "version": -1}, None, "version", id="negative"),
]


@pytest.mark.parametrize(("body", "raw", "field"), MALFORMED)
def test_malformed_event_request_is_422_naming_the_problem(world, body, raw, field):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = snapshot(office, proposal["id"])
    payload = body(proposal["version"]) if body else None
    as_text = {"data": raw, "content_type": "application/json"} if raw else {}

    response = office.request("POST", f"/proposals/{proposal['id']}/events", payload, **as_text)

    error = assert_error(response, 422, "invalid_input")
    assert field in error["details"]
    assert snapshot(office, proposal["id"]) == before


def test_unknown_event_name_is_422_naming_the_event(world):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "approve_everything")

    error = assert_error(response, 422, "invalid_input")
    assert "event" in error["details"]
    assert snapshot(office, proposal["id"]) == before


def test_unknown_event_is_422_before_the_unit_is_refused_for_its_role(world):
    office, clerk = world["office"], world["transport"]
    proposal = Flow(world).assigned()
    before = snapshot(office, proposal["id"])

    unknown = clerk.fire("proposal", proposal, "accelerate")
    known = clerk.fire("proposal", proposal, "mark_key")

    assert "event" in assert_error(unknown, 422, "invalid_input")["details"]
    assert_error(known, 403, "forbidden")
    assert snapshot(office, proposal["id"]) == before


def test_role_is_refused_with_403_before_a_stale_version_is_noticed(world):
    member = world["zhang"]
    proposal = Flow(world).submitted()
    before = snapshot(member, proposal["id"])

    response = member.fire("proposal", {**proposal, "version": proposal["version"] - 1}, "accept")

    assert_error(response, 403, "forbidden")
    assert snapshot(member, proposal["id"]) == before


def test_stale_version_is_409_before_the_state_is_checked(world):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = snapshot(office, proposal["id"])
    units = [{"unit_id": world.units["市交通运输局"], "role": "lead"}]

    stale = {**proposal, "version": proposal["version"] - 1}
    response = office.fire("proposal", stale, "assign", units=units)

    assert_error(response, 409, "stale_version")
    assert snapshot(office, proposal["id"]) == before


def test_event_not_allowed_in_the_state_is_409_before_its_fields_are_checked(world):
    office = world["office"]
    proposal = Flow(world).accepted()
    before = snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "reject")

    error = assert_error(response, 409, "event_not_allowed")
    assert error["details"]["state"] == "accepted"
    assert snapshot(office, proposal["id"]) == before


def test_bad_fields_are_422_before_a_guard_is_checked(world):
    lead, co_signer = world["zhang"], world["li"]
    submitted = Flow(world).submitted(co_signers=["li"])
    co_signer.act("proposal", co_signer.proposal(submitted["id"]), "cosign")
    world["office"].act(
        "proposal",
        world["office"].proposal(submitted["id"]),
        "return_for_revision",
        reason="请补充",
    )
    draft = co_signer.proposal(submitted["id"])  # returned: the lead may submit it again
    before = snapshot(lead, draft["id"])

    bad_fields = co_signer.fire("proposal", draft, "submit", category="sports")
    guarded = co_signer.fire("proposal", draft, "submit")

    assert "category" in assert_error(bad_fields, 422, "invalid_input")["details"]
    assert_error(guarded, 409, "guard_failed")
    assert snapshot(lead, draft["id"]) == before


def test_unknown_field_on_an_event_is_422_naming_it(world):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "accept", priority="high")

    assert set(assert_error(response, 422, "invalid_input")["details"]) == {"priority"}
    assert snapshot(office, proposal["id"]) == before


def test_too_long_reason_is_422_stating_the_limit(world):
    office = world["office"]
    proposal = Flow(world).submitted()
    before = snapshot(office, proposal["id"])

    response = office.fire("proposal", proposal, "return_for_revision", reason="理" * 1001)

    error = assert_error(response, 422, "invalid_input")
    assert "reason" in error["details"]
    assert "1000" in error["message"]
    assert snapshot(office, proposal["id"]) == before


PATHS = {
    "/api/v1/auth/token": {"post", "delete"},
    "/api/v1/me": {"get"},
    "/api/v1/units": {"get", "post"},
    "/api/v1/proposals": {"get", "post"},
    "/api/v1/proposals/{proposal_id}": {"get"},
    "/api/v1/proposals/{proposal_id}/events": {"post"},
    "/api/v1/proposals/{proposal_id}/history": {"get"},
    "/api/v1/assignments": {"get"},
    "/api/v1/assignments/{assignment_id}": {"get"},
    "/api/v1/assignments/{assignment_id}/events": {"post"},
    "/api/v1/workflows": {"get"},
    "/api/v1/workflows/{name}": {"get"},
}


def test_openapi_document_lists_every_path_and_the_bearer_scheme(app):
    response = app.test_client().get("/api/v1/openapi.json")

    document = response.get_json()
    assert (response.status_code, document["openapi"]) == (200, "3.0.3")
    assert set(PATHS) <= set(document["paths"])
    for path, methods in PATHS.items():
        assert methods <= set(document["paths"][path]), path
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"])
        if tag == "link" and found.get("rel") == "stylesheet":
            self.urls.append(found["href"])


def test_interactive_docs_load_only_assets_served_by_the_service(app):
    client = app.test_client()

    page = client.get("/api/v1/docs/")

    assert (page.status_code, page.mimetype) == (200, "text/html")
    assets = _Assets()
    assets.feed(page.get_data(as_text=True))
    assert any(u.endswith(".js") for u in assets.urls)
    assert any(u.endswith(".css") for u in assets.urls)
    for url in assets.urls:
        assert urlparse(url).netloc in ("", "localhost"), url
        with client.get(urlparse(url).path) as asset:
            assert asset.status_code == 200, url


def test_a_label_sent_for_a_code_is_refused_naming_each_code_with_its_label(world):
    body = {"title": "关于公交的提案", "category": "社会建设", "body": "建议。"}

    response = world["zhang"].post("/proposals", body)

    message = assert_error(response, 422, "invalid_input")["message"]
    assert "society（社会建设）" in message and "other（其他）" in message
    assert "其他原因" not in message
