"""People: a person's details on /me and the command line, and who reads a proposer's phone and
e-mail (the person, the office, leaders, and a unit while its assignment is not returned)."""

import pytest

from tests.client import PASSWORD
from tests.flows import Flow

ZHANG = {"phone": "13912345678", "email": "zhang@example.cn", "employer": "市工商联副主席"}


@pytest.fixture
def flow(world):
    return Flow(world)


@pytest.fixture
def contacts(world):
    """zhang and li keep their phone and e-mail, as members do on 我的资料."""
    world["zhang"].ok("PATCH", "/me", ZHANG)
    world["li"].ok("PATCH", "/me", {"phone": "010-62345678", "email": "li@example.cn"})


def test_me_shows_the_details_and_both_channels_by_default(world):
    me = world["zhang"].ok("GET", "/me")

    assert (me["name"], me["sector"], me["party"], me["employer"]) == ("张伟", "经济界", None, None)
    assert (me["phone"], me["email"], me["notify_by"]) == (None, None, ["email", "sms"])


def test_a_member_keeps_their_own_phone_email_employer_and_channels(world):
    body = {"phone": "139 1234 5678", "email": " zhang@example.cn ", "notify_by": ["sms"]}
    changed = world["zhang"].ok("PATCH", "/me", body)

    assert (changed["phone"], changed["email"], changed["notify_by"]) == (
        "13912345678",
        "zhang@example.cn",
        ["sms"],
    )
    again = world["zhang"].ok("PATCH", "/me", {"employer": "市工商联副主席", "phone": ""})
    assert (again["employer"], again["phone"], again["email"]) == (
        "市工商联副主席",
        None,
        "zhang@example.cn",
    )
    assert world["zhang"].ok("GET", "/me") == again


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"phone": "12345"}, "phone", "手机号码格式不正确"),
        ({"phone": "1391234567a"}, "phone", "手机"),
        ({"email": "zhang.example.cn"}, "email", "邮箱格式不正确"),
        ({"email": 5}, "email", "邮箱"),
        ({"notify_by": ["wechat"]}, "notify_by", "通知方式"),
        ({"notify_by": "email"}, "notify_by", "通知方式"),
        ({"sector": "教育界"}, "sector", "只能修改本人的"),
        ({"employer": "长" * 201}, "employer", "不能超过200个字"),
    ],
)
def test_bad_details_are_refused_naming_the_field_and_change_nothing(world, body, field, words):
    before = world["zhang"].ok("GET", "/me")

    response = world["zhang"].request("PATCH", "/me", body)

    assert response.status == 422
    assert words in response.error["message"] and field in response.error["details"]
    assert world["zhang"].ok("GET", "/me") == before


def test_a_fixed_line_keeps_its_area_code(world):
    changed = world["li"].ok("PATCH", "/me", {"phone": "0571 87000000-123"})

    assert changed["phone"] == "0571-87000000-123"


def test_patch_me_needs_a_login(anonymous):
    assert anonymous.request("PATCH", "/me", {"phone": "13912345678"}).status == 401


def _proposers(client, proposal_id):
    return {p["username"]: p for p in client.proposal(proposal_id)["proposers"]}


def test_proposers_list_the_lead_first_with_their_details(world, flow, contacts):
    proposal = flow.submitted(co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")

    proposers = world["office"].proposal(proposal["id"])["proposers"]

    assert [(p["username"], p["name"], p["role"]) for p in proposers] == [
        ("zhang", "张伟", "lead"),
        ("li", "李娜", "co_signer"),
    ]
    assert proposers[0] == {
        "username": "zhang",
        "name": "张伟",
        "sector": "经济界",
        "party": None,
        "employer": "市工商联副主席",
        "phone": "13912345678",
        "email": "zhang@example.cn",
        "role": "lead",
    }


def test_a_member_sees_only_their_own_contacts(world, flow, contacts):
    proposal = flow.submitted(co_signers=["li"])
    world["li"].act("proposal", world["li"].proposal(proposal["id"]), "cosign")

    as_lead = _proposers(world["zhang"], proposal["id"])
    as_cosigner = _proposers(world["li"], proposal["id"])

    assert (as_lead["zhang"]["phone"], as_lead["li"]["phone"], as_lead["li"]["email"]) == (
        "13912345678",
        None,
        None,
    )
    assert (as_cosigner["li"]["phone"], as_cosigner["zhang"]["phone"]) == ("010-62345678", None)
    assert as_cosigner["zhang"]["employer"] == "市工商联副主席"  # not a contact: shown


@pytest.mark.parametrize("who", ["office", "admin"])
def test_the_office_sees_every_proposers_contacts(world, flow, contacts, who):
    proposal = flow.submitted()

    assert _proposers(world[who], proposal["id"])["zhang"]["email"] == "zhang@example.cn"


def test_a_supervising_leader_sees_the_contacts(world, flow, contacts):
    proposal = flow.accepted()
    world["office"].act("proposal", proposal, "mark_key", leader="leader")

    assert _proposers(world["leader"], proposal["id"])["zhang"]["phone"] == "13912345678"


def test_a_unit_sees_the_contacts_while_its_assignment_stands(world, flow, contacts):
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))

    for clerk in ("transport", "education"):
        assert _proposers(world[clerk], proposal["id"])["zhang"]["phone"] == "13912345678"
    assert world["ecology"].get(f"/proposals/{proposal['id']}").status == 404


