import pytest

from .factories import feedback_hall


@pytest.fixture
def h(db):
    return feedback_hall()
