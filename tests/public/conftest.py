"""The public window's fixtures: a proposal driven to 办结 with the proposer's consent, published
by the office, and an anonymous browser."""

from __future__ import annotations

import pytest

from tests.flows import Flow


@pytest.fixture
def flow(world):
    return Flow(world)


@pytest.fixture
def published(world, flow):
    """zhang's closed proposal, consented and published."""
    closed = flow.closed(publish_consent=True)
    return world["office"].act("proposal", closed, "publish")


@pytest.fixture
def browser(app):
    """Someone on the internet: no login, no token."""
    return app.test_client()


def footprint(world, proposal: dict) -> tuple:
    """What a refused event must leave alone: state, version, publication and history."""
    current = world["office"].proposal(proposal["id"])
    history = world["office"].ok("GET", f"/proposals/{proposal['id']}/history")
    return current["state"], current["version"], current["published_at"], len(history)
