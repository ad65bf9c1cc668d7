"""Input limits: every text field has a maximum, bodies over 2 MB and unknown fields are refused,
and no provoked error answers with a traceback, SQL or anything but the one JSON error shape."""

from __future__ import annotations

import re

import pytest
from marshmallow import fields, validate

import workflows
from service.operations.events import handler_for
from service.operations.inputs import CreateProposalArgs, TokenArgs, UnitArgs
from tests.client import Response
from tests.security.subjects import (
    ROLES,
    Builder,
    assignment_subjects,
    proposal_subjects,
    transfer_subjects,
)


def schema_for(workflow: str, event: str):
    return handler_for(workflow, event).fields()


CJK = re.compile(r"[\u4e00-\u9fff]")
LEAKS = re.compile(r"Traceback|File \"|sqlalchemy|psycopg|sqlite|SELECT |INSERT |UPDATE |\bWHERE\b")
BUILDERS = {
    "proposal": proposal_subjects,
    "assignment": assignment_subjects,
    "transfer": transfer_subjects,
}
HUGE = 10**30
TWO_MB = 2 * 1024 * 1024


def text_fields(schema, prefix: str = ""):
    """(path, field) of every free-text field, nested lists of objects included."""
    for name, field in schema.fields.items():
        path = f"{prefix}{name}"
        if isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
            yield from text_fields(field.inner.schema, f"{path}.0.")
        elif isinstance(field, fields.String) and not any(
            isinstance(v, validate.OneOf) for v in field.validators
        ):
            yield path, field


def max_length(field) -> int | None:
    limits = [v.max for v in field.validators if isinstance(v, validate.Length) and v.max]
    return min(limits) if limits else None


def body_at(path: str, value) -> dict:
    """{"ratings": [{"comment": value}]} for "ratings.0.comment"."""
    head, _, rest = path.partition(".0.")
    return {head: [body_at(rest, value)]} if rest else {head: value}


def person_events(workflow):
    return [e for e in workflow.all_events.values() if not e.internal]


def where_allowed(builder, event, subjects):
    """A subject in a source state of the event, and a person allowed to fire it who sees it."""
    for state in event.source:
        subject = subjects.get(state)
        for role in ROLES:
            if subject and role in event.roles and role in subject.seen_by:
                return subject, builder.actor(role, subject)
    raise AssertionError(f"no subject and person for {event.name}")


def snapshot(builder, subjects) -> dict:
    return {state: builder.current(s)["version"] for state, s in subjects.items()}


