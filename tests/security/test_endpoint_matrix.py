"""Every endpoint under /api/v1 × role × ownership (own, someone else's, anonymous), from a table.

The routes come from Flask's url_map: a route without a row in ROUTES fails, so a new endpoint
cannot ship without someone deciding who may call it. Who may call an endpoint kept to some
roles is read from the service's own table of permissions (`service.permissions.GRANTS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count

import pytest

from service.db import unit_of_work
from service.jobs.render_worker import render_pending
from service.operations import users
from service.permissions import Permission, holders
from tests.attachments.files import PDF, upload
from tests.client import PASSWORD, ApiClient
from tests.security.subjects import ROLES, Builder

CALLERS = {"member": "zhang", "committee": "office", "unit": "transport", "leader": "leader"}
CALLERS["admin"] = "admin"
PARAMETER = re.compile(r"<(?:[^<>]*:)?(\w+)>")
NAMES = count(1)


def _event(scene, who):
    return {"event": "no_such_event", "version": 1}


def _proposal(scene, who):
    return {
        "title": "关于加强社区养老服务的提案",
        "category": "society",
        "body": "建议增设日间照料中心。",
    }


def _session(scene, who):
    number = next(NAMES)
    return {
        "name": f"十四届{number}次会议",
        "term": 14,
        "number": number,
        "year": 2026,
        "opens_on": "2026-03-01",
        "closes_on": "2026-03-10",
    }


def _login(scene, who):
    return {"username": who or "wang", "password": PASSWORD}


def _wrong_login(scene, who):
    return {"username": "li", "password": "not the password"}


@dataclass(frozen=True)
class Rule:
    """Statuses for member, committee, unit, leader, admin; `other` on someone else's subject."""

    own: str
    other: str | None = None
    anonymous: int = 401
    query: str = ""
    body: object = None
    other_body: object = None
    values: dict = field(default_factory=dict)
    fresh_token: bool = False


def granted(permission: Permission, ok: int = 200) -> str:
    """`ok` for the roles holding the permission, 403 for the others, in the order of ROLES."""
    return " ".join(str(ok) if role in holders(permission) else "403" for role in ROLES)


ALL_200 = "200 200 200 200 200"
VISIBLE = dict(own=ALL_200, other="404 200 404 404 200")
EVENT = dict(own="422 422 422 422 422", other="404 422 404 404 422", body=_event)
PUBLIC = dict(own=ALL_200, anonymous=200)
P, A, D = "/api/v1/proposals", "/api/v1/assignments", "/api/v1/documents"

