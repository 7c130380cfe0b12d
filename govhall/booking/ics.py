"""A booking as an iCalendar file (RFC 5545) for the citizen's phone calendar: the
slot, the centre's address as LOCATION and a reminder an hour before. No ID
number, phone or name: the file leaves our hands."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from .models import Booking, BookingStatus

REMIND_BEFORE = dt.timedelta(hours=1)


def booking_calendar(booking: Booking, *, manage_url: str, now: dt.datetime | None = None) -> bytes:
    center, slot = booking.center, booking.slot
    version = booking.item.published_version
    item_name = version.name if version else booking.item.code
    location = ", ".join(p for p in (center.name, center.address) if p)

    event = Event()
    event.add("uid", f"booking-{booking.code}@govhall")
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", timezone.localtime(slot.start))
    event.add("dtend", timezone.localtime(slot.end))
    event.add("summary", _("预约办理：%(item)s") % {"item": item_name})
    event.add("location", location)
    event.add(
        "description",
        _(
            "预约码：%(code)s\n请带好身份证件，提前到中心自助取号机或总服务台签到。\n查询或取消：%(url)s"
        )
        % {"code": booking.code, "url": manage_url},
    )
    event.add("url", manage_url)
    event.add("status", "CANCELLED" if booking.status == BookingStatus.CANCELLED else "CONFIRMED")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -REMIND_BEFORE)
    alarm.add("description", _("%(item)s 预约将于一小时后开始") % {"item": item_name})
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", "-//GovHall//Booking//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
