"""Benchmark data, written through the project's own code.

    python bench/setup.py hall OUT.json     one centre, 2 queues, 64 windows, tokens
    python bench/setup.py reseed N          replace every ticket with N waiting ones

Run with DJANGO_SETTINGS_MODULE=govhall.settings and DATABASE_URL pointing at
the throwaway benchmark database (bench/run.sh does both)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from govhall.catalog.tests.factories import published_item  # noqa: E402
from govhall.core.models import CenterLevel, TokenKind  # noqa: E402
from govhall.core.services import calendar_seed, token_create  # noqa: E402
from govhall.core.tests import factories as f  # noqa: E402
from govhall.queueing.models import Queue, Ticket  # noqa: E402
from govhall.queueing.tests.factories import queue, window  # noqa: E402

WINDOWS = 64


def hall(out: str) -> None:
    calendar_seed()
    d = f.district(code="BD", name="基准区")
    center = f.center(d, code="BENCH-C", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    dept = f.department(d, code="BENCH-DEP")
    licence = published_item(dept, center, name="营业执照遗失补领")
    pension = published_item(
        dept, center, name="城乡居民养老保险参保登记", domain="social_security"
    )
    qa, qb = queue(center, "A", licence), queue(center, "B", pension)
    windows = []
    for n in range(1, WINDOWS + 1):
        # Half the windows prefer A, half B, as halls do; both serve both queues.
        profile = (qa, qb) if n % 2 else (qb, qa)
        w = window(center, n, *profile)
        raw = token_create(kind=TokenKind.WINDOW, center=center, window=w)[1]
        windows.append(
            {"id": w.pk, "code": w.code, "token": raw, "queues": [q.pk for q in profile]}
        )
    data = {
        "center": center.code,
        "center_id": center.pk,
        "items": [licence.code, pension.code],
        "queues": [qa.pk, qb.pk],
        "windows": windows,
        "kiosk": token_create(kind=TokenKind.KIOSK, center=center)[1],
        "display": token_create(kind=TokenKind.DISPLAY, center=center)[1],
        "service_date": timezone.localdate().isoformat(),
    }
    with open(out, "w") as fh:
        json.dump(data, fh, indent=1)


def reseed(total: int) -> None:
    """Every run starts from the same state: `total` waiting tickets, as in
    test_concurrency._bulk_tickets (2/3 in A, every 17th with priority)."""
    center_qs = Queue.objects.filter(center__code="BENCH-C").order_by("prefix")
    qa, qb = list(center_qs)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE queueing_ticket CASCADE")  # bookings point at tickets
    now = timezone.now()
    day = timezone.localdate(now)
    Ticket.objects.bulk_create(
        (
            Ticket(
                center_id=qa.center_id,
                queue=q,
                service_date=day,
                seq=i,
                # "S" keeps these apart from numbers the issue scenario hands out.
                number=f"{q.prefix}S{i:05d}",
                channel="kiosk",
                priority=i % 17 == 0,
                sort_at=now + dt.timedelta(seconds=i),
                issued_at=now,
                track_token=f"s{q.prefix}{i}",
            )
            for i in range(1, total + 1)
            for q in [qa if i % 3 else qb]
        ),
        batch_size=5000,
    )
    with connection.cursor() as cur:
        # Fresh planner statistics, so every run sees the same query plans.
        cur.execute("VACUUM ANALYZE queueing_ticket")


if __name__ == "__main__":
    if sys.argv[1] == "hall":
        hall(sys.argv[2])
    elif sys.argv[1] == "reseed":
        reseed(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
