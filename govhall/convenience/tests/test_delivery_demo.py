"""The demo's free deliveries at SC-QZX: a month of parcels in every state, made
through the services in causal order; today's manifest waiting to be sent; last
month's statement reconciled with its one planted difference; loaded twice,
nothing added."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from govhall.convenience.delivery import demo
from govhall.convenience.delivery.models import Manifest, Parcel, ParcelStatus, Reconciliation
from govhall.core.models import Center, User

pytestmark = pytest.mark.django_db


def test_demo_deliveries_are_there_once(capsys):
    call_command("demo_data")
    capsys.readouterr()
    counts = {s: Parcel.objects.filter(status=s).count() for s in ParcelStatus.values}
    assert all(counts.values()), counts  # every state has a parcel
    assert sum(counts.values()) >= 30
    demo.load({c.code: c for c in Center.objects.all()})
    assert Parcel.objects.count() == sum(counts.values())
    assert User.objects.filter(username="qzx_courier").exists()
    # Times in order, the courier after the window, the result after the pick-up.
    for p in Parcel.objects.exclude(picked_up_at=None).select_related("manifest"):
        assert p.created_at <= p.manifest.sent_at <= p.picked_up_at
        assert p.tracking_number
        end = p.delivered_at or p.returned_at
        assert end is None or end > p.picked_up_at
    assert Parcel.objects.filter(delivered_at__gt=timezone.now()).count() == 0
    # Today's (the next pick-up's) manifest waits for the window to send it.
    current = Manifest.objects.filter(status="open").get()
    assert current.parcels.count() == 3 and current.day >= timezone.localdate()
    record = Reconciliation.objects.get()
    assert record.our_count == record.their_count and record.matched == record.our_count - 1
    [difference] = record.differences
    assert difference["kind"] == "amount_mismatch" and difference["theirs"] == "1500"
