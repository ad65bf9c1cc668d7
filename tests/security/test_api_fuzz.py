"""Fuzz the JSON API with schemathesis against its own OpenAPI document, as each role and
anonymously.

Every generated request (valid and invalid data) must get no server error, a status, content type,
headers and body the document declares, and, when it is an error, the contract's one error shape.
Uses schemathesis 4's Python API: `schemathesis.openapi.from_wsgi`, `APIOperation.as_strategy`,
`Case.call` and `Case.validate_response`, driven by Hypothesis with a bounded number of examples.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.db import unit_of_work
from service.operations import users
from tests.client import PASSWORD
from tests.flows import Flow
from tests.snapshots import scenario

EXAMPLES = 10  # per operation, role and generation mode: about 4,000 requests in all
# positive_data_acceptance is left out on purpose: a body that fits the schema may still be
# refused by the workflow (an event not allowed in the state, a guard, a wrong password), and
# those refusals are the documented 401/403/404/409/422 answers, checked by the rest.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]
CALLERS = {"member": "zhang", "committee": "office", "unit": "transport", "leader": "leader"}
CALLERS |= {"admin": "admin", "anonymous": None}
LEAKS = re.compile(
    r"Traceback \(most recent call last\)|File \"/|sqlalchemy|psycopg|sqlite3|SELECT "
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def seed(world) -> None:
    """Proposals in several states, so generated ids often name rows that exist."""
    flow = Flow(world)
    flow.filed()
    flow.submitted(member="li")
    flow.accepted()
    flow.replied(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    flow.closed()


@pytest.fixture
def seeded(app, clock, world, owner_engine):
    """The world with the proposals of `seed`, built once per worker and put back after."""
    scenario("fuzz", app, clock, owner_engine, lambda: seed(world), world=world)
    return world


def known_defect(doc: dict, operation, failure, response) -> str | None:
    """Failures that are the OpenAPI document's fault, reported for the API code to declare.

    Each applies only while the document still has the defect, so a fixed document is then held
    to the full checks.
    """
    error_schema = doc["components"]["schemas"].get("Error", {}).get("properties", {})
    # D1: error responses documented with flask-smorest's own Error schema, not the contract's.
    if (
        failure.title == "Response violates schema"
        and response.status_code >= 400
        and "error" not in error_schema
    ):
        return "D1 error responses documented with flask-smorest's Error schema"
    definition = doc["paths"][operation.path][operation.method.lower()]
    if failure.title == "Schema-valid request rejected" and "requestBody" not in definition:
        return "D2 request body read from JSON but not declared"
    return None


def contract_problems(response) -> list[str]:
    """An error answers in the one JSON shape with a Chinese message, and leaks nothing."""
    text = response.content.decode("utf-8", "replace") if response.content else ""
    problems = ["body leaks a traceback or SQL"] if LEAKS.search(text) else []
    if response.status_code < 400:
        return problems
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return [*problems, "error body is not {'error': {...}}"]
    if set(error) != {"code", "message", "details"} or not CJK.search(str(error["message"])):
        problems.append(f"error shape or message: {error}")
    return problems


def fresh_token(app, clock, username: str) -> str:
    with app.app_context(), unit_of_work() as session:
        return users.issue_token(session, username, PASSWORD, now=clock.now())[0]


@functools.cache
def api_schema(app):
    """The app's OpenAPI document as schemathesis reads it, once per app."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


# (operation, generation mode) → the cases Hypothesis generated for it. Generation is
# derandomised and takes no feedback from the answers, so every role would get the very same
# cases: they are generated once (half the fuzzing's time) and sent as each role in turn.
GENERATED: dict[tuple[int, str, GenerationMode], list] = {}


def generated(operation, mode) -> list:
    key = (id(operation.schema), operation.label, mode)
    if key not in GENERATED:
        cases = []
        fuzz(operation, mode, lambda _operation, case: cases.append(case))
        GENERATED[key] = cases
    return GENERATED[key]


