"""The figures of one centre's day, from the raw rows of every app (read, never
changed). The end-of-day job stores what this returns; today's figures are
this, live.

compute_day(center, day, subjects=None) -> [(subject, dimension, key, label, metrics)]
for every subject of schema.SUBJECTS (or those asked), every dimension, every
key that has activity that day. Metrics are additive (schema.py).
compute_range(center, first, last) -> {day: those rows}: the same figures for
every day of a range in the same few dozen queries (a backfill of a year costs
what a day costs, not 365 times it); compute_day is a range of one day, so the
two can never disagree.

Each subject is a few *sources*: a queryset bounded to the local days (Asia/
Shanghai: a ticket at 23:59 and one at 00:01 fall on their own days), the
expression that gives a row's day, and the aggregates it gives. A source is
grouped by day and by each dimension in SQL (values().annotate()), never a
loop over its rows. What is counted on which day:

- tickets: by service_date; served = finished (done), no_show = ever marked
  过号 (as queueing's day figures), waits of the tickets first called (issued →
  first call), service times of the finished (start → finish); a duration that
  ends before it starts is left out (queueing/times.py).
- bookings: made on the day the booking was made; kept (checked in), no-show
  and cancelled on the booked day (the slot's date), so a day's rate compares
  like with like.
- cases: received by received_at, accepted/immediate(即办)/online(不见面审批) by
  accepted_on, completed/on_time/late by the completion day (on time: the due
  date not passed), refused/supplement/withdrawn/terminated by the day of that
  step, overdue on the day after the due date of an accepted case neither
  decided nor closed by then (each overdue case counted once).
- evaluations: by rated_at, bad and its follow-up as feedback's monthly rates
  (a bad rating's rectification record: real-name replied, objective
  rectified); the nightly job rewrites recent days so a late reply enters.
- complaints: received, closed (closed_at) and replied (replied_at) on their
  days; on time = that day not after the promised reply date.
- assist, printing, deliveries, enquiries: by the day of each step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Func, IntegerField, Q, Sum
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from govhall.core.models import Center

from .schema import HIST_CAP, SUBJECTS


class _Seconds(Func):
    """end − start in seconds (float), on SQLite and PostgreSQL."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        end, start = (compiler.compile(e) for e in self.source_expressions)
        return f"EXTRACT(EPOCH FROM ({end[0]} - {start[0]}))", [*end[1], *start[1]]

    def as_sqlite(self, compiler, connection, **extra):
        end, start = (compiler.compile(e) for e in self.source_expressions)
        # Rounded to the millisecond: julianday's float would put 120 s at 119.9999.
        sql = f"ROUND((julianday({end[0]}) - julianday({start[0]})) * 86400.0, 3)"
        return sql, [*end[1], *start[1]]


