"""A notice that cannot print correctly is held back or failed with the reason, never boxes."""

from datetime import timedelta

import pytest

from service import create_app
from service.db import unit_of_work
from service.documents import fonts
from service.models import Document
from tests.client import World
from tests.documents.pdf import download, render, row, rows
from tests.flows import Flow


@pytest.fixture
def fontless_app(monkeypatch, settings, clock):
    """The service started on a machine where fontconfig knows no font at all."""
    monkeypatch.setattr(fonts, "_fc_list", lambda *arguments: [])
    fonts._covered.cache_clear()
    app = create_app(settings, clock=clock)
    yield app
    app.extensions["db_engine"].dispose()
    fonts._covered.cache_clear()


def test_missing_chinese_font_holds_notices_back_and_health_says_so(fontless_app, clock):
    world = World(fontless_app, clock)
    Flow(world).accepted()

    status = fonts.check_fonts()
    result = render(fontless_app, clock)
    health = fontless_app.test_client().get("/healthz").get_json()

    assert status.ok is False and "未找到中文字体" in status.message
    assert result.waiting_for_fonts and (result.ready, result.failed) == (0, 0)
    [document] = rows(fontless_app)
    assert (document.status, document.error, document.attempts) == ("pending", status.message, 0)
    assert (health["fonts"], health["fonts_message"]) == ("missing", status.message)


@pytest.mark.parametrize("character", ["\ue000", "\U0010fffd"])
def test_character_no_font_can_draw_fails_the_notice_and_names_it(world, clock, character):
    proposal = Flow(world).accepted(title=f"关于{character}村道路硬化的提案")

    result = render(world.app, clock)

    [document] = rows(world.app)
    assert (result.failed, document.status, document.file_name) == (1, "failed", None)
    assert f"“{character}”（U+{ord(character):04X}）" in document.error
    assert document.next_attempt_at is None
    response = download(world["office"], document.id)
    assert response.status_code == 409 and character in response.get_json()["error"]["message"]
    assert world["office"].proposal(proposal["id"])["state"] == "accepted"


def test_template_error_is_retried_with_growing_pauses_then_fails(world, clock):
    Flow(world).accepted()
    [document] = rows(world.app)
    with world.app.app_context(), unit_of_work() as session:  # a snapshot the template cannot use
        stored = session.get(Document, document.id)
        stored.snapshot = {**stored.snapshot, "proposal": {}}

    start, seen = clock.now(), []
    for _ in range(5):
        render(world.app, clock)
        document = row(world.app, document.id)
        seen.append((document.attempts, document.status, document.next_attempt_at))
        clock.set(document.next_attempt_at or clock.now())

    assert [(a, s) for a, s, _ in seen] == [(n, "pending") for n in (1, 2, 3, 4)] + [(5, "failed")]
    moments = [start] + [moment for _, _, moment in seen[:4]]
    pauses = [later - earlier for earlier, later in zip(moments, moments[1:], strict=False)]
    assert pauses == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert seen[-1][2] is None and "UndefinedError" in document.error and "第5次" in document.error
