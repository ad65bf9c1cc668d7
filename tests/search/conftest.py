import pytest

from service.search.similar import rarity
from tests.flows import Flow


@pytest.fixture
def flow(world):
    return Flow(world)


@pytest.fixture(autouse=True)
def _fresh_counts():
    """Word counts are kept a few minutes per process and database; each test has its own rows."""
    rarity.forget()
    yield
    rarity.forget()
