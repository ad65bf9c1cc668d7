"""Every /api/v1 route × caller × direction between two bodies: the test world's city and the
county under it (tests/bodies/conftest.py), each with the same kinds of rows made through the API.

The routes come from Flask's url_map, and each needs a decision here, or the first test fails:

- PATH: a route that takes the id of a body's row answers a caller of the other body, on that
  body's row, exactly as on a row that does not exist: the same status and the same answer, which
  is 404, or 403 where the caller's role is refused before anything is looked up (and 403 only
  where the caller is refused on its own body's row of that kind too).
- LISTS: what a list (a GET without path parameters, and the searches) answers each caller is the
  same before and after the other body's work, and names nothing of it; where a list is narrowed
  by an id in the query, the other body's id narrows it as an id that does not exist does.
- PROBES: a route that names rows in its request body treats the other body's rows as rows that
  do not exist, and the other body's names as free ones.
- EXEMPT: not any one body's rows, each with its reason.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from urllib.parse import urlsplit

import pytest
from werkzeug.datastructures import FileStorage

from service.jobs.render_worker import render_pending
from tests.attachments.files import PDF, send_form, upload
from tests.client import ApiClient
from tests.flows import PARTS, REPLY, handled
from tests.security.test_endpoint_matrix import PARAMETER, api_routes

API, P, A, D = "/api/v1", "/api/v1/proposals", "/api/v1/assignments", "/api/v1/documents"
MISSING = {"username": "nobody_here"}  # any other parameter: 999999
ROBOT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
FRESH = count(1)


# The rows and names each body makes -----------------------------------------------------------
@dataclass(frozen=True)
class Words:
    """What one body calls its rows: none of it is used by the other body."""

    key: str
    titles: tuple[str, str, str]
    organisation: str
    session: tuple[str, int, int]  # name, term, number
    unit: str
    reply: str
    people: tuple[str, ...]  # a text that shows one of the body's own people


CITY_WORDS = Words(
    "city",
    (
        "关于提升城区公交准点率的提案",
        "关于优化中心城区停车管理的提案",
        "关于加快城市绿道建设的提案",
    ),
    "民盟示范市委会",
    ("十四届五次会议", 14, 5),
    "市水务局",
    "已将公交专用道建设列入明年计划。",
    ("李娜",),
)
COUNTY_WORDS = Words(
    "county",
    (
        "关于加强县域农村饮用水安全保障的提案",
        "关于改善县城老旧小区供水管网的提案",
        "关于推进乡镇污水处理设施建设的提案",
    ),
    "民盟示范县委会",
    ("十七届三次会议", 17, 3),
    "县水利局",
    "已将农村饮水提质工程列入明年计划。",
    ("county_",),
)


@dataclass
class Side:
    """One body: its people by role, the callers tried against the other body, its words, and
    the rows it made (a path parameter → a label → the row's id), with their versions."""

    name: str
    people: dict[str, ApiClient]
    callers: tuple[str, ...]
    unit_id: int
    words: Words
    rows: dict[str, dict[str, object]] = field(default_factory=dict)
    versions: dict[tuple[str, object], int] = field(default_factory=dict)

    def caller(self, role: str) -> tuple[str, ApiClient]:
        client = self.people[role]
        return f"{client.username}@{self.name}", client


def city_side(world) -> Side:
    people = {
        "member": world["zhang"],
        "member2": world["li"],
        "committee": world["office"],
        "unit": world["transport"],
        "leader": world["leader"],
        "admin": world["admin"],
    }
    callers = ("member", "committee", "unit", "leader", "admin")
    return Side("city", people, callers, world.units["市交通运输局"], CITY_WORDS)


def county_side(county) -> Side:
    """张伟 (zhang) is the county's lead proposer as he is the city's: a member of both."""
    people = {
        "member": county["zhang"],
        "member2": county["county_member"],
        "committee": county["county_office"],
        "unit": county["county_clerk"],
        "admin": county["county_admin"],
    }
    callers = ("member", "member2", "committee", "unit", "admin")
    return Side("county", people, callers, county.unit_id, COUNTY_WORDS)


def _accepted(side: Side, filer: ApiClient, title: str) -> dict:
    body = {"title": title, "category": "society", "submit": True, **PARTS}
    proposal = filer.ok("POST", "/proposals", body, status=201)
    proposal = side.people["committee"].act("proposal", proposal, "accept")
    if "leader" in side.people:  # a key proposal, so the city's leader sees it
        proposal = side.people["committee"].act("proposal", proposal, "mark_key", leader="leader")
    return proposal


def _replied(side: Side, assignment_id: int) -> dict:
    return handled(side.people["unit"], assignment_id, reply={**REPLY, "body": side.words.reply})


def _session(words: Words) -> dict:
    name, term, number = words.session
    return {
        "name": name,
        "term": term,
        "number": number,
        "year": 2026,
        "opens_on": "2026-03-01",
        "closes_on": "2026-03-20",
        "current": True,
    }


def _setting_up(side: Side) -> dict:
    """The body's own unit, session, robot and organisation; the rows' ids by parameter."""
    office, admin = side.people["committee"], side.people["admin"]
    admin.ok("POST", "/units", {"name": side.words.unit}, 201)
    session = office.ok("POST", "/sessions", _session(side.words), 201)
    robot = {"webhook_url": ROBOT + side.words.key}
    office.ok("PATCH", f"/units/{side.unit_id}", robot)
    contacts = [side.people["member"].username]
    organisation = {"name": side.words.organisation, "kind": "party", "contacts": contacts}
    organisation = office.ok("POST", "/organisations", organisation, 201)
    return {
        "session_id": {"session": session["id"]},
        "unit_id": {"unit": side.unit_id},
        "organisation_id": {"organisation": organisation["id"]},
        "username": {"member": side.people["member2"].username},
    }


def build(world, side: Side) -> None:
    """A replied proposal with its documents and a file, one accepted and waiting to be assigned
    (the member2's), one assigned and pending, the office's annual report and compilation, and
    the deliveries of the notices to the unit's robot."""
    office, titles = side.people["committee"], side.words.titles
    rows = _setting_up(side)
    lead = [{"unit_id": side.unit_id, "role": "lead"}]
    replied = office.act(
        "proposal", _accepted(side, side.people["member"], titles[0]), "assign", units=lead
    )
    _replied(side, replied["assignments"][0]["id"])
    waiting = _accepted(side, side.people["member2"], titles[1])
    pending = office.act(
        "proposal", _accepted(side, side.people["member2"], titles[2]), "assign", units=lead
    )
    attachment = upload(office, replied["id"], PDF).json["id"]
    report = office.ok("POST", "/reports/annual", {"year": 2026}, 202)
    compilation = office.ok("POST", "/reports/compilations", {"kind": "proposal_compilation"}, 202)
    with world.app.app_context():
        render_pending(now=world.clock.now())
    documents = office.ok("GET", f"/proposals/{replied['id']}/documents")
    notice = next(d["id"] for d in documents if d["kind"] == "acceptance_notice")
    deliveries = side.people["admin"].ok("GET", "/deliveries")["items"]
    assert deliveries, "the unit's robot was told of nothing"
    rows |= {
        "proposal_id": {"replied": replied["id"], "waiting": waiting["id"]},
        "assignment_id": {
            "replied": replied["assignments"][0]["id"],
            "pending": pending["assignments"][0]["id"],
        },
        "document_id": {
            "acceptance_notice": notice,
            "annual_report": report["id"],
            "compilation": compilation["id"],
        },
        "attachment_id": {"file": attachment},
        "delivery_id": {"delivery": deliveries[0]["id"]},
    }
    side.rows = rows
    for kind, parameter in (("proposal", "proposal_id"), ("assignment", "assignment_id")):
        for value in rows[parameter].values():
            version = office.ok("GET", f"/{kind}s/{value}")["version"]
            side.versions[parameter, value] = version


# Calling a route and comparing answers ----------------------------------------------------------
@dataclass(frozen=True)
class Call:
    """How a route is called on a row: a JSON body from the row's version, or a file."""

    body: Callable[[int], object] | None = None
    upload: bool = False


@dataclass(frozen=True)
class Answer:
    status: int
    text: str

    def __str__(self) -> str:
        return f"{self.status} {self.text[:300]}"


def _masked(data, value, key: str = ""):
    """The answer with the id or name asked for replaced, so that two answers differing only in
    what was asked for compare equal: an id under a key naming an id, and the value as a word of
    a text (`ID 5`, `“li”`, not the 5 of 2025 nor the li of invalid)."""
    if isinstance(data, dict):
        return {k: _masked(v, value, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_masked(v, value, key) for v in data]
    if value is None or isinstance(data, bool):
        return data
    if data == value and (key == "id" or key.endswith("_id") or isinstance(value, str)):
        return "<asked>"
    if isinstance(data, str):
        return re.sub(rf"(?<![0-9A-Za-z_]){re.escape(str(value))}(?![0-9A-Za-z_])", "<asked>", data)
    return data


def _answer(response, value=None) -> Answer:
    data = response.get_json(silent=True)
    if data is not None:
        text = json.dumps(_masked(data, value), ensure_ascii=False, sort_keys=True)
    else:
        text = f"<{response.mimetype}, {len(response.get_data())} bytes>"
    response.close()
    return Answer(response.status_code, text)


def _headers(client: ApiClient) -> dict:
    return {"Authorization": f"Bearer {client.token}"}


def call_path(client: ApiClient, route, value, call: Call, version: int) -> Answer:
    method, pattern = route
    path = PARAMETER.sub(str(value), pattern)
    if call.upload:
        form = {"file": FileStorage(io.BytesIO(PDF), filename="材料.pdf")}
        response = send_form(client.client, path, form, headers=_headers(client))
    else:
        payload = call.body(version) if call.body else None
        response = client.client.open(path, method=method, json=payload, headers=_headers(client))
    return _answer(response, value)


def _event(event: str) -> Call:
    return Call(lambda version: {"event": event, "version": version})


# PATH: routes on one row of a body, by the parameter naming the row ----------------------------
PATH: dict[tuple[str, str], Call] = {
    ("GET", f"{P}/<int:proposal_id>"): Call(),
    ("GET", f"{P}/<int:proposal_id>/history"): Call(),
    ("GET", f"{P}/<int:proposal_id>/documents"): Call(),
    ("GET", f"{P}/<int:proposal_id>/form"): Call(),
    ("GET", f"{P}/<int:proposal_id>/attachments"): Call(),
    ("POST", f"{P}/<int:proposal_id>/attachments"): Call(upload=True),
    ("POST", f"{P}/<int:proposal_id>/events"): _event("accept"),
    ("GET", f"{P}/<int:proposal_id>/suggested-units"): Call(),
    ("GET", f"{A}/<int:assignment_id>"): Call(),
    ("POST", f"{A}/<int:assignment_id>/events"): _event("sign"),
    ("GET", f"{D}/<int:document_id>"): Call(),
    ("GET", f"{D}/<int:document_id>/verification"): Call(),
    ("POST", f"{D}/<int:document_id>/regenerate"): Call(),
    ("GET", f"{API}/attachments/<int:attachment_id>"): Call(),
    ("GET", f"{API}/organisations/<int:organisation_id>"): Call(),
    ("PATCH", f"{API}/organisations/<int:organisation_id>"): Call(lambda v: {"kind": "sector"}),
    ("PATCH", f"{API}/sessions/<int:session_id>"): Call(lambda v: {"current": True}),
    ("PATCH", f"{API}/units/<int:unit_id>"): Call(lambda v: {"webhook_url": ROBOT + "changed"}),
    ("POST", f"{API}/deliveries/<int:delivery_id>/retry"): Call(),
    # A member's record by username: the other body's member is no member here.
    ("GET", f"{API}/stats/members/<username>"): Call(),
}


def path_cells(route, call: Call, callers: Side, owners: Side):
    """(caller, label, wrong) for each caller and each of the owners' rows the route takes: the
    answer on the owners' row must be the answer on a row that does not exist, which is 404, or
    403 where the caller is refused on its own body's row of the kind too."""
    parameter = PARAMETER.search(route[1]).group(1)
    missing = MISSING.get(parameter, 999999)
    absent = {}
    for label, value in owners.rows[parameter].items():
        for role in callers.callers:
            who, client = callers.caller(role)
            if role not in absent:
                absent[role] = call_path(client, route, missing, call, 1)
            got = call_path(client, route, value, call, owners.versions.get((parameter, value), 1))
            problem = None if got == absent[role] else f"answers {got}; a row that does not exist:"
            if problem:
                problem += f" {absent[role]}"
            elif absent[role].status == 403:
                problem = _refused_on_own(client, route, call, callers, parameter, label)
            elif absent[role].status != 404:
                problem = f"a row that does not exist answers {absent[role]}"
            yield who, label, problem


def _refused_on_own(client, route, call: Call, callers: Side, parameter: str, label: str):
    """Why a 403 on the other body's row is wrong: the caller is not refused on its own."""
    own = callers.rows[parameter][label]
    if own == client.username:  # another member's record is the row of its kind
        own = callers.people["member"].username
    answer = call_path(client, route, own, call, callers.versions.get((parameter, own), 1))
    return None if answer.status == 403 else f"403, though its own row answers {answer}"


# LISTS: what a body's people read of their own body --------------------------------------------
def _similar(other: Words) -> dict:
    return {"title": other.titles[0]}


LISTS: dict[tuple[str, str], Callable[[Words], object] | None] = {
    ("GET", f"{API}/assignment-plans/template.xlsx"): None,
    ("GET", A): None,
    ("GET", f"{API}/deadlines"): None,
    ("GET", f"{API}/deadlines.ics"): None,  # with each caller's own feed token
    ("GET", f"{API}/deliveries"): None,
    ("GET", f"{API}/lists/assignments"): None,
    ("GET", f"{API}/lists/proposals"): None,
    ("GET", f"{API}/lists/tracking"): None,
    ("GET", f"{API}/organisations"): None,
    ("GET", P): None,
    ("GET", f"{API}/reports/annual"): None,
    ("GET", f"{API}/reports/compilations"): None,
    ("GET", f"{API}/sessions"): None,
    ("GET", f"{API}/stats"): None,
    ("GET", f"{API}/stats/units"): None,
    ("GET", f"{API}/units"): None,
    ("GET", f"{API}/rollup"): None,
    ("GET", f"{API}/transfers"): None,
    # 相似提案 searched for with the other body's title.
    ("POST", f"{P}/similar"): _similar,
}
# Lists that show, besides the body's own, the figures of each body below it (三级联动 roll-ups,
# counts only): the body above reads them changed by the work below, but never its names; the
# body below reads nothing of the body above.
DOWNWARD = {("GET", f"{API}/rollup")}
# Lists narrowed by an id in the query: (path, parameter of the row named).
FILTERS = (
    (P, "unit_id"),
    (A, "proposal_id"),
    (A, "unit_id"),
    (f"{API}/deadlines", "proposal_id"),
    (f"{API}/lists/proposals", "session_id"),
    (f"{API}/lists/proposals", "unit_id"),
    (f"{API}/lists/assignments", "session_id"),
    (f"{API}/lists/assignments", "unit_id"),
    (f"{API}/lists/tracking", "session_id"),
    (f"{API}/lists/tracking", "unit_id"),
    (f"{API}/stats", "session_id"),
    (f"{API}/stats", "unit_id"),
)


def _content(response) -> str:
    """The answer as text: JSON with sorted keys; a workbook's sheets and shared strings (not
    its properties, which carry the moment it was written); any other text as it is."""
    data = response.get_data()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            names = sorted(n for n in book.namelist() if n.startswith("xl/"))
            text = "".join(book.read(n).decode() for n in names)
    else:
        found = response.get_json(silent=True)
        text = json.dumps(found, ensure_ascii=False, sort_keys=True) if found else data.decode()
    response.close()
    return f"{response.status_code} {text}"


def _feed_query(client: ApiClient) -> str:
    return "?" + urlsplit(client.ok("GET", "/me")["calendar_url"]).query


def read_lists(side: Side, other: Words) -> dict[tuple, str]:
    """What each of the side's callers reads of every list."""
    read = {}
    for role in side.callers:
        who, client = side.caller(role)
        for (method, path), body in LISTS.items():
            query = _feed_query(client) if path.endswith(".ics") else ""
            headers = {} if query else _headers(client)
            payload = body(other) if body else None
            response = client.client.open(
                path + query, method=method, json=payload, headers=headers
            )
            read[method, path, who] = _content(response)
    return read


def markers(words: Words) -> tuple[str, ...]:
    return (
        *words.titles,
        words.organisation,
        words.session[0],
        words.unit,
        words.reply,
        *words.people,
    )


def list_wrongs(before: dict, after: dict, other: Words, *, above: bool) -> list[str]:
    """What changed, or names the other body, in what the readers read after its work; `above`:
    the readers' body is the other's parent, whose roll-ups count the other's work."""
    wrong = []
    for (method, path, who), text in after.items():
        named = [m for m in markers(other) if m in text]
        if named:
            wrong.append(f"{method} {path} as {who} names the other body's {named}: {text[:300]}")
        elif above and (method, path) in DOWNWARD:
            continue
        elif text != before[method, path, who]:
            wrong.append(
                f"{method} {path} as {who} changed with the other body's work:\n"
                f"  before: {before[method, path, who][:300]}\n  after:  {text[:300]}"
            )
    return wrong


def filter_wrongs(callers: Side, owners: Side) -> tuple[int, list[str]]:
    """Each list narrowed by the owners' row answers as narrowed by a row that does not exist."""
    checked, wrong = 0, []
    for path, parameter in FILTERS:
        value = next(iter(owners.rows[parameter].values()))
        for role in callers.callers:
            who, client = callers.caller(role)
            got = _answer(
                client.client.get(f"{path}?{parameter}={value}", headers=_headers(client)), value
            )
            absent = _answer(
                client.client.get(f"{path}?{parameter}=999999", headers=_headers(client)), 999999
            )
            checked += 1
            if got != absent:
                wrong.append(
                    f"GET {path}?{parameter}=<{owners.name}'s> as {who}: "
                    f"answers {got}; an id that does not exist: {absent}"
                )
    return checked, wrong


# PROBES: routes that name a body's rows in what they are sent ----------------------------------
@dataclass(frozen=True)
class Probe:
    """A request naming one of the owners' rows (`parameter`, the row labelled `label`), or with
    `name` the owners' name for a thing; compared with the same naming nothing that exists."""

    parameter: str
    body: Callable[[object, Side], object]
    label: str | None = None
    name: Callable[[Words], object] | None = None


def _filed(**fields) -> Callable[[object, Side], object]:
    """A filing with the fields given; a field given as None is the row named, a callable makes
    it from the row."""

    def body(value, callers: Side) -> dict:
        filed = {"title": "关于完善社区养老服务的提案", "category": "society", **PARTS}
        for name, given in fields.items():
            filed[name] = value if given is None else given(value) if callable(given) else given
        return filed

    return body


def _plan(proposal: bool) -> Callable[[object, Side], object]:
    def body(value, callers: Side) -> dict:
        own = callers.rows["proposal_id"]["waiting"]
        row = {
            "proposal_id": value if proposal else own,
            "units": [{"unit_id": callers.unit_id if proposal else value, "role": "lead"}],
        }
        return {"rows": [row], "dry_run": True}

    return body


def _organisation(value, callers: Side) -> dict:
    return {"name": f"第{next(FRESH)}界别", "kind": "sector", "contacts": [value]}


PROBES: dict[tuple[str, str], tuple[Probe, ...]] = {
    ("POST", P): (
        Probe("organisation_id", _filed(type="collective", organisation_id=None)),
        Probe("username", _filed(co_signers=lambda v: [v])),
        Probe("session_id", _filed(session=None)),
    ),
    ("POST", f"{API}/organisations"): (
        Probe("username", _organisation),
        Probe(
            "name", lambda name, s: {"name": name, "kind": "party"}, name=lambda w: w.organisation
        ),
    ),
    ("POST", f"{API}/assignment-plans"): (
        Probe("proposal_id", _plan(proposal=True), label="waiting"),
        Probe("unit_id", _plan(proposal=False)),
    ),
    ("POST", f"{API}/reports/compilations"): (
        Probe("session_id", lambda v, s: {"kind": "proposal_compilation", "session_id": v}),
    ),
    ("POST", f"{API}/sessions"): (Probe("name", lambda name, s: name, name=lambda w: _session(w)),),
    ("POST", f"{API}/units"): (
        Probe("name", lambda name, s: {"name": name}, name=lambda w: w.unit),
    ),
}
# Who tries a name of the other body's: the first role that may create the thing.
NAMERS = {
    f"{API}/organisations": "committee",
    f"{API}/sessions": "committee",
    f"{API}/units": "admin",
}


def _fresh(named):
    number = next(FRESH)
    if isinstance(named, dict):  # a session: another name and term
        return named | {"name": f"十{number}届一次会议", "term": 20 + number}
    return f"{named}{number}"


def probe_wrongs(callers: Side, owners: Side) -> tuple[int, list[str]]:
    """Each request naming the owners' rows or names, as each caller (a name: as the namer)."""
    checked, wrong = 0, []
    for (method, path), probes in PROBES.items():
        for probe in probes:
            if probe.name:
                cells = _name_cell(method, path, probe, callers, owners)
            else:
                cells = _row_cells(method, path, probe, callers, owners)
            for who, problem in cells:
                checked += 1
                if problem:
                    wrong.append(
                        f"{method} {path} naming the {owners.name}'s {probe.parameter}"
                        f" as {who}: {problem}"
                    )
    return checked, wrong


def _send(client: ApiClient, method: str, path: str, body, value) -> Answer:
    response = client.client.open(path, method=method, json=body, headers=_headers(client))
    return _answer(response, value)


def _row_cells(method, path, probe: Probe, callers: Side, owners: Side):
    rows = owners.rows[probe.parameter]
    value = rows[probe.label] if probe.label else next(iter(rows.values()))
    missing = MISSING.get(probe.parameter, 999999)
    for role in callers.callers:
        who, client = callers.caller(role)
        got = _send(client, method, path, probe.body(value, callers), value)
        absent = _send(client, method, path, probe.body(missing, callers), missing)
        yield who, None if got == absent else f"answers {got}; what does not exist: {absent}"


def _name_cell(method, path, probe: Probe, callers: Side, owners: Side):
    """The other body's name is free: it is taken as a fresh name is (both 201)."""
    who, client = callers.caller(NAMERS[path])
    named = probe.name(owners.words)
    fresh = _send(client, method, path, probe.body(_fresh(named), callers), None)
    got = _send(client, method, path, probe.body(named, callers), None)
    problem = None if got.status == fresh.status == 201 else f"{got}; a fresh name: {fresh}"
    yield who, problem


# EXEMPT: routes on nothing that is one body's -------------------------------------------------
DOCS_ASSET = (
    "/api/v1/docs/<any('swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'):name>"
)
EXEMPT: dict[tuple[str, str], str] = {
    ("POST", f"{API}/auth/token"): "logs a person in; the membership is chosen by body_id",
    ("DELETE", f"{API}/auth/token"): "ends the caller's own token",
    ("POST", f"{API}/auth/switch"): "moves to another of the person's own memberships",
    ("GET", f"{API}/bodies"): "the bodies of the platform, which every body may know",
    ("POST", f"{API}/bodies"): "adds a body to the platform (its top administrator's)",
    ("GET", f"{API}/me"): "the caller's own membership, and the person's others by design",
    ("PATCH", f"{API}/me"): "the caller's own profile",
    ("POST", f"{API}/me/calendar-token"): "the caller's own feed token (the feed is in LISTS)",
    ("GET", f"{API}/settings"): "the caller's own body's settings, whose isolation "
    "test_settings_per_body.py checks",
    ("POST", f"{API}/settings"): "changes the caller's own body's settings "
    "(test_settings_per_body.py)",
    ("GET", f"{API}/calendar/entries"): "the national calendar, the platform's",
    ("POST", f"{API}/calendar/entries"): "the national calendar, kept by the top body's "
    "administrator (test_settings_per_body.py)",
    ("GET", f"{API}/calendar/years"): "the national calendar, the platform's",
    ("POST", f"{API}/calendar/years"): "the national calendar, kept by the top body's "
    "administrator (test_settings_per_body.py)",
    ("GET", f"{API}/calendar/add-working-days"): "arithmetic on the shared calendar",
    ("GET", f"{API}/workflows"): "the workflow definitions, the same for every body",
    ("GET", f"{API}/workflows/<name>"): "a workflow definition, the same for every body",
    ("GET", f"{API}/workflows/<name>.svg"): "a workflow diagram, the same for every body",
    ("GET", f"{API}/public/proposals"): "the public window lists every body's published ones, "
    "each named with its body (test_public_window.py)",
    ("GET", f"{API}/public/proposals/<int:proposal_id>"): "the public window, deliberately open",
    ("GET", f"{API}/openapi.json"): "the API's description",
    ("GET", f"{API}/docs"): "the API's documentation",
    ("GET", f"{API}/docs/"): "the API's documentation",
    ("GET", f"{API}/docs/start.js"): "the API's documentation",
    ("GET", DOCS_ASSET): "the API's documentation",
    ("GET", f"{API}/transfers/<int:transfer_id>"): "a transfer passes between two bodies and "
    "both committees see it; test_transfers.py checks that nobody else does",
    ("POST", f"{API}/transfers/<int:transfer_id>/events"): "the receiving committee's answer "
    "to the sender's transfer; test_transfers.py checks that nobody else may give it",
    ("POST", f"{P}/import"): "a draft of the caller's own from a file that names no row",
    ("POST", f"{API}/reports/annual"): "the body's figures, as GET /stats in LISTS; the report "
    "itself is a row of /documents in PATH",
}


def test_every_api_route_has_an_isolation_decision(app):
    routes = api_routes(app)
    tables = {"PATH": set(PATH), "LISTS": set(LISTS), "PROBES": set(PROBES), "EXEMPT": set(EXEMPT)}
    decided = set().union(*tables.values())

    undecided = sorted(routes - decided)
    stale = sorted(decided - routes)
    twice = sorted(r for r in decided if sum(r in t for t in tables.values()) > 1)

    assert not undecided, f"routes without an isolation decision: {undecided}"
    assert not stale, f"decisions for routes that no longer exist: {stale}"
    assert not twice, f"routes decided twice: {twice}"
    # Unless exempt, a route with a path parameter is called on the other body's rows, and a GET
    # without one is read as a list.
    with_parameter = {r for r in routes - set(EXEMPT) if PARAMETER.search(r[1])}
    plain_reads = {r for r in routes - set(EXEMPT) - with_parameter if r[0] == "GET"}
    assert with_parameter == set(PATH), sorted(with_parameter ^ set(PATH))
    assert plain_reads <= set(LISTS), sorted(plain_reads - set(LISTS))


@pytest.mark.long_running
def test_no_body_reads_or_reaches_the_other_bodys_rows(world, county, capsys):
    city, other = city_side(world), county_side(county)

    county_before = read_lists(other, CITY_WORDS)
    build(world, city)
    county_after = read_lists(other, CITY_WORDS)
    wrong = list_wrongs(county_before, county_after, CITY_WORDS, above=False)
    city_before = read_lists(city, COUNTY_WORDS)
    build(world, other)
    city_after = read_lists(city, COUNTY_WORDS)
    wrong += list_wrongs(city_before, city_after, COUNTY_WORDS, above=True)
    checked = len(county_before) + len(city_before)
    for callers, owners in ((city, other), (other, city)):
        for route in sorted(api_routes(world.app) & set(PATH)):
            for who, label, problem in path_cells(route, PATH[route], callers, owners):
                checked += 1
                if problem:
                    wrong.append(
                        f"{route[0]} {route[1]} on the {owners.name}'s {label} as {who}: {problem}"
                    )
        for cells, problems in (filter_wrongs(callers, owners), probe_wrongs(callers, owners)):
            checked += cells
            wrong += problems

    with capsys.disabled():
        print(f"\nisolation: {checked} route × caller × direction cells checked")
    assert not wrong, "\n".join(wrong)