def test_a_unit_whose_assignment_is_returned_no_longer_sees_them(world, flow, contacts):
    proposal = flow.assigned((("市交通运输局", "lead"), ("市教育局", "assisting")))
    brief = next(a for a in proposal["assignments"] if a["unit_name"] == "市交通运输局")
    assignment = world["transport"].assignment(brief["id"])
    requested = world["transport"].act(
        "assignment", assignment, "request_return", reason="该事项不属于本单位职责。"
    )
    assert _proposers(world["transport"], proposal["id"])["zhang"]["phone"] == "13912345678"

    world["office"].act("assignment", requested, "approve_return")

    seen = _proposers(world["transport"], proposal["id"])["zhang"]
    assert (seen["name"], seen["phone"], seen["email"]) == ("张伟", None, None)
    assert _proposers(world["education"], proposal["id"])["zhang"]["phone"] == "13912345678"


def test_the_proposal_list_carries_the_proposers_too(world, flow, contacts):
    flow.submitted()

    [item] = world["zhang"].ok("GET", "/proposals")["items"]

    assert item["proposers"][0]["phone"] == "13912345678"


def test_user_add_and_update_take_the_details(world):
    runner = world.app.test_cli_runner()

    added = runner.invoke(
        args=[
            *("user", "add", "chen", "--role", "member", "--name", "陈静", "--sector", "文艺界"),
            *("--party", "民盟", "--employer", "市歌舞剧院院长", "--phone", "13800001111"),
            *("--email", "chen@example.cn", "--password-stdin"),
        ],
        input=PASSWORD + "\n",
    )
    updated = runner.invoke(
        args=["user", "update", "chen", "--phone", "13800002222", "--party", "致公党"]
    )

    assert added.exit_code == 0, added.output
    assert updated.exit_code == 0 and "陈静" in updated.output
    me = world.login("chen").ok("GET", "/me")
    assert (me["name"], me["sector"], me["party"], me["employer"]) == (
        "陈静",
        "文艺界",
        "致公党",
        "市歌舞剧院院长",
    )
    assert (me["phone"], me["email"]) == ("13800002222", "chen@example.cn")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["user", "update", "zhang", "--phone", "12"], "手机号码格式不正确"),
        (["user", "update", "zhang", "--email", "@"], "邮箱格式不正确"),
        (["user", "update", "zhang", "--name", " "], "请填写姓名"),
        (["user", "update", "nobody", "--phone", "13800002222"], "用户"),
        (["user", "update", "zhang"], "请至少给出一项"),
    ],
)
def test_user_update_refuses_bad_details(world, args, words):
    result = world.app.test_cli_runner().invoke(args=args)

    assert result.exit_code != 0 and words in result.output
    assert world["zhang"].ok("GET", "/me")["phone"] is None


def test_user_add_refuses_a_bad_phone_and_adds_nobody(world):
    result = world.app.test_cli_runner().invoke(
        args=["user", "add", "chen", "--role", "member", "--phone", "555", "--password-stdin"],
        input="a long password\n",
    )

    assert result.exit_code != 0 and "手机号码格式不正确" in result.output
    assert (
        world.app.test_client()
        .post("/api/v1/auth/token", json={"username": "chen", "password": "a long password"})
        .status_code
        == 401
    )
