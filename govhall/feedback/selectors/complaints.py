"""Reads of complaints: always through an Actor's scope, except the public
receipt, which needs the receipt token and shows no personal data.

Who sees what: reception, the centre admin and the district supervisor see
every complaint of their centres; a 12345 integration token sees the hotline
transfers of its centre; any other staff member sees only the complaints
assigned to them (a complaint is about a colleague: not for every clerk)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import DomainError, NotFound
from govhall.core.identity import normalise_typed_code, parse_phone
from govhall.core.models import Center, User
from govhall.core.months import Month
from govhall.core.selectors import center_by_code
from govhall.core.workdays import WorkingCalendar

from ..models import Complaint, ComplaintChannel, ComplaintStatus, RaterView
from ..services.complaints import OPEN


def usable_key(value: str | None, limit: int = 48) -> str:
    """A code, number or token from a URL or body, fit to look up: PostgreSQL
    refuses a NUL character in a query parameter, so such input is not found."""
    if not value or not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise NotFound(_("对象不存在或无权访问"))
    return value


def center_for(code: str) -> Center:
    try:
        return center_by_code(usable_key(code, 32))
    except NotFound as exc:
        raise NotFound(_("中心不存在"), code="center_not_found") from exc


def _complaints() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("center", "assignee", "staff", "window", "received_by")


def visible(actor: Actor, queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    """The complaints the actor may read."""
    qs = actor.scoped(_complaints() if queryset is None else queryset)
    if actor.is_superuser:
        return qs
    full = actor.centers_with("complaint.oversee")
    hotline = actor.centers_with("complaint.hotline")
    rule = Q(center__in=full) | Q(center__in=hotline, channel=ComplaintChannel.HOTLINE)
    if actor.user is not None:
        rule |= Q(center__in=actor.centers_with("complaint.read"), assignee=actor.user)
    return qs.filter(rule)


def complaint_for_actor(actor: Actor, number: str) -> Complaint:
    """One complaint the actor may read; another centre's looks like a missing one."""
    found = visible(actor).filter(number=usable_key(number)).first()
    if found is None:
        raise NotFound(_("投诉不存在或无权访问"), code="complaint_not_found")
    return found


def complaint_for_citizen(number: str, phone: str) -> Complaint:
    """The complaint whose number and contact phone the citizen typed (the
    receipt's promise: 凭投诉编号查询). Either one wrong reads as not found, so a
    guess learns nothing; the phone is compared after decryption, row by row
    (one number matches at most one row)."""
    wrong = NotFound(_("投诉编号或联系电话不正确"), code="complaint_not_found")
    try:
        number = usable_key(normalise_typed_code(number), 40)
        phone = parse_phone(phone)
    except DomainError as exc:
        raise wrong from exc
    found = _complaints().filter(number=number).first()
    if found is None or not found.complainant_phone or found.complainant_phone != phone:
        raise wrong
    return found


def complaint_by_receipt(token: str) -> Complaint:
    found = _complaints().filter(receipt_token=usable_key(token, 32)).first()
    if found is None:
        raise NotFound(_("回执不存在"), code="receipt_not_found")
    return found


def days_left(complaint: Complaint, today: dt.date, cal: WorkingCalendar) -> int | None:
    """Working days to the promised reply date (negative when overdue); None
    once replied."""
    if complaint.status not in OPEN:
        return None
    return cal.working_days_between(today, complaint.reply_due)


def work_list(
    actor: Actor, center: Center, *, status: str = "", today: dt.date | None = None
) -> list[Complaint]:
    """The centre's complaints the actor may read: open ones first, nearest
    promised date first; each with `days_left`."""
    actor.require(center, "complaint.read")
    qs = visible(actor).filter(center=center)
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status in ComplaintStatus.values:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("reply_due", "received_at")[:500])
    rows.sort(
        key=lambda c: (c.status not in OPEN, c.reply_due if c.status in OPEN else dt.date.max)
    )
    cal, today = WorkingCalendar(), today or timezone.localdate()
    for c in rows:
        c.days_left = days_left(c, today, cal)
    return rows


def assignable_staff(center: Center):
    """Active staff holding a role at the centre (candidates to handle a complaint)."""
    return (
        User.objects.filter(memberships__center=center, is_active=True)
        .distinct()
        .order_by("staff_number", "username")
    )


def monthly_figures(center: Center, year: int, month: int, *, today: dt.date | None = None) -> dict:
    """A centre's month: complaints received (by channel), replied, replied on
    time (the reply's local date on or before the promised date), the on-time
    rate, founded ones among the replied, the complainants' satisfaction at the
    return visits of the month (satisfied + basic among those reached), and the
    open complaints overdue today."""
    period = Month(dt.date(year, month, 1))
    start, end = period.start, period.end
    base = Complaint.objects.filter(center=center)
    by_channel = {
        row["channel"]: row["n"]
        for row in base.filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
    }
    replied_rows = list(
        base.filter(replied_at__gte=start, replied_at__lt=end).values_list(
            "replied_at", "reply_due", "founded"
        )
    )
    on_time = sum(timezone.localdate(at) <= due for at, due, _f in replied_rows)
    visits = list(
        base.filter(return_visit_at__gte=start, return_visit_at__lt=end)
        .exclude(satisfaction__in=("", RaterView.UNREACHABLE))
        .values_list("satisfaction", flat=True)
    )
    content = sum(v in (RaterView.SATISFIED, RaterView.BASIC) for v in visits)
    today = today or timezone.localdate()
    return {
        "year": year,
        "month": month,
        "received": sum(by_channel.values()),
        "by_channel": {c: by_channel.get(c, 0) for c in ComplaintChannel.values},
        "replied": len(replied_rows),
        "replied_on_time": on_time,
        "on_time_rate": round(on_time / len(replied_rows), 4) if replied_rows else None,
        "founded": sum(1 for _a, _d, f in replied_rows if f),
        "return_visits": len(visits),
        "satisfaction_rate": round(content / len(visits), 4) if visits else None,
        "overdue_open": base.filter(status__in=OPEN, reply_due__lt=today).count(),
    }
