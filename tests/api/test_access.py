"""Who may call each endpoint, and which proposals and assignments each person sees."""

import json
from urllib.parse import quote

import pytest

from service.db import unit_of_work
from service.models import PlenarySession, SettingValue
from tests.flows import REPLY, Flow

# Each role of the access matrix, played by one person of the world (qian is added below).
PEOPLE = {
    "anonymous": None,
    "lead_proposer": "zhang",
    "co_signer": "li",
    "other_member": "wang",
    "committee": "office",
    "other_leader": "qian",
    "supervising_leader": "leader",
    "admin": "admin",
    "unit_on_proposal": "transport",
    "unit_not_on_proposal": "education",
}


@pytest.fixture
def people(world, anonymous):
    """The client of a role of the matrix."""
    world.add_user("qian", "leader", display_name="钱副主席")
    return lambda role: anonymous if PEOPLE[role] is None else world[PEOPLE[role]]


@pytest.fixture
def scene(world, people):
    """A key proposal of zhang, co-signed by li, led by 市交通运输局, supervised by leader."""
    office, li = world["office"], world["li"]
    proposal = Flow(world).submitted(co_signers=["li"])
    li.act("proposal", li.proposal(proposal["id"]), "cosign")
    proposal = office.act("proposal", office.proposal(proposal["id"]), "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    proposal = office.act("proposal", proposal, "assign", units=[unit])
    proposal = office.act("proposal", proposal, "mark_key", leader="leader")
    return {"proposal": proposal, "assignment": proposal["assignments"][0]}


def ids(client, path: str) -> list[int]:
    response = client.get(path)
    return [item["id"] for item in response.json["items"]] if response.status == 200 else []


def snapshot(client, proposal_id: int) -> tuple:
    """What a refused request must leave unchanged: state, version, history, assignments."""
    proposal = client.proposal(proposal_id)
    history = client.ok("GET", f"/proposals/{proposal_id}/history")
    states = [(a["id"], a["state"], a["version"]) for a in proposal["assignments"]]
    return proposal["state"], proposal["version"], len(history), states


READS = [
    ("anonymous", 401),
    ("lead_proposer", 200),
    ("co_signer", 200),
    ("other_member", 404),
    ("committee", 200),
    ("other_leader", 404),
    ("supervising_leader", 200),
    ("admin", 200),
    ("unit_on_proposal", 200),
    ("unit_not_on_proposal", 404),
]


@pytest.mark.parametrize(("role", "status"), READS)
def test_each_role_reads_the_key_proposal_only_when_it_may(people, scene, role, status):
    client = people(role)
    proposal_id, assignment_id = scene["proposal"]["id"], scene["assignment"]["id"]
    general = ("/me", "/units", "/workflows", "/workflows/proposal", "/proposals", "/assignments")
    subject = (f"/proposals/{proposal_id}", f"/proposals/{proposal_id}/history")

    seen = {path: client.get(path).status for path in general + subject}
    seen[f"/assignments/{assignment_id}"] = client.get(f"/assignments/{assignment_id}").status
    listed = (
        proposal_id in ids(client, "/proposals"),
        assignment_id in ids(client, "/assignments"),
    )

    logged_in = 401 if role == "anonymous" else 200
    assert seen == {
        **dict.fromkeys(general, logged_in),
        **dict.fromkeys(subject, status),
        f"/assignments/{assignment_id}": status,
    }
    assert listed == (status == 200, status == 200)


EVENTS = [
    ("anonymous", 401, 401),
    ("lead_proposer", 403, 403),
    ("co_signer", 403, 403),
    ("other_member", 404, 404),
    ("committee", 200, 403),
    ("other_leader", 404, 404),
    ("supervising_leader", 200, 403),
    ("admin", 403, 403),
    ("unit_on_proposal", 403, 200),
    ("unit_not_on_proposal", 404, 404),
]


@pytest.mark.parametrize(("role", "supervise", "sign"), EVENTS)
def test_each_role_fires_only_the_events_it_may_on_what_it_sees(
    world, people, scene, role, supervise, sign
):
    client, office = people(role), world["office"]
    proposal, assignment = scene["proposal"], scene["assignment"]
    state, version, history, _ = snapshot(office, proposal["id"])

    supervised = client.fire("proposal", proposal, "supervise", comment="请加快办理进度。")
    signed = client.fire("assignment", assignment, "sign")

    assert (supervised.status, signed.status) == (supervise, sign)
    now_state, now_version, now_history, now_assignments = snapshot(office, proposal["id"])
    assert (now_state, now_history) == (state, history + [supervise, sign].count(200))
    assert supervise == 200 or now_version == version
    did_sign = sign == 200
    expected = ("handling" if did_sign else "pending", assignment["version"] + did_sign)
    assert now_assignments == [(assignment["id"], *expected)]


CREATES = [
    ("anonymous", 401, 401, 401),
    ("lead_proposer", 201, 403, 204),
    ("committee", 403, 403, 204),
    ("supervising_leader", 403, 403, 204),
    ("admin", 403, 201, 204),
    ("unit_on_proposal", 403, 403, 204),
]


@pytest.mark.parametrize(("role", "create", "add_unit", "logout"), CREATES)
def test_each_role_creates_only_what_its_role_allows(world, people, role, create, add_unit, logout):
    client, viewer = people(role), world["office2"]
    body = {"title": "关于增设社区养老服务站的提案", "category": "society", "body": "建议增设。"}
    units_before = len(viewer.ok("GET", "/units"))

    statuses = (
        client.post("/proposals", body).status,
        client.post("/units", {"name": "市民政局"}).status,
        client.request("DELETE", "/auth/token").status,
    )

    assert statuses == (create, add_unit, logout)
    assert len(viewer.ok("GET", "/units")) == units_before + (add_unit == 201)


def test_anyone_reads_the_openapi_document_and_the_health_check(app, anonymous):
    raw = app.test_client()

    openapi = anonymous.get("/openapi.json")
    health = raw.get("/healthz")

    assert openapi.status == 200
    assert (health.status_code, health.get_json()["status"]) == (200, "ok")


def test_member_lists_and_reads_own_draft(world):
    member = world["zhang"]

    draft = Flow(world).filed()

    assert draft["state"] == "draft"
    assert member.get(f"/proposals/{draft['id']}").status == 200
    assert ids(member, "/proposals") == [draft["id"]]


def test_other_member_neither_lists_nor_reads_a_draft(world):
    other = world["wang"]

    draft = Flow(world).filed()

    assert other.get(f"/proposals/{draft['id']}").status == 404
    assert other.get(f"/proposals/{draft['id']}/history").status == 404
    assert ids(other, "/proposals") == []


def test_invited_co_signer_lists_and_reads_the_proposal_before_answering(world):
    co_signer = world["li"]

    proposal = Flow(world).submitted(co_signers=["li"])

    assert proposal["state"] == "cosigning"
    assert co_signer.proposal(proposal["id"])["co_signers"] == ["li"]
    assert ids(co_signer, "/proposals") == [proposal["id"]]


def test_an_invited_co_signer_does_not_read_the_draft_until_it_is_submitted(world):
    co_signer, lead = world["li"], world["zhang"]
    draft = Flow(world).filed(co_signers=["li"])

    before = (
        co_signer.get(f"/proposals/{draft['id']}").status,
        co_signer.get(f"/proposals/{draft['id']}/history").status,
        ids(co_signer, "/proposals"),
    )
    lead.act("proposal", draft, "submit")

    assert before == (404, 404, [])
    assert co_signer.proposal(draft["id"])["state"] == "cosigning"
    assert ids(co_signer, "/proposals") == [draft["id"]]


def test_a_draft_withdrawn_before_submission_never_reaches_its_invitees(world):
    co_signer, lead = world["li"], world["zhang"]
    draft = Flow(world).filed(co_signers=["li"])

    lead.act("proposal", draft, "withdraw")

    assert co_signer.get(f"/proposals/{draft['id']}").status == 404
    assert ids(co_signer, "/proposals") == []


def test_an_invitation_withdrawn_while_co_signing_stays_readable_to_the_invitee(world):
    co_signer, lead = world["li"], world["zhang"]
    proposal = Flow(world).submitted(co_signers=["li"])

    lead.act("proposal", proposal, "withdraw")

    assert co_signer.proposal(proposal["id"])["state"] == "withdrawn"


def test_co_signer_who_declined_no_longer_sees_the_proposal(world):
    co_signer, lead = world["li"], world["zhang"]
    proposal = Flow(world).submitted(co_signers=["li", "wang"])

    co_signer.act("proposal", co_signer.proposal(proposal["id"]), "decline")

    assert co_signer.get(f"/proposals/{proposal['id']}").status == 404
    assert ids(co_signer, "/proposals") == []
    assert lead.proposal(proposal["id"])["co_signers"] == ["wang"]


@pytest.mark.parametrize("state", ["draft", "cosigning"])
def test_committee_does_not_see_a_proposal_before_it_is_submitted(world, state):
    office, flow = world["office"], Flow(world)

    proposal = flow.filed() if state == "draft" else flow.submitted(co_signers=["li"])

    assert proposal["state"] == state
    assert office.get(f"/proposals/{proposal['id']}").status == 404
    assert ids(office, "/proposals") == []


def test_committee_sees_a_draft_once_it_is_submitted(world):
    office, member = world["office"], world["zhang"]
    draft = Flow(world).filed()

    member.act("proposal", draft, "submit")

    assert office.proposal(draft["id"])["state"] == "submitted"
    assert ids(office, "/proposals") == [draft["id"]]


def test_unit_lists_only_proposals_with_an_assignment_of_its_unit(world):
    flow, clerk = Flow(world), world["transport"]

    ours = flow.assigned(units=(("市交通运输局", "lead"),))
    theirs = flow.assigned(units=(("市教育局", "lead"),))
    flow.submitted()

    assert ids(clerk, "/proposals") == [ours["id"]]
    assert clerk.get(f"/proposals/{theirs['id']}").status == 404
    assert clerk.get(f"/proposals/{theirs['id']}/history").status == 404


def test_unit_sees_only_its_own_assignment_in_the_proposal(world):
    units = (("市交通运输局", "lead"), ("市教育局", "assisting"))

    proposal = Flow(world).assigned(units=units)

    seen = world["transport"].proposal(proposal["id"])["assignments"]
    assert [a["unit_name"] for a in seen] == ["市交通运输局"]
    everything = world["office"].proposal(proposal["id"])["assignments"]
    assert {a["unit_name"] for a in everything} == {"市交通运输局", "市教育局"}


def test_unit_lists_and_reads_only_its_own_assignments(world):
    flow, clerk = Flow(world), world["transport"]
    proposal = flow.assigned(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    flow.assigned(units=(("市教育局", "lead"),))
    ours, theirs = sorted(proposal["assignments"], key=lambda a: a["unit_name"] != "市交通运输局")

    listed = clerk.ok("GET", "/assignments")

    assert [item["id"] for item in listed["items"]] == [ours["id"]]
    assert listed["total"] == 1
    assert clerk.get(f"/assignments/{theirs['id']}").status == 404
    assert world["office"].ok("GET", "/assignments")["total"] == 3


def test_unit_history_has_no_records_of_other_units_assignments(world):
    flow, clerk = Flow(world), world["transport"]
    proposal = flow.assigned(units=(("市交通运输局", "lead"), ("市教育局", "assisting")))
    ours, theirs = sorted(proposal["assignments"], key=lambda a: a["unit_name"] != "市交通运输局")
    for assignment in (ours, theirs):
        flow.clerk_of(assignment).act("assignment", assignment, "sign")

    seen = {r["subject"] for r in clerk.ok("GET", f"/proposals/{proposal['id']}/history")}

    assert seen == {f"proposal:{proposal['id']}", f"assignment:{ours['id']}"}
    everything = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")
    assert f"assignment:{theirs['id']}" in {r["subject"] for r in everything}


def test_leader_sees_only_the_key_proposals_they_supervise(world):
    flow, office, leader = Flow(world), world["office"], world["leader"]
    supervised, other = flow.accepted(), flow.accepted()
    world.add_user("qian", "leader", display_name="钱副市长")
    office.act("proposal", other, "mark_key", leader="qian")

    office.act("proposal", supervised, "mark_key", leader="leader")

    assert ids(leader, "/proposals") == [supervised["id"]]
    assert leader.proposal(supervised["id"])["key_leader"] == "leader"
    assert leader.get(f"/proposals/{other['id']}").status == 404


def test_committee_cannot_add_a_unit(world):
    before = world["office"].ok("GET", "/units")

    response = world["office"].post("/units", {"name": "市民政局"})

    assert (response.status, response.error["code"]) == (403, "forbidden")
    assert world["office"].ok("GET", "/units") == before


def test_admin_adding_a_unit_twice_gets_409_and_one_unit(world):
    admin = world["admin"]
    admin.ok("POST", "/units", {"name": "市民政局"}, status=201)
    before = admin.ok("GET", "/units")

    response = admin.post("/units", {"name": "市民政局"})

    assert (response.status, response.error["code"]) == (409, "conflict")
    assert "name" in response.error["details"]
    assert admin.ok("GET", "/units") == before


def test_member_does_not_see_a_reply_still_under_committee_review(app, world):
    with app.app_context(), unit_of_work() as session:
        session.add(SettingValue(body_id=world.body_id, key="reply_review", value=True))
    flow, member = Flow(world), world["zhang"]
    proposal = flow.assigned()

    assignment = flow.handle(proposal["assignments"][0])

    history = member.ok("GET", f"/proposals/{proposal['id']}/history")
    member_view = json.dumps([member.assignment(assignment["id"]), history], ensure_ascii=False)
    office_view = json.dumps(world["office"].assignment(assignment["id"]), ensure_ascii=False)
    assert assignment["state"] == "reply_review"
    assert REPLY["body"] in office_view
    assert REPLY["body"] not in member_view


@pytest.fixture
def catalogue(app, world, clock):
    """Four proposals the committee sees, by nickname, across two sessions."""
    with app.app_context(), unit_of_work() as session:
        session.add(
            PlenarySession(
                body_id=world.body_id, name="十四届三次会议", term=14, meeting=3, year=2025
            )
        )
    flow, office = Flow(world), world["office"]
    found = {
        "bus": flow.submitted(),
        "school": flow.assigned(title="关于加强校园周边交通安全的提案"),
        "river": flow.submitted(title="关于改善河道水质的提案", session="十四届三次会议"),
        "waste": flow.assigned(units=(("市教育局", "lead"),), title="关于推进垃圾分类的提案"),
    }
    office.act("proposal", found["school"], "mark_key", leader="leader")
    return {name: proposal["id"] for name, proposal in found.items()}


FILTERS = [
    ("state=handling", {"school", "waste"}),
    ("year=2025", {"river"}),
    ("key=true", {"school"}),
    ("q=交通", {"school"}),
    ("unit_id=UNIT", {"school"}),
]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/proposals?state=handling,hanlding", "提案状态“hanlding”不存在"),
        ("/assignments?state=done", "交办状态“done”不存在"),
    ],
)
def test_a_misspelt_state_is_named_instead_of_matching_nothing(world, path, field):
    response = world["office"].get(path)

    assert (response.status, list(response.error["details"])) == (422, ["state"])
    assert field in response.error["message"] and "handling（办理中）" in response.error["message"]