ROUTES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/v1/auth/token"): Rule(
        ALL_200, "401 401 401 401 401", 200, body=_login, other_body=_wrong_login
    ),
    ("DELETE", "/api/v1/auth/token"): Rule("204 204 204 204 204", fresh_token=True),
    # Switching to one's own body is allowed; to a body without membership refused.
    ("POST", "/api/v1/auth/switch"): Rule(
        ALL_200, "403 403 403 403 403", body=lambda s, w: {"body_id": s["body_id"]}
    ),
    ("GET", "/api/v1/bodies"): Rule(ALL_200),
    ("GET", "/api/v1/rollup"): Rule(granted(Permission.FIGURES_READ)),
    ("POST", "/api/v1/bodies"): Rule(
        granted(Permission.BODIES_MANAGE, 201),
        body=lambda s, w: {"name": f"政协第{next(NAMES)}省委员会", "level": "province"},
    ),
    ("GET", "/api/v1/me"): Rule(ALL_200),
    ("PATCH", "/api/v1/me"): Rule(ALL_200, body=lambda s, w: {"notify_by": ["email"]}),
    ("GET", "/api/v1/units"): Rule(ALL_200),
    ("POST", "/api/v1/units"): Rule(
        granted(Permission.UNITS_ADD, 201), body=lambda s, w: {"name": f"市第{next(NAMES)}局"}
    ),
    ("GET", "/api/v1/organisations"): Rule("200 200 403 200 200"),
    ("POST", "/api/v1/organisations"): Rule(
        granted(Permission.ORGANISATIONS_MANAGE, 201),
        body=lambda s, w: {"name": f"第{next(NAMES)}界别", "kind": "sector"},
    ),
    # A member reads the organisations they are a contact of; a unit none.
    ("GET", "/api/v1/organisations/<int:organisation_id>"): Rule(
        "200 200 403 200 200", "404 200 403 200 200"
    ),
    ("PATCH", "/api/v1/organisations/<int:organisation_id>"): Rule(
        granted(Permission.ORGANISATIONS_MANAGE),
        granted(Permission.ORGANISATIONS_MANAGE),
        body=lambda s, w: {},
    ),
    ("GET", "/api/v1/sessions"): Rule(ALL_200),
    ("POST", "/api/v1/sessions"): Rule(granted(Permission.SESSIONS_MANAGE, 201), body=_session),
    # Any signed-in person sees every session: a role that may not change one gets 403 on any.
    ("PATCH", "/api/v1/sessions/<int:session_id>"): Rule(
        granted(Permission.SESSIONS_MANAGE), body=lambda s, w: {"current": True}
    ),
    # Only the office changes a unit's robot: 403 before the unit is looked up.
    ("PATCH", "/api/v1/units/<int:unit_id>"): Rule(
        granted(Permission.UNITS_CHANGE, 404), values={"unit_id": 999999}, body=lambda s, w: {}
    ),
    ("POST", "/api/v1/me/calendar-token"): Rule(ALL_200),
    # The feed's token is its key: without a valid one it is not found, signed in or not.
    ("GET", "/api/v1/deadlines.ics"): Rule("404 404 404 404 404", anonymous=404),
    ("GET", "/api/v1/deliveries"): Rule(granted(Permission.DELIVERIES_MANAGE)),
    ("POST", "/api/v1/deliveries/<int:delivery_id>/retry"): Rule(
        granted(Permission.DELIVERIES_MANAGE, 404), values={"delivery_id": 999999}
    ),
    ("GET", P): Rule(ALL_200),
    ("POST", P): Rule(granted(Permission.PROPOSALS_FILE, 201), body=_proposal),
    ("GET", f"{P}/<int:proposal_id>"): Rule(**VISIBLE),
    ("GET", f"{P}/<int:proposal_id>/history"): Rule(**VISIBLE),
    ("GET", f"{P}/<int:proposal_id>/documents"): Rule(**VISIBLE),
    # The 提案表 is printed for whoever sees the proposal.
    ("GET", f"{P}/<int:proposal_id>/form"): Rule(**VISIBLE),
    ("POST", f"{P}/<int:proposal_id>/events"): Rule(**EVENT),
    # Members find accepted proposals, the office all filed ones; units and leaders do not search.
    ("POST", f"{P}/similar"): Rule(
        "200 200 403 403 200", body=lambda s, w: {"title": "关于加强社区养老服务的建议"}
    ),
    # The proposal first (404), then whether the caller is the office (403).
    ("GET", f"{P}/<int:proposal_id>/suggested-units"): Rule(
        "403 200 403 403 200", "404 200 404 404 200"
    ),
    # 跨级转办: the office's lists; one body has no transfer to look up (a world of two bodies
    # is tests/bodies/test_transfers.py's).
    ("GET", "/api/v1/transfers"): Rule(granted(Permission.PROPOSALS_READ_ALL)),
    ("GET", "/api/v1/transfers/<int:transfer_id>"): Rule(
        "404 404 404 404 404", values={"transfer_id": 999999}
    ),
    ("POST", "/api/v1/transfers/<int:transfer_id>/events"): Rule(
        "404 404 404 404 404", values={"transfer_id": 999999}, body=_event
    ),
    ("GET", A): Rule(ALL_200),
    ("GET", f"{A}/<int:assignment_id>"): Rule(**VISIBLE),
    ("POST", f"{A}/<int:assignment_id>/events"): Rule(**EVENT),
    ("GET", f"{D}/<int:document_id>"): Rule(**VISIBLE),
    ("GET", f"{D}/<int:document_id>/verification"): Rule(**VISIBLE),
    # Without a file: the members, who may import, are told what is missing.
    ("POST", f"{P}/import"): Rule(granted(Permission.PROPOSALS_FILE, 422)),
    # Without a file the upload is malformed (422), once the proposal is seen (404 first).
    ("POST", f"{P}/<int:proposal_id>/attachments"): Rule(**EVENT),
    ("GET", f"{P}/<int:proposal_id>/attachments"): Rule(**VISIBLE),
    ("GET", "/api/v1/attachments/<int:attachment_id>"): Rule(**VISIBLE),
    # Regenerating is the office's alone, whatever the document: 403 before looking it up.
    ("POST", f"{D}/<int:document_id>/regenerate"): Rule(
        granted(Permission.DOCUMENTS_REGENERATE, 201), granted(Permission.DOCUMENTS_REGENERATE, 201)
    ),
    ("GET", "/api/v1/deadlines"): Rule(ALL_200),
    ("GET", "/api/v1/calendar/add-working-days"): Rule(ALL_200, query="?from=2026-03-16&days=3"),
    ("GET", "/api/v1/calendar/entries"): Rule(granted(Permission.SETTINGS_READ)),
    ("POST", "/api/v1/calendar/entries"): Rule(
        granted(Permission.SETTINGS_CHANGE), body=lambda s, w: {"entries": []}
    ),
    ("GET", "/api/v1/calendar/years"): Rule(granted(Permission.SETTINGS_READ)),
    ("POST", "/api/v1/calendar/years"): Rule(
        granted(Permission.SETTINGS_CHANGE), body=lambda s, w: {"year": 2027, "published": False}
    ),
    ("GET", "/api/v1/settings"): Rule(granted(Permission.SETTINGS_READ)),
    ("POST", "/api/v1/settings"): Rule(
        granted(Permission.SETTINGS_CHANGE), body=lambda s, w: {"changes": {}}
    ),
    ("GET", "/api/v1/workflows"): Rule(ALL_200),
    ("GET", "/api/v1/workflows/<name>"): Rule(ALL_200, "404 404 404 404 404"),
    ("GET", "/api/v1/workflows/<name>.svg"): Rule(ALL_200, "404 404 404 404 404"),
    ("GET", "/api/v1/stats"): Rule(granted(Permission.FIGURES_READ)),
    ("GET", "/api/v1/stats/units"): Rule(granted(Permission.FIGURES_READ)),
    # A member reads their own record; the office anyone's; a non-member's name is no member.
    ("GET", "/api/v1/stats/members/<username>"): Rule(
        "200 404 404 404 404", granted(Permission.FIGURES_READ)
    ),
    ("GET", "/api/v1/reports/annual"): Rule(granted(Permission.REPORTS_READ)),
    ("POST", "/api/v1/reports/annual"): Rule(
        granted(Permission.REPORTS_REQUEST, 202), body=lambda s, w: {"year": 2026}
    ),
    ("GET", "/api/v1/reports/compilations"): Rule(granted(Permission.REPORTS_READ)),
    ("POST", "/api/v1/reports/compilations"): Rule(
        granted(Permission.REPORTS_REQUEST, 202), body=lambda s, w: {"kind": "reply_compilation"}
    ),
    # 交办会 is the committee's: a dry run of an empty plan is still a well-formed request.
    ("POST", "/api/v1/assignment-plans"): Rule(
        granted(Permission.ASSIGNMENT_PLANS_RUN),
        body=lambda s, w: {
            "rows": [{"proposal_id": s["proposal_id"], "units": []}],
            "dry_run": True,
        },
    ),
    ("GET", "/api/v1/assignment-plans/template.xlsx"): Rule(
        granted(Permission.ASSIGNMENT_PLANS_RUN)
    ),
    ("GET", "/api/v1/lists/proposals"): Rule(granted(Permission.LISTS_READ)),
    ("GET", "/api/v1/lists/assignments"): Rule(granted(Permission.HANDLING_LISTS_READ)),
    ("GET", "/api/v1/lists/tracking"): Rule(granted(Permission.HANDLING_LISTS_READ)),
    # 提案公开: open to anyone by design; the scene's proposals are not published, so each is
    # not found, signed in or not, exactly like one that does not exist.
    ("GET", "/api/v1/public/proposals"): Rule(**PUBLIC),
    ("GET", "/api/v1/public/proposals/<int:proposal_id>"): Rule(
        "404 404 404 404 404", "404 404 404 404 404", anonymous=404
    ),
    # The API's own documentation is public, as it is on any intranet service.
    ("GET", "/api/v1/openapi.json"): Rule(**PUBLIC),
    ("GET", "/api/v1/docs"): Rule("308 308 308 308 308", anonymous=308),
    ("GET", "/api/v1/docs/"): Rule(**PUBLIC),
    ("GET", "/api/v1/docs/start.js"): Rule(**PUBLIC),
    (
        "GET",
        "/api/v1/docs/<any('swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'):name>",
    ): Rule(**PUBLIC, values={"name": "swagger-ui.css"}),
}


