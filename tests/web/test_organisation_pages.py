"""The office registers collective proposers (集体提案单位) on a page; a contact files in the
organisation's name from the filing form; the proposal page names the organisation."""

from __future__ import annotations

from html import unescape

import pytest

from tests.flows import PARTS

MINMENG = {"name": "民盟市委会", "kind": "party", "contacts": ["zhang", "li"]}


def _register(world, body=MINMENG) -> dict:
    return world["office"].ok("POST", "/organisations", body, status=201)


def test_the_office_adds_an_organisation_with_its_contacts(world, web):
    office = web("office")

    page = office.post(
        "/organisations", {"name": "民建市委会", "kind": "party", "contacts": "wang"}
    )

    assert page.status == 302
    listed = office.get("/organisations")
    assert "集体提案单位已登记。" in listed.text
    assert "民建市委会" in listed.text and "王芳" in listed.text and "民主党派" in listed.text
    [row] = world["office"].ok("GET", "/organisations")["items"]
    assert [c["username"] for c in row["contacts"]] == ["wang"]


def test_a_bad_organisation_comes_back_with_the_message_at_its_field(world, web):
    page = web("office").post("/organisations", {"name": "", "kind": "club"})

    assert page.status == 422
    assert 'id="name-error">请填写单位名称。' in page.text
    assert 'id="kind-error">单位类别只能是' in page.text
    assert world["office"].ok("GET", "/organisations")["total"] == 0


def test_a_duplicate_name_is_refused_on_the_page(world, web):
    _register(world)

    page = web("office").post("/organisations", {"name": "民盟市委会", "kind": "party"})

    assert page.status == 409
    assert "已登记" in page.text


@pytest.mark.parametrize("who, status", [("leader", 200), ("zhang", 403), ("transport", 403)])
def test_who_opens_the_register(world, web, who, status):
    _register(world)

    page = web(who).get("/organisations")

    assert page.status == status
    if status == 200:
        assert "民盟市委会" in page.text
        assert "登记单位</button>" not in page.text  # a leader reads it, does not add


def test_a_leader_may_not_add_one(world, web):
    page = web("leader").post("/organisations", {"name": "民建市委会", "kind": "party"})

    assert page.status == 403
    assert world["office"].ok("GET", "/organisations")["total"] == 0


def test_the_office_names_the_contacts_anew_on_its_page(world, web):
    organisation = _register(world)
    office = web("office")
    path = f"/organisations/{organisation['id']}"

    shown = office.get(path)
    assert 'value="zhang" checked' in shown.text and 'value="wang" >' in shown.text
    page = office.post(path, {"contacts": ["wang"]})

    assert page.status == 302
    contacts = world["office"].ok("GET", f"/organisations/{organisation['id']}")["contacts"]
    assert [c["username"] for c in contacts] == ["wang"]
    refused = office.post(path, {"contacts": ["transport"]})
    assert refused.status == 422 and "只能由委员担任联系人" in refused.text


def test_the_filing_form_offers_collective_filing_to_a_contact_only(world, web):
    _register(world)

    assert "集体提案：以单位名义提出" in web("zhang").get("/proposals/new").text
    assert "集体提案" not in web("wang").get("/proposals/new").text


def _form(organisation_id, **fields) -> dict:
    return {
        "title": "关于加强民营企业融资服务的提案",
        "category": "economy",
        **PARTS,
        "type": "collective",
        "organisation_id": str(organisation_id),
        "action": "submit",
        **fields,
    }


def test_a_contact_files_a_collective_proposal_from_the_form(world, web):
    organisation = _register(world)
    member = web("zhang")

    page = member.post("/proposals/new", _form(organisation["id"]))

    assert page.status == 302
    [filed] = world["zhang"].ok("GET", "/proposals")["items"]
    assert filed["organisation"]["name"] == "民盟市委会" and filed["type"] == "collective"
    shown = unescape(member.get(page.location).text)
    assert "提案单位</dt><dd>民盟市委会" in shown
    assert "集体提案" in shown
    assert "民盟市委会" in unescape(web("li").get(page.location).text)


def test_collective_filing_without_an_organisation_is_refused_at_the_field(world, web):
    _register(world)
    _register(world, {"name": "市工商联", "kind": "group", "contacts": ["zhang"]})

    page = web("zhang").post("/proposals/new", _form(""))

    assert page.status == 422
    assert 'id="organisation_id-error">集体提案须选择以哪个单位的名义提出。' in page.text
    assert 'value="collective" checked' in page.text
    assert world["zhang"].ok("GET", "/proposals")["total"] == 0


def test_an_individual_proposal_from_a_contact_names_no_organisation(world, web):
    organisation = _register(world)

    page = web("zhang").post("/proposals/new", _form(organisation["id"], type="individual"))

    assert page.status == 302
    [filed] = world["zhang"].ok("GET", "/proposals")["items"]
    assert (filed["type"], filed["organisation"]) == ("individual", None)


def test_the_handling_unit_sees_whose_collective_proposal_it_answers(world, web):
    organisation = _register(world)
    body = {"title": "关于加强民营企业融资服务的提案", "category": "economy", **PARTS}
    filed = world["zhang"].ok(
        "POST", "/proposals", {**body, "organisation_id": organisation["id"], "submit": True}, 201
    )
    office = world["office"]
    accepted = office.act("proposal", filed, "accept")
    unit = {"unit_id": world.units["市交通运输局"], "role": "lead"}
    assigned = office.act("proposal", accepted, "assign", units=[unit])

    page = web("transport").get(f"/assignments/{assigned['assignments'][0]['id']}")

    assert page.status == 200
    assert "提案单位</dt><dd>民盟市委会" in unescape(page.text)