def test_several_states_filter_together(world, catalogue):
    listed = world["office"].ok("GET", "/proposals?state=submitted,handling")

    assert {p["state"] for p in listed["items"]} == {"submitted", "handling"}


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_committee_filters_the_proposal_list(world, catalogue, query, expected):
    query = query.replace("UNIT", str(world.units["市交通运输局"]))

    listed = world["office"].ok("GET", f"/proposals?{query}")

    names = {name for name, id_ in catalogue.items() if id_ in {p["id"] for p in listed["items"]}}
    assert names == expected
    assert listed["total"] == len(expected)


def test_search_matches_a_percent_sign_literally(world):
    Flow(world).submitted()

    listed = world["office"].get(f"/proposals?q={quote('%')}")

    assert (listed.status, listed.json["total"]) == (200, 0)


def test_committee_pages_through_the_list_newest_first(world):
    made = [Flow(world).submitted()["id"] for _ in range(3)]
    office = world["office"]

    first = office.ok("GET", "/proposals?limit=2")
    second = office.ok("GET", f"/proposals?limit=2&cursor={first['next']}")

    assert [p["id"] for p in first["items"] + second["items"]] == made[::-1]
    assert (first["total"], second["total"]) == (3, 3)
    assert (len(first["items"]), second["next"]) == (2, None)


def test_page_size_over_500_is_refused(world):
    response = world["office"].get("/proposals?limit=501")

    assert (response.status, response.error["code"]) == (422, "invalid_input")
    assert "limit" in response.error["details"]


@pytest.mark.parametrize("kind", ["proposal", "assignment"])
def test_invisible_subject_answers_404_before_a_malformed_body(world, kind):
    flow, office = Flow(world), world["office"]
    proposal = flow.assigned()
    subject = proposal if kind == "proposal" else proposal["assignments"][0]
    before = snapshot(office, proposal["id"])

    response = world["education"].post(f"/{kind}s/{subject['id']}/events", ["not", "an", "event"])

    assert (response.status, response.error["code"]) == (404, "not_found")
    assert snapshot(office, proposal["id"]) == before