def api_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


@pytest.fixture
def scene(app, world, clock):
    """zhang's key proposal of 市交通运输局, supervised by `leader`; wang's, of 市教育局."""
    builder = Builder(world)
    own = builder._assigned()
    other = builder.flow.accepted(member="wang")
    unit = {"unit_id": world.units["市教育局"], "role": "lead"}
    other = world["office"].act("proposal", other, "assign", units=[unit])
    with app.app_context():
        render_pending(now=clock.now())
    files = [upload(world["office"], p["id"], PDF).json["id"] for p in (own, other)]
    documents = [world["office"].ok("GET", f"/proposals/{p['id']}/documents") for p in (own, other)]
    values = [
        {
            "proposal_id": p["id"],
            "assignment_id": p["assignments"][0]["id"],
            "document_id": next(d["id"] for d in docs if d["kind"] == "acceptance_notice"),
            "attachment_id": file,
        }
        for p, docs, file in zip((own, other), documents, files, strict=True)
    ]
    values[0]["name"], values[1]["name"], values[1]["username"] = "proposal", "nowhere", "wang"
    for these, contact in zip(values, ("zhang", "wang"), strict=True):
        organisation = {"name": f"{contact}所在党派", "kind": "party", "contacts": [contact]}
        these["organisation_id"] = world["office"].ok("POST", "/organisations", organisation, 201)[
            "id"
        ]
    values[0]["session_id"] = own["session_id"]
    values[0]["body_id"], values[1]["body_id"] = world.body_id, 999999
    return {"own": values[0], "other": values[1]}


