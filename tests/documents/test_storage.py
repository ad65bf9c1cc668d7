"""A rendered notice is stored once with its SHA-256; regenerating makes a new version."""

import hashlib
from pathlib import Path

from tests.documents.pdf import download, listed, render, row
from tests.flows import Flow


def test_download_matches_the_listed_sha256_and_a_second_run_rewrites_nothing(world, clock):
    proposal = Flow(world).accepted()
    render(world.app, clock)
    [listing] = listed(world["zhang"], proposal["id"])
    stored = (
        Path(world.app.extensions["settings"].documents_dir)
        / row(world.app, listing["id"]).file_name
    )
    written_at = stored.stat().st_mtime_ns

    response = download(world["zhang"], listing["id"])
    clock.advance(hours=1)
    again = render(world.app, clock)

    assert (listing["kind"], listing["status"]) == ("acceptance_notice", "ready")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert (
        hashlib.sha256(response.data).hexdigest() == listing["sha256"] == response.headers["ETag"]
    )
    assert (again.ready, again.failed) == (0, 0)
    assert stored.stat().st_mtime_ns == written_at
    assert listed(world["zhang"], proposal["id"]) == [listing]


def test_a_pending_document_cannot_be_downloaded_yet(world):
    proposal = Flow(world).accepted()
    [listing] = listed(world["office"], proposal["id"])

    response = download(world["office"], listing["id"])

    assert (listing["status"], listing["sha256"]) == ("pending", None)
    assert response.status_code == 409
    assert response.get_json()["error"]["details"] == {"status": "pending"}


def test_committee_regenerates_a_new_version_and_the_old_one_stays(world, clock):
    proposal = Flow(world).accepted()
    render(world.app, clock)
    [old] = listed(world["office"], proposal["id"])
    old_pdf = download(world["office"], old["id"]).data

    new = world["office"].ok("POST", f"/documents/{old['id']}/regenerate", status=201)
    render(world.app, clock)

    assert (new["kind"], new["status"], new["supersedes_id"]) == (old["kind"], "pending", old["id"])
    assert new["id"] != old["id"]
    assert listed(world["office"], proposal["id"])[0] == old
    assert download(world["office"], old["id"]).data == old_pdf
    newest = listed(world["office"], proposal["id"])[1]
    assert (newest["id"], newest["status"]) == (new["id"], "ready")
    assert hashlib.sha256(download(world["office"], new["id"]).data).hexdigest() == newest["sha256"]


def test_member_cannot_regenerate_and_nothing_changes(world, clock):
    proposal = Flow(world).accepted()
    render(world.app, clock)
    before = listed(world["zhang"], proposal["id"])

    response = world["zhang"].post(f"/documents/{before[0]['id']}/regenerate")

    assert response.status == 403
    assert listed(world["zhang"], proposal["id"]) == before
