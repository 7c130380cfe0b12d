import pytest
from django.core.cache import cache

from govhall.cases.tests.factories import world as make_world


@pytest.fixture
def w(db):
    cache.clear()  # the progress lookup's failure counters outlive the test database
    return make_world()