class _Minute(Func):
    """The whole minutes of a non-negative seconds expression (the histogram's bucket)."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"CAST(FLOOR(({inner}) / 60.0) AS INTEGER)", params

    def as_sqlite(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({inner}) / 60.0 AS INTEGER)", params  # truncates: ≥ 0 here


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _local_date(field_name: str) -> TruncDate:
    """The day (Asia/Shanghai) of a datetime column, in SQL."""
    return TruncDate(field_name, tzinfo=timezone.get_default_timezone())


@dataclass
class Source:
    qs: object  # a queryset of the days asked
    aggs: dict  # metric -> aggregate
    # dimension -> the field the key is grouped by (None: the source has no such key)
    keys: dict
    # The row's day: a date field, or "@field" for a datetime's local date.
    day: str
    shift: int = 0  # days added to that day (overdue counts the day after the due date)
    hist: tuple | None = None  # (metric, seconds expression, filter Q) for a histogram
    sums_round: tuple = field(default=())  # float sums kept to the millisecond


def _group(source: Source, dimension: str) -> dict[tuple[dt.date, str], dict]:
    """(day, key) -> metrics of one source grouped by one dimension ("all": key "")."""
    out: dict[tuple[dt.date, str], dict] = {}
    day = _local_date(source.day[1:]) if source.day.startswith("@") else F(source.day)
    qs = source.qs.order_by().annotate(d=day)
    shift = dt.timedelta(days=source.shift)
    if dimension == "all":
        group = ("d",)
    else:
        path = source.keys.get(dimension)
        if path is None:
            return out
        qs = qs.exclude(**{f"{path.lstrip('@')}__isnull": True})
        tz = timezone.get_default_timezone()
        qs = qs.annotate(k=ExtractHour(path[1:], tzinfo=tz) if path[0] == "@" else F(path))
        group = ("d", "k")

    def key_of(row) -> tuple[dt.date, str] | None:
        k = row.pop("k", "")
        if k in (None, "") and dimension != "all":
            return None
        return row.pop("d") + shift, str(k)

    for row in qs.values(*group).annotate(**source.aggs):
        at = key_of(row)
        if at is None:
            continue
        metrics = {}
        for name, value in row.items():
            if value:
                metrics[name] = round(value, 3) if name in source.sums_round else value
        if metrics:
            out[at] = metrics
    if source.hist:
        name, seconds, cond = source.hist
        hq = qs.filter(cond).annotate(m=_Minute(seconds)).values(*group, "m")
        for row in hq.annotate(n=Count("pk")):
            minute, n = row.pop("m"), row.pop("n")
            at = key_of(row)
            if at is None:
                continue
            bucket = str(min(int(minute), HIST_CAP))
            hist = out.setdefault(at, {}).setdefault(name, {})
            hist[bucket] = hist.get(bucket, 0) + n
    return out


# --- the sources of each subject --------------------------------------------------------


def _tickets(center, first, last, start, end):
    from govhall.queueing.models import Ticket, TicketStatus

    qs = Ticket.objects.filter(center=center, service_date__range=(first, last))
    waited = Q(first_called_at__isnull=False, first_called_at__gte=F("issued_at"))
    served = Q(
        status=TicketStatus.DONE,
        started_at__isnull=False,
        finished_at__isnull=False,
        finished_at__gte=F("started_at"),
    )
    wait = _Seconds(F("first_called_at"), F("issued_at"))
    return [
        Source(
            qs,
            {
                "issued": Count("pk"),
                "served": Count("pk", filter=Q(status=TicketStatus.DONE)),
                "no_show": Count("pk", filter=Q(no_show_at__isnull=False)),
                "cancelled": Count("pk", filter=Q(status=TicketStatus.CANCELLED)),
                "expired": Count("pk", filter=Q(status=TicketStatus.EXPIRED)),
                "waited": Count("pk", filter=waited),
                "wait_seconds": Sum(wait, filter=waited),
                "service_count": Count("pk", filter=served),
                "service_seconds": Sum(_Seconds(F("finished_at"), F("started_at")), filter=served),
            },
            {
                "queue": "queue_id",
                "window": "window_id",
                "staff": "served_by_id",
                "item": "item_id",
                "hour": "@issued_at",
                "channel": "channel",
                "group": "special_group",
            },
            day="service_date",
            hist=("wait_hist", wait, waited),
            sums_round=("wait_seconds", "service_seconds"),
        )
    ]


def _bookings(center, first, last, start, end):
    from govhall.booking.models import Booking, BookingStatus

    keys = {"channel": "channel", "item": "item_id"}
    return [
        Source(
            Booking.objects.filter(center=center, created_at__gte=start, created_at__lt=end),
            {"made": Count("pk")},
            keys,
            day="@created_at",
        ),
        Source(
            Booking.objects.filter(center=center, slot__date__range=(first, last)),
            {
                "kept": Count("pk", filter=Q(status=BookingStatus.CHECKED_IN)),
                "no_show": Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
                "cancelled": Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
            },
            keys,
            day="slot__date",
        ),
    ]


def _case_keys(prefix: str = "") -> dict:
    return {
        "item": f"{prefix}item_id",
        "department": f"{prefix}department_id",
        "mode": f"{prefix}approval_mode",
        "channel": f"{prefix}source",
    }


def _cases(center, first, last, start, end):
    from govhall.cases.models import Case, CaseStatus, CaseStep, Step

    cases = Case.objects.filter(center=center)
    steps = CaseStep.objects.filter(case__center=center, at__gte=start, at__lt=end)

    def stepped(step):
        return Count("case", filter=Q(step=step), distinct=True)

    closed_day = _local_date("closed_at")
    return [
        Source(
            cases.filter(received_at__gte=start, received_at__lt=end),
            {"received": Count("pk")},
            _case_keys(),
            day="@received_at",
        ),
        Source(
            cases.filter(accepted_on__range=(first, last)),
            {
                "accepted": Count("pk"),
                "immediate": Count("pk", filter=Q(approval_mode="instant")),
                "online": Count("pk", filter=Q(approval_mode="remote")),
            },
            _case_keys(),
            day="accepted_on",
        ),
        Source(
            cases.filter(status=CaseStatus.COMPLETED, closed_at__gte=start, closed_at__lt=end),
            {
                "completed": Count("pk"),
                "on_time": Count(
                    "pk", filter=Q(due_date__isnull=True) | Q(due_date__gte=closed_day)
                ),
                "late": Count("pk", filter=Q(due_date__lt=closed_day)),
            },
            _case_keys(),
            day="@closed_at",
        ),
        # Overdue on the day after the due date: neither decided nor closed
        # before that day began.
        Source(
            cases.filter(
                accepted_on__isnull=False,
                due_date__range=(first - dt.timedelta(days=1), last - dt.timedelta(days=1)),
            )
            .annotate(decided_day=_local_date("decided_at"), closed_day=closed_day)
            .filter(Q(decided_at__isnull=True) | Q(decided_day__gt=F("due_date")))
            .filter(Q(closed_at__isnull=True) | Q(closed_day__gt=F("due_date"))),
            {"overdue": Count("pk")},
            _case_keys(),
            day="due_date",
            shift=1,
        ),
        Source(
            steps.filter(
                step__in=(Step.SUPPLEMENT_REQUESTED, Step.REFUSED, Step.WITHDRAWN, Step.TERMINATED)
            ),
            {
                "supplement": stepped(Step.SUPPLEMENT_REQUESTED),
                "refused": stepped(Step.REFUSED),
                "withdrawn": stepped(Step.WITHDRAWN),
                "terminated": stepped(Step.TERMINATED),
            },
            _case_keys("case__"),
            day="@at",
        ),
    ]


def _evaluations(center, first, last, start, end):
    from govhall.feedback.models import Evaluation, Finding
    from govhall.feedback.selectors.evaluations import SATISFIED_LEVELS

    bad = Q(rectification__isnull=False)
    return [
        Source(
            Evaluation.objects.filter(center=center, rated_at__gte=start, rated_at__lt=end),
            {
                "count": Count("pk"),
                "satisfied": Count("pk", filter=Q(level__in=SATISFIED_LEVELS)),
                "bad": Count("pk", filter=bad),
                "bad_real_name": Count("pk", filter=bad & Q(rectification__real_name=True)),
                "bad_real_name_replied": Count(
                    "pk",
                    filter=Q(
                        rectification__real_name=True, rectification__replied_at__isnull=False
                    ),
                ),
                "bad_objective": Count("pk", filter=Q(rectification__finding=Finding.OBJECTIVE)),
                "bad_objective_rectified": Count(
                    "pk",
                    filter=Q(
                        rectification__finding=Finding.OBJECTIVE,
                        rectification__rectified_at__isnull=False,
                    ),
                ),
            },
            {
                "channel": "channel",
                "staff": "staff_id",
                "item": "item_id",
                "department": "department_id",
                "window": "window_id",
            },
            day="@rated_at",
        )
    ]


def _complaints(center, first, last, start, end):
    from govhall.feedback.models import Complaint

    qs = Complaint.objects.filter(center=center)
    keys = {"channel": "channel"}

    def on_time(at: str):  # answered by the promised date
        return Count("pk", filter=Q(reply_due__gte=_local_date(at)))

    return [
        Source(
            qs.filter(received_at__gte=start, received_at__lt=end),
            {"received": Count("pk")},
            keys,
            day="@received_at",
        ),
        Source(
            qs.filter(closed_at__gte=start, closed_at__lt=end),
            {"closed": Count("pk"), "closed_on_time": on_time("closed_at")},
            keys,
            day="@closed_at",
        ),
        Source(
            qs.filter(replied_at__gte=start, replied_at__lt=end),
            {"replied": Count("pk"), "replied_on_time": on_time("replied_at")},
            keys,
            day="@replied_at",
        ),
    ]


def _assist(center, first, last, start, end):
    from govhall.assist.models import AssistRequest

    qs = AssistRequest.objects.filter(center=center)
    keys = {"kind": "kind"}
    return [
        Source(
            qs.filter(requested_at__gte=start, requested_at__lt=end),
            {"requests": Count("pk")},
            keys,
            day="@requested_at",
        ),
        Source(
            qs.filter(done_at__gte=start, done_at__lt=end),
            {"done": Count("pk")},
            keys,
            day="@done_at",
        ),
    ]


def _printing(center, first, last, start, end):
    from govhall.convenience.printing.models import JobStatus, PrintJob

    done = Q(status=JobStatus.DONE)
    return [
        Source(
            PrintJob.objects.filter(center=center, day__range=(first, last)),
            {
                "jobs": Count("pk", filter=done),
                "sheets": Sum("sheets", filter=done),
                "refused": Count("pk", filter=Q(status=JobStatus.REFUSED)),
            },
            {},
            day="day",
        )
    ]


def _deliveries(center, first, last, start, end):
    from govhall.convenience.delivery.models import Parcel

    qs = Parcel.objects.filter(center=center)
    return [
        Source(
            qs.filter(**{f"{at}__gte": start, f"{at}__lt": end}),
            {metric: Count("pk")},
            {},
            day=f"@{at}",
        )
        for at, metric in (
            ("created_at", "parcels"),
            ("delivered_at", "delivered"),
            ("returned_at", "returned"),
        )
    ]


def _enquiries(center, first, last, start, end):
    from govhall.knowledge.enquiries.models import Enquiry

    qs = Enquiry.objects.filter(center=center)
    keys = {"channel": "channel"}
    late = Q(called_back_at__isnull=True) | Q(called_back_at__gt=F("callback_due"))
    return [
        Source(
            qs.filter(created_at__gte=start, created_at__lt=end),
            {"received": Count("pk")},
            keys,
            day="@created_at",
        ),
        Source(
            qs.filter(closed_at__gte=start, closed_at__lt=end),
            {"closed": Count("pk")},
            keys,
            day="@closed_at",
        ),
        Source(
            qs.filter(callback_due__gte=start, callback_due__lt=end),
            {"callback_overdue": Count("pk", filter=late)},
            keys,
            day="@callback_due",
        ),
    ]


_SOURCES = {
    "tickets": _tickets,
    "bookings": _bookings,
    "cases": _cases,
    "evaluations": _evaluations,
    "complaints": _complaints,
    "assist": _assist,
    "printing": _printing,
    "deliveries": _deliveries,
    "enquiries": _enquiries,
}


def compute_range(
    center: Center, first: dt.date, last: dt.date, subjects: list[str] | None = None
) -> dict[dt.date, list]:
    """day -> compute_day's rows, for every day from first to last inclusive
    that had activity, in one pass over each source."""
    from .labels import label_for

    start, end = day_bounds(first)[0], day_bounds(last)[1]
    days: dict[dt.date, list] = {}
    for subject in subjects or SUBJECTS:
        sources = _SOURCES[subject](center, first, last, start, end)
        for dimension in SUBJECTS[subject]:
            merged: dict[tuple[dt.date, str], dict] = {}
            for source in sources:
                for at, metrics in _group(source, dimension).items():
                    if first <= at[0] <= last:
                        merged.setdefault(at, {}).update(metrics)
            labels = label_for(center, subject, dimension, sorted({k for _, k in merged}))
            for day, key in sorted(merged):
                if merged[day, key]:
                    row = (subject, dimension, key, labels.get(key, key), merged[day, key])
                    days.setdefault(day, []).append(row)
    return days


def compute_day(center: Center, day: dt.date, subjects: list[str] | None = None) -> list:
    return compute_range(center, day, day, subjects).get(day, [])
