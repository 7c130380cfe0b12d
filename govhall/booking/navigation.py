"""The booking app's workplace pages (core.navigation)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry, register

from . import selectors
from .models import BookingStatus, VisitStatus


def _due_today(actor, center) -> int:
    day = timezone.localdate()
    rows = selectors.bookings_for_day(actor=actor, center=center, day=day)
    return rows.filter(status=BookingStatus.BOOKED).count()


def _visits_open(actor, center) -> int:
    rows = selectors.visits(actor=actor, center=center)
    return rows.filter(status__in=(VisitStatus.REQUESTED, VisitStatus.APPROVED)).count()


def register_entries() -> None:
    register(
        Entry(
            key="booking.today",
            label=_("今日预约"),
            needs=frozenset({"booking.front_desk"}),
            url="booking:today",
            waiting=_due_today,
            section="booking",
            order=10,
        ),
        Entry(
            key="booking.visits",
            label=_("上门服务"),
            needs=frozenset({"visit.work"}),
            url="booking:visits",
            waiting=_visits_open,
            section="booking",
            order=20,
        ),
        Entry(
            key="booking.slots",
            label=_("预约号源设置"),
            needs=frozenset({"booking.manage"}),
            url="booking:slots",
            section="booking",
            order=30,
        ),
    )
