"""The 5-working-day publication deadline of a submitted guide change, across
the end of the holiday table (finding 7): provisional, then recomputed."""

import datetime as dt

import pytest
import time_machine

from govhall.catalog import services
from govhall.catalog.tests.factories import MATERIALS, guide
from govhall.core.models import AuditLog, Event
from govhall.core.tests.calendar_2027 import add_2027

pytestmark = pytest.mark.django_db


def test_a_change_submitted_on_28_december_is_due_provisionally(world):
    item = services.item_create(
        actor=world["dept_staff"],
        code="SCJ-0099",
        department=world["dept"],
        domain="market_regulation",
        guide=guide(),
        materials=MATERIALS,
    )
    version = item.versions.get()
    with time_machine.travel(dt.datetime(2026, 12, 28, 2), tick=False):  # 10:00 in Shanghai
        services.version_submit(actor=world["dept_staff"], version=version)
    version.refresh_from_db()
    # 29, 30, 31 Dec, then 1 and 4 Jan 2027 on weekdays alone.
    assert (version.publish_due, version.publish_due_provisional) == (dt.date(2027, 1, 4), True)
    with time_machine.travel(dt.datetime(2026, 12, 29, 2), tick=False):
        add_2027()
    version.refresh_from_db()
    assert (version.publish_due, version.publish_due_provisional) == (dt.date(2027, 1, 6), False)
    event = Event.objects.get(kind="catalog.publish_due_recomputed")
    assert event.payload["previous"] == "2027-01-04"
    assert AuditLog.objects.get(action="calendar.changed").detail["catalog"] == 1
