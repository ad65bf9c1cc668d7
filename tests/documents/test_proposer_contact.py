"""The 交办通知书 prints the lead proposer's phone and e-mail for the units to call before
handling (办前沟通); the co-signers, who may not see them, do not read that notice."""

from tests.documents.pdf import download, listed, page_texts, pdf_of, render
from tests.flows import Flow

ZHANG = {"phone": "13912345678", "email": "zhang@example.cn", "employer": "市工商联副主席"}


def _notice(world, clock, *, co_signers=()):
    flow = Flow(world)
    proposal = flow.submitted(co_signers=list(co_signers))
    for member in co_signers:
        world[member].act("proposal", world[member].proposal(proposal["id"]), "cosign")
    proposal = world["office"].act("proposal", world["office"].proposal(proposal["id"]), "accept")
    entries = [{"unit_id": world.units["市交通运输局"], "role": "lead"}]
    proposal = world["office"].act("proposal", proposal, "assign", units=entries)
    render(world.app, clock)
    [notice] = [
        d for d in listed(world["office"], proposal["id"]) if d["kind"] == "assignment_notice"
    ]
    return proposal, notice


def test_the_notice_names_the_lead_proposers_phone_and_email(world, clock):
    world["zhang"].ok("PATCH", "/me", ZHANG)

    proposal, notice = _notice(world, clock)

    text = "".join(page_texts(pdf_of(world["transport"], notice["id"])))
    compact = text.replace(" ", "").replace("\n", "")
    assert "张伟（市工商联副主席）" in compact
    assert "手机：13912345678" in compact and "邮箱：zhang@example.cn" in compact


def test_without_contacts_the_notice_says_to_go_through_the_office(world, clock):
    _, notice = _notice(world, clock)

    text = "".join(page_texts(pdf_of(world["office"], notice["id"]))).replace(" ", "")

    assert "未留联系方式" in text.replace("\n", "")


def test_the_lead_reads_the_notice_and_a_cosigner_does_not(world, clock):
    world["zhang"].ok("PATCH", "/me", ZHANG)

    proposal, notice = _notice(world, clock, co_signers=["li"])

    assert download(world["zhang"], notice["id"]).status_code == 200
    assert download(world["li"], notice["id"]).status_code == 404
    assert "assignment_notice" not in {d["kind"] for d in listed(world["li"], proposal["id"])}
