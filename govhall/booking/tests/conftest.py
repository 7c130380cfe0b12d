import datetime as dt

import pytest

from govhall.booking.tests.factories import booking_hall

# Wednesday 30 September 2026: the last working day before the National Day
# holiday (1-7 October); Saturday 10 October is a make-up working day (调休).
EVE = dt.date(2026, 9, 30)


@pytest.fixture
def bh(db):
    return booking_hall()
