import pytest

from govhall.queueing.tests.factories import hall as make_hall


@pytest.fixture
def hall(db):
    return make_hall()


@pytest.fixture
def kiosk(client, hall):
    """The test client paired as the hall's kiosk."""
    client.post("/device/pair/", {"token": hall["kiosk_raw"]})
    return client