def assert_clean_error(response: Response, status: int | None = None) -> dict:
    """The one error shape, a Chinese message, nothing of the server's insides."""
    assert response.status < 500, (response.status, response.json)
    if status is not None:
        assert response.status == status, (response.status, response.json)
    assert set(response.json) == {"error"}, response.json
    error = response.json["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert CJK.search(error["message"]), error
    assert not LEAKS.search(str(response.json)), response.json
    return error


SCHEMAS = [
    *((f"{w.name}:{e.name}", schema_for(w.name, e.name)) for w in workflows.ALL for e in w.events),
    ("create proposal", CreateProposalArgs()),
    ("token", TokenArgs()),
    ("unit", UnitArgs()),
]


@pytest.mark.parametrize(("name", "schema"), SCHEMAS, ids=[n for n, _ in SCHEMAS])
def test_every_text_field_of_every_input_has_a_maximum_length(name, schema):
    unbounded = [path for path, field in text_fields(schema) if max_length(field) is None]

    assert not unbounded, f"{name}: text fields without a maximum length: {unbounded}"


@pytest.mark.parametrize("workflow", workflows.ALL, ids=lambda w: w.name)
def test_one_character_over_any_limit_is_refused_naming_the_field(world, workflow, capsys):
    builder = Builder(world)
    subjects = BUILDERS[workflow.name](builder)
    before, wrong, checked = snapshot(builder, subjects), [], 0

    for event in person_events(workflow):
        subject, person = where_allowed(builder, event, subjects)
        for path, field in text_fields(schema_for(workflow.name, event.name)):
            limit, label = max_length(field), field.metadata.get("label", path)
            too_long = body_at(path, "字" * (limit + 1))
            body = {"event": event.name, "version": before[subject.state], **too_long}
            response = person.post(f"{subject.path}/events", body)
            checked += 1
            messages = " ".join(response.json["error"]["details"].get(path, []))
            if response.status != 422 or str(limit) not in messages or label not in messages:
                wrong.append(f"{event.name}.{path}: {response.status} {response.json}")

    with capsys.disabled():
        print(f"\n{workflow.name}: {checked} over-long fields refused")
    assert not wrong, "\n".join(wrong)
    assert snapshot(builder, subjects) == before


@pytest.mark.parametrize(
    ("path", "who"),
    [("/proposals", "zhang"), ("/units", "admin"), ("/auth/token", None), ("/settings", "admin")],
)
def test_body_over_two_megabytes_is_refused_with_413(world, anonymous, path, who):
    client = world[who] if who else anonymous
    data = '{"title": "' + "x" * TWO_MB + '"}'

    response = client.request("POST", path, data=data, content_type="application/json")

    assert assert_clean_error(response, 413)["code"] == "too_large"


def test_event_body_over_two_megabytes_is_refused_and_nothing_changes(world):
    office = world["office"]
    proposal = builder_submitted(world)
    note = "x" * TWO_MB
    data = f'{{"event": "accept", "version": {proposal["version"]}, "note": "{note}"}}'

    response = office.request(
        "POST", f"/proposals/{proposal['id']}/events", data=data, content_type="application/json"
    )

    assert assert_clean_error(response, 413)["code"] == "too_large"
    assert office.proposal(proposal["id"])["state"] == "submitted"


def builder_submitted(world) -> dict:
    return Builder(world).flow.submitted()


@pytest.mark.parametrize(
    ("path", "who", "body"),
    [
        ("/proposals", "zhang", {"title": "标题", "category": "other", "body": "正文"}),
        ("/units", "admin", {"name": "市民政局"}),
        ("/auth/token", None, {"username": "zhang", "password": "correct horse battery"}),
    ],
)
def test_unknown_field_is_refused_naming_it(world, anonymous, path, who, body):
    client = world[who] if who else anonymous

    response = client.post(path, {**body, "is_admin": True})

    assert "is_admin" in assert_clean_error(response, 422)["details"]


def test_unknown_event_field_is_refused_naming_it_and_nothing_changes(world):
    office = world["office"]
    proposal = builder_submitted(world)

    response = office.fire("proposal", proposal, "accept", number=1)

    assert "number" in assert_clean_error(response, 422)["details"]
    assert office.proposal(proposal["id"])["version"] == proposal["version"]


HUGE_PATHS = [
    f"/proposals/{HUGE}",
    f"/proposals/{HUGE}/history",
    f"/proposals/{HUGE}/documents",
    f"/assignments/{HUGE}",
    f"/documents/{HUGE}",
]


@pytest.mark.parametrize("path", HUGE_PATHS)
def test_huge_id_in_the_path_is_not_found(world, path):
    response = world["office"].get(path)

    assert_clean_error(response, 404)


@pytest.mark.parametrize("kind", ["proposal", "assignment"])
def test_event_on_a_huge_id_is_not_found(world, kind):
    response = world["office"].post(f"/{kind}s/{HUGE}/events", {"event": "urge", "version": 1})

    assert_clean_error(response, 404)


@pytest.mark.parametrize(
    "query",
    [
        f"/proposals?unit_id={HUGE}",
        f"/proposals?year={HUGE}",
        f"/assignments?proposal_id={HUGE}",
        f"/deadlines?proposal_id={HUGE}",
        f"/calendar/add-working-days?from=2026-03-16&days={HUGE}",
        "/proposals?limit=abc",
        "/proposals?cursor=-1",
    ],
)
def test_huge_or_mistyped_query_numbers_are_answered_without_a_server_error(world, query):
    response = world["office"].get(query)

    if response.status != 200:
        assert_clean_error(response, 422)


PAGED = ["/proposals", "/assignments", "/deadlines"]
PAGED += ["/lists/proposals", "/lists/assignments", "/lists/tracking"]


@pytest.mark.parametrize("path", PAGED)
def test_a_cursor_beyond_every_id_is_refused_and_the_largest_id_still_pages(world, path):
    # Ten digits fit the cursor's pattern but not a row id: PostgreSQL failed the comparison.
    office = world["office"]

    refused = office.get(f"{path}?cursor={2**31}")
    largest = office.get(f"{path}?cursor={2**31 - 1}")

    assert "cursor" in assert_clean_error(refused, 422)["details"]
    assert largest.status == 200, largest.json


RATING = {"assignment_id": HUGE, "attitude": "satisfied", "result": "satisfied"}
# (subject state, event, the field the error must name, fields) with numbers too big for a row.
HUGE_FIELDS = [
    ("accepted", "assign", "units.0.unit_id", {"units": [{"unit_id": HUGE, "role": "lead"}]}),
    ("submitted", "merge", "into", {"into": HUGE}),
    ("replied", "evaluate", "ratings.0.assignment_id", {"ratings": [RATING]}),
]


@pytest.mark.parametrize("version", [HUGE, -HUGE, "1", 1.5, None, [], {}])
def test_odd_versions_are_refused_without_a_server_error(world, version):
    office = world["office"]
    proposal = builder_submitted(world)

    body = {"event": "accept", "version": version}

    response = office.post(f"/proposals/{proposal['id']}/events", body)

    assert assert_clean_error(response)["code"] in ("invalid_input", "stale_version")
    assert office.proposal(proposal["id"])["version"] == proposal["version"]


def test_huge_ids_inside_event_fields_are_refused_naming_the_field(world):
    builder = Builder(world)
    subjects = {state: getattr(builder, state)() for state in ("submitted", "accepted", "replied")}
    before = snapshot(builder, subjects)
    wrong = []

    for state, event, field, fields_ in HUGE_FIELDS:
        subject = subjects[state]
        person = builder.actor("member" if event == "evaluate" else "committee", subject)
        body = {"event": event, "version": before[state], **fields_}
        response = person.post(f"{subject.path}/events", body)
        details = (response.json or {}).get("error", {}).get("details", {})
        if response.status != 422 or field not in details:
            wrong.append(f"{event}.{field}: {response.status} {response.json}")

    assert not wrong, "\n".join(wrong)
    assert snapshot(builder, subjects) == before


@pytest.mark.parametrize("workflow", workflows.ALL, ids=lambda w: w.name)
def test_nulls_everywhere_are_refused_and_nothing_changes(world, workflow):
    builder = Builder(world)
    subjects = BUILDERS[workflow.name](builder)
    before, wrong = snapshot(builder, subjects), []

    for event in person_events(workflow):
        subject, person = where_allowed(builder, event, subjects)
        nulls = {name: None for name in schema_for(workflow.name, event.name).fields}
        body = {"event": event.name, "version": before[subject.state], **nulls}
        response = person.post(f"{subject.path}/events", body)
        if response.status != 422 or LEAKS.search(str(response.json)):
            wrong.append(f"{event.name}: {response.status} {response.json}")

    assert not wrong, "\n".join(wrong)
    assert snapshot(builder, subjects) == before


NOT_OBJECTS = ["{not json", "[1, 2]", '"accept"', "123", "null", "", "\xff\xfe"]


@pytest.mark.parametrize("raw", NOT_OBJECTS)
@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/proposals", "zhang"),
        ("/units", "admin"),
        ("/auth/token", None),
        ("/calendar/entries", "admin"),
        ("/calendar/years", "admin"),
        ("/reports/annual", "office"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused_cleanly(world, anonymous, path, who, raw):
    client = world[who] if who else anonymous

    response = client.request("POST", path, data=raw, content_type="application/json")

    assert assert_clean_error(response)["code"] in ("invalid_input", "bad_request")


@pytest.mark.parametrize("raw", NOT_OBJECTS)
def test_an_event_body_that_is_not_a_json_object_is_refused_cleanly(world, raw):
    office = world["office"]
    proposal = builder_submitted(world)

    response = office.request(
        "POST", f"/proposals/{proposal['id']}/events", data=raw, content_type="application/json"
    )

    assert assert_clean_error(response, 422)["code"] == "invalid_input"
    assert office.proposal(proposal["id"])["version"] == proposal["version"]
