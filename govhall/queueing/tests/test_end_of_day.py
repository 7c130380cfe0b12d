"""End of day: unserved tickets expire, idempotently, and the figures stay."""

import datetime as dt

from django.utils import timezone

from govhall.queueing import services, tasks
from govhall.queueing.models import DailyFigure, Ticket, TicketStatus
from govhall.queueing.selectors import percentile


def test_close_the_day_twice(hall):
    t0 = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    served = services.ticket_issue(
        actor=hall["reception"], center=hall["center"], item_code=hall["licence"].code, now=t0
    )
    left = services.ticket_issue(
        actor=hall["reception"], center=hall["center"], item_code=hall["pension"].code, now=t0
    )
    services.ticket_call_next(
        actor=hall["clerk"], window=hall["w1"], now=t0 + dt.timedelta(minutes=10)
    )
    services.ticket_start(actor=hall["clerk"], ticket=served, now=t0 + dt.timedelta(minutes=11))
    services.ticket_finish(actor=hall["clerk"], ticket=served, now=t0 + dt.timedelta(minutes=16))

    assert tasks.close_the_day.call_local() == 1
    assert tasks.close_the_day.call_local() == 0  # nothing left: nothing changes
    left.refresh_from_db()
    assert left.status == TicketStatus.EXPIRED
    whole = DailyFigure.objects.get(center=hall["center"], dimension="center")
    assert (whole.tickets, whole.served, whole.expired) == (2, 1, 1)
    assert whole.wait_mean_min == 10 and whole.service_mean_min == 5
    assert DailyFigure.objects.filter(dimension="queue").count() == 2
    assert DailyFigure.objects.filter(dimension="staff").count() == 1
    assert Ticket.objects.filter(status=TicketStatus.DONE).count() == 1


def test_percentile_nearest_rank():
    values = list(range(1, 11))
    assert percentile(values, 0.9) == 9
    assert percentile(values, 0.5) == 5
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([], 0.9) is None
