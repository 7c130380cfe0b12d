import pytest

from govhall.queueing.tests.factories import hall as make_hall


@pytest.fixture
def hall(db):
    return make_hall()
