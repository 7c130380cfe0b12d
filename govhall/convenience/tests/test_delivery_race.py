"""Two clerks compiling the day's manifest at once, and one parcel scanned by two
couriers' phones at once: one manifest holding every parcel once, one pick-up.
Real threads and transactions; the compile is slowed inside its lock so that,
without the centre's row lock, both would create the day's manifest (PostgreSQL;
SQLite's IMMEDIATE transactions queue the writers anyway)."""

import threading
import time

import pytest
from django.db import connections

from govhall.cases.tests.factories import at
from govhall.convenience.delivery import services
from govhall.convenience.delivery.models import Manifest, Parcel, ParcelStatus
from govhall.core.errors import DomainError
from govhall.core.models import Role
from govhall.core.tests import factories as f

from . import delivery_factories as df

pytestmark = pytest.mark.django_db(transaction=True)


def _together(*calls):
    barrier, results = threading.Barrier(len(calls)), []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except DomainError as exc:
            results.append(exc.code)
        except Exception as exc:  # an IntegrityError is the failure looked for
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_compiles_and_two_scans_at_once(monkeypatch):
    w = df.world()
    parcels = [Parcel.objects.get(case=df.posted_case(w)) for _ in range(3)]
    second = f.actor(f.staff(Role.CLERK, center_=w["center"]))
    real = services.dispatch_day

    def slow(center, now=None):
        day = real(center, now)
        time.sleep(0.5)  # both threads would be here at once without the lock
        return day

    monkeypatch.setattr(services, "dispatch_day", slow)
    noon = at(2026, 11, 2, 12)
    results = _together(
        lambda: services.manifest_compile(actor=w["clerk"], center=w["center"], now=noon),
        lambda: services.manifest_compile(actor=second, center=w["center"], now=noon),
    )
    assert len(results) == 2 and all(isinstance(r, Manifest) for r in results), results
    manifest = Manifest.objects.get()
    assert manifest.parcel_count == 3 == manifest.parcels.count()
    services.manifest_send(actor=w["clerk"], manifest=manifest, now=noon)

    courier2 = f.actor(f.staff(Role.COURIER, center_=w["center"]))
    number = parcels[0].number
    results = _together(
        lambda: services.parcel_pick_up(actor=w["courier"], number=number, now=at(2026, 11, 2, 16)),
        lambda: services.parcel_pick_up(actor=courier2, number=number, now=at(2026, 11, 2, 16)),
    )
    assert len(results) == 2 and results.count("invalid_transition") == 1, results
    assert Parcel.objects.get(number=number).status == ParcelStatus.PICKED_UP
