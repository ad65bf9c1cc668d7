import pytest

from tests.flows import Flow


@pytest.fixture
def flow(world):
    return Flow(world)