@pytest.mark.parametrize("role", list(CALLERS))
@pytest.mark.long_running
def test_fuzzed_requests_get_answers_the_document_declares(app, seeded, clock, role, capsys):
    world = seeded
    schema = api_schema(app)
    doc = schema.raw_schema
    who = CALLERS[role]
    sent, excused, failures = Counter(), Counter(), []

    def headers_for(operation) -> dict:
        if who is None:
            return {}
        logout = operation.method.upper() == "DELETE"  # revokes the token it is sent with
        token = fresh_token(app, clock, who) if logout else world[who].token
        return {"Authorization": f"Bearer {token}"}

    def run(operation, case) -> None:
        headers = headers_for(operation)
        response = case.call(headers=headers)
        sent[operation.label] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                reason = known_defect(doc, operation, failure, response)
                if reason:
                    excused[reason] += 1
                else:
                    query = f" query={case.query}" if case.query else ""
                    failures.append(f"{case.formatted_path}{query}: {failure.title}")
        failures.extend(f"{operation.label}: {p}" for p in contract_problems(response))

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for case in generated(operation, mode):
                run(operation, case)

    with capsys.disabled():
        print(
            f"\nfuzz as {role}: {sum(sent.values())} requests to {len(sent)} operations; "
            f"excused as reported document defects: {dict(excused)}"
        )
    assert sum(sent.values()) >= len(sent) * EXAMPLES
    assert not failures, "\n".join(sorted(set(failures)))


def fuzz(operation, mode, run, examples: int = EXAMPLES) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def cases(case):
        run(operation, case)

    try:
        cases()
    except Unsatisfiable:  # nothing to make invalid: an operation without parameters or body
        assert mode is GenerationMode.NEGATIVE


# Lone surrogates cannot be encoded by an HTTP client at all; test_hostile_input.py sends one
# as a JSON escape.
NUL, CONTROL = "zh\x00ang", "a\x01b"
HUGE = 10**30
HOSTILE_EXAMPLES = 4  # valid requests per operation, each sent again with every hostile part
DEEP = functools.reduce(lambda inner, _: [inner], range(30), "深")


def hostile_variants(case):
    """Copies of a valid request with one part made hostile: NUL or a control character in
    each text, a number past any column in each integer, a body nested past any form."""

    def swapped(values: dict):
        for name, value in (values or {}).items():
            if isinstance(value, bool):
                continue
            if isinstance(value, str):
                yield name, NUL
                yield name, CONTROL
            elif isinstance(value, int):
                yield name, HUGE

    for name, bad in swapped(case.query):
        yield "query", {**case.query, name: bad}
    for name, bad in swapped(case.path_parameters):
        yield "path_parameters", {**case.path_parameters, name: bad}
    if isinstance(case.body, dict):
        for name, bad in swapped(case.body):
            yield "body", {**case.body, name: bad}
        yield "body", {**case.body, "nested": DEEP}


@pytest.mark.parametrize("role", ["committee", "member", "anonymous"])
def test_hostile_text_numbers_and_nesting_get_a_clear_4xx(app, seeded, role, capsys):
    world = seeded
    schema = api_schema(app)
    who = CALLERS[role]
    headers = {"Authorization": f"Bearer {world[who].token}"} if who else {}
    sent, failures = Counter(), []

    def run(operation, case) -> None:
        for part, value in list(hostile_variants(case)):
            original = getattr(case, part)
            setattr(case, part, value)
            response = case.call(headers=headers)
            setattr(case, part, original)
            sent[operation.label] += 1
            if response.status_code >= 500:
                failures.append(f"{operation.label} {part}={value!r}: {response.status_code}")
            failures.extend(f"{operation.label}: {p}" for p in contract_problems(response))

    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "DELETE":  # logging out would end the session in use
            fuzz(operation, GenerationMode.POSITIVE, run, examples=HOSTILE_EXAMPLES)

    with capsys.disabled():
        print(f"\nhostile input as {role}: {sum(sent.values())} requests to {len(sent)} operations")
    assert len(sent) >= 20
    assert not failures, "\n".join(sorted(set(failures)))
