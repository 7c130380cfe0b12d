"""The planning tests' fixtures (planning_world), and a fresh history cache for
each test (the cache is per process, keyed by the centre's id, which another
test's database may give to another centre)."""

import pytest

from govhall.planning import selectors

from .planning_world import absences, world  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_planning_cache():
    selectors.clear_cache()
    yield
    selectors.clear_cache()