def fresh_client(app, clock, username: str) -> ApiClient:
    with app.app_context(), unit_of_work() as session:
        token, _ = users.issue_token(session, username, PASSWORD, now=clock.now())
    return ApiClient(app.test_client(), token, username)


def call(app, world, clock, anonymous, rule: Rule, route, who, values, body):
    method, pattern = route
    path = PARAMETER.sub(lambda m: str(values.get(m.group(1), who)), pattern) + rule.query
    if who is None:
        client = anonymous
    elif rule.fresh_token:
        client = fresh_client(app, clock, who)
    else:
        client = world[who]
    headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
    payload = body(values, who) if body else None
    response = app.test_client().open(path, method=method, json=payload, headers=headers)
    response.close()  # a file sent from disk (the docs' assets) is closed with its response
    return response.status_code


def cells(rule: Rule, scene):
    """(ownership, role, caller, expected status, path values, body) for every cell of a rule."""
    rows = [("own", rule.own, scene["own"], rule.body)]
    if rule.other:
        rows.append(("other", rule.other, scene["other"], rule.other_body or rule.body))
    for ownership, statuses, values, body in rows:
        for role, status in zip(ROLES, statuses.split(), strict=True):
            yield ownership, role, CALLERS[role], int(status), {**values, **rule.values}, body
    yield "anonymous", "anonymous", None, rule.anonymous, {**scene["own"], **rule.values}, rule.body


def test_every_api_route_has_a_declared_rule(app):
    routes = api_routes(app)

    undeclared = sorted(routes - set(ROUTES))
    stale = sorted(set(ROUTES) - routes)

    assert not undeclared, f"routes without a rule in ROUTES: {undeclared}"
    assert not stale, f"rules for routes that no longer exist: {stale}"


@pytest.mark.long_running
def test_every_route_answers_each_role_and_ownership_as_declared(
    app, world, clock, anonymous, scene, capsys
):
    checked, wrong = 0, []

    for route in sorted(api_routes(app) & set(ROUTES)):
        rule = ROUTES[route]
        for ownership, role, who, want, values, body in cells(rule, scene):
            got = call(app, world, clock, anonymous, rule, route, who, values, body)
            checked += 1
            if got != want:
                wrong.append(f"{route[0]} {route[1]} {ownership} as {role}: {got} != {want}")

    with capsys.disabled():
        print(f"\nendpoints: {checked} endpoint × role × ownership cells checked")
    assert not wrong, "\n".join(wrong)
