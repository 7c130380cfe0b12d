"""Reads of cases: always through an Actor's scope, except the public progress,
which needs the case number and its check code and shows no personal data."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core import throttle
from govhall.core.actors import Actor
from govhall.core.errors import DomainError, NotFound
from govhall.core.identity import normalise_typed_code
from govhall.core.models import Center, Membership, Role
from govhall.core.selectors import center_by_code
from govhall.core.workdays import WorkingCalendar

from .models import (
    CLOCK_RUNNING,
    OPEN,
    Case,
    CaseStatus,
    ParallelAnswer,
    ParallelTask,
    Payment,
    PaymentMethod,
    Step,
)

# Internal steps the public timeline leaves out.
_PRIVATE_STEPS = {Step.EXTENSION_REQUESTED}


def usable_key(value: str | None, limit: int = 48) -> str:
    """A code or number from a URL or body, fit to look up: PostgreSQL refuses a
    NUL character in a query parameter (an error, not an empty result), so such
    input is simply not found."""
    if not value or len(value) > limit or "\x00" in value:
        raise NotFound(_("对象不存在或无权访问"))
    return value


def center_for(code: str) -> Center:
    return center_by_code(usable_key(code, 32))


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related("center", "item", "version", "department")


def readable(actor: Actor, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases the actor may read (capabilities.TABLE): centre-wide readers
    (clerks, the centre admin, the district supervisor) every case of their
    centres; a reviewer those of their own departments at that centre, led or
    forwarded for a parallel answer; a window token those taken in at its window.
    Every other device and role: none."""
    qs = _cases() if queryset is None else queryset
    if actor.is_superuser:
        return qs
    rule = Q(center__in=actor.centers_with("case.read"))
    dept_centers = actor.centers_with("case.read.department")
    if dept_centers and actor.user is not None:
        pairs = Membership.objects.filter(
            user=actor.user, role=Role.REVIEWER, center__in=dept_centers, department__isnull=False
        ).values_list("center_id", "department_id")
        for center_id, department_id in pairs:
            forwarded = ParallelTask.objects.filter(department=department_id).values("case_id")
            rule |= Q(center=center_id) & (Q(department=department_id) | Q(pk__in=forwarded))
    window_centers = actor.centers_with("case.read.window")
    if window_centers and actor.window_id:
        rule |= Q(center__in=window_centers, window=actor.window_id)
    return qs.filter(rule)


def case_for_actor(actor: Actor, number: str) -> Case:
    """A case the actor may read; any other case, of this centre or another, is
    the same 404 as a missing one (case numbers are sequential)."""
    case = readable(actor).filter(number=usable_key(number)).first()
    if case is None:
        raise NotFound(_("对象不存在或无权访问"))
    return case


def public_timeline(case: Case) -> list[dict]:
    return [
        {"step": s.step, "label": str(Step(s.step).label), "at": s.at}
        for s in case.steps.all()
        if s.step not in _PRIVATE_STEPS
    ]


def case_progress(number: str, check_code: str, *, address: str) -> Case:
    """The case for a number and its check code; a wrong code looks exactly like
    an unknown number. Wrong codes are counted per (address, number) and per
    address, never per number alone, so a stranger guessing cannot lock the
    applicant out of their own case; the API's rate limit comes on top. Both are
    read as people type them from a notice: lower case, spaces, full width."""
    number = normalise_typed_code(number if isinstance(number, str) else "")
    check_code = normalise_typed_code(check_code if isinstance(check_code, str) else "")
    per_case = ("progress", address, number)
    per_address = ("progress", address)
    if (
        throttle.failures(*per_case) >= settings.GOVHALL_PROGRESS_FAILURES_PER_CASE
        or throttle.failures(*per_address) >= settings.GOVHALL_PROGRESS_FAILURES_PER_ADDRESS
    ):
        raise DomainError(
            _("查询失败次数过多，请一小时后再试"), code="too_many_attempts", status=429
        )
    usable = number and len(number) <= 48 and "\x00" not in number
    case = _cases().filter(number=number).first() if usable else None
    if case is None or not secrets.compare_digest(
        case.check_code.upper().encode(), check_code.encode()
    ):
        seconds = settings.GOVHALL_PROGRESS_FAILURE_SECONDS
        throttle.failure_add(*per_case, seconds=seconds)
        throttle.failure_add(*per_address, seconds=seconds)
        raise NotFound(_("办件编号或查询码不正确"), code="case_not_found")
    return case


def reviewer_departments(actor: Actor, center: Center) -> set[int]:
    if actor.user is None:
        return set()
    return set(
        Membership.objects.filter(
            user=actor.user, role=Role.REVIEWER, center=center, department__isnull=False
        ).values_list("department_id", flat=True)
    )


def clock(case: Case, today: dt.date | None = None, cal: WorkingCalendar | None = None) -> dict:
    """Working days left on the case's clock (negative when overdue)."""
    today = today or timezone.localdate()
    if case.due_date is None or case.status not in (*CLOCK_RUNNING, CaseStatus.SUSPENDED):
        return {"running": False, "days_left": None, "provisional": False}
    left = (cal or WorkingCalendar()).working_days_between(today, case.due_date)
    return {
        "running": case.status in CLOCK_RUNNING,
        "days_left": left,
        "provisional": case.due_date_provisional,
    }


def reviewer_worklist(actor: Actor, center: Center) -> list[Case]:
    """Cases waiting for the actor's departments at `center`: those they lead and
    those forwarded to them for a parallel answer, the nearest due date first."""
    return _with_clocks(_for_review(actor, center).order_by("due_date", "received_at"))


def _for_review(actor: Actor, center: Center) -> QuerySet[Case]:
    actor.require(center, "case.review", "case.oversee")
    cases = actor.scoped(_cases().filter(center=center)).filter(
        status__in=(*CLOCK_RUNNING, CaseStatus.SUSPENDED)
    )
    if not actor.can(center, "case.oversee"):  # the admin oversees every department
        departments = reviewer_departments(actor, center)
        pending = ParallelTask.objects.filter(
            department__in=departments, answer=ParallelAnswer.PENDING
        ).values("case_id")
        cases = cases.filter(Q(department__in=departments) | Q(pk__in=pending))
    return cases


def open_cases(actor: Actor, center: Center) -> list[Case]:
    """Every open case of the centre with its clock (the centre admin's view)."""
    return _with_clocks(_open(actor, center).order_by("due_date", "received_at"))


def _open(actor: Actor, center: Center) -> QuerySet[Case]:
    actor.require(center, "case.oversee")
    return actor.scoped(_cases().filter(center=center, status__in=OPEN))


# The workbench's numbers: counted in the database, no clocks computed.
def review_count(actor: Actor, center: Center) -> int:
    return _for_review(actor, center).count()


def open_count(actor: Actor, center: Center) -> int:
    return _open(actor, center).count()


def _with_clocks(cases) -> list[Case]:
    cal, today = WorkingCalendar(), timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.clock = clock(case, today, cal)
    return rows


def window_receipts(center: Center, day: dt.date) -> dict:
    """The day's fees per window (002 二(七)): what each window took by method
    and refunded — the figures the clerk's drawer and the bank window's
    statement are checked against at closing."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    paid = Payment.objects.filter(case__center=center, paid_at__gte=start, paid_at__lt=end)
    refunded = Payment.objects.filter(
        case__center=center, refunded_at__gte=start, refunded_at__lt=end
    )
    rows: dict = {}

    def row(window):
        key = window.pk if window else None
        return rows.setdefault(
            key,
            {
                "window": window,
                "count": 0,
                "methods": {m: Decimal(0) for m in PaymentMethod.values},
                "refunds": Decimal(0),
            },
        )

    for p in paid.select_related("window"):
        r = row(p.window)
        r["count"] += 1
        r["methods"][p.method] += p.amount
    for p in refunded.select_related("window"):
        row(p.window)["refunds"] += p.amount
    for r in rows.values():
        r["received"] = sum(r["methods"].values(), Decimal(0))
        r["net"] = r["received"] - r["refunds"]
    ordered = sorted(
        rows.values(), key=lambda r: (r["window"] is None, getattr(r["window"], "number", 0))
    )
    return {
        "day": day,
        "rows": ordered,
        "totals": {
            "count": sum(r["count"] for r in ordered),
            "received": sum((r["received"] for r in ordered), Decimal(0)),
            "refunds": sum((r["refunds"] for r in ordered), Decimal(0)),
            "net": sum((r["net"] for r in ordered), Decimal(0)),
        },
        "methods": PaymentMethod.choices,
    }


def closing_comparison(center: Center, day: dt.date) -> list[dict]:
    """What the cases recorded against what was counted at closing (日结对账):
    cash and card per window, the bank window's and the online statements for
    the centre. `expected` is the day's payments less its refunds by method;
    `difference` is counted − expected (None while nothing is counted)."""
    from .closing_models import ClosingCount
    from .services.closing_count import PER_WINDOW

    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    scope = Payment.objects.filter(case__center=center)
    expected: dict = {}

    def add(window_id, method, amount):
        key = (window_id if method in PER_WINDOW else None, method)
        expected[key] = expected.get(key, Decimal(0)) + amount

    for p in scope.filter(paid_at__gte=start, paid_at__lt=end):
        add(p.window_id, p.method, p.amount)
    for p in scope.filter(refunded_at__gte=start, refunded_at__lt=end):
        add(p.window_id, p.method, -p.amount)
    counts = {
        (c.window_id, c.method): c
        for c in ClosingCount.objects.filter(center=center, day=day).select_related(
            "window", "counted_by"
        )
    }
    windows = {w.pk: w for w in center.windows.all()}
    labels = dict(PaymentMethod.choices)
    rows = []
    for window_id, method in sorted(
        set(expected) | set(counts),
        key=lambda k: (k[0] is None, getattr(windows.get(k[0]), "number", 0), k[1]),
    ):
        want = expected.get((window_id, method), Decimal(0)).quantize(Decimal("0.01"))
        count = counts.get((window_id, method))
        rows.append(
            {
                "window": windows.get(window_id),
                "method": method,
                "method_label": labels.get(method, method),
                "expected": want,
                "count": count,
                "difference": None if count is None else count.counted - want,
            }
        )
    return rows


def countable_lines(center: Center) -> dict:
    """The choices of the closing-count form: the windows for cash and card, and
    the methods read from a centre-wide statement."""
    from .services.closing_count import PER_CENTER, PER_WINDOW

    labels = dict(PaymentMethod.choices)
    return {
        "windows": list(center.windows.order_by("number")),
        "per_window": [(m, labels[m]) for m in PER_WINDOW],
        "per_center": [(m, labels[m]) for m in PER_CENTER],
    }


def awaiting_handout(actor: Actor, center: Center) -> list[Case]:
    """Decided cases whose result has not left yet (待出件), the nearest art. 44
    certificate date first, with the working days left (negative: late) and
    what is still owed."""
    from .services.fees import outstanding

    actor.require(center, "case.read")
    cal, today = WorkingCalendar(), timezone.localdate()
    rows = list(
        actor.scoped(_cases().filter(center=center, status=CaseStatus.DECIDED)).order_by(
            "certificate_due", "decided_at"
        )
    )
    for case in rows:
        case.certificate_left = (
            cal.working_days_between(today, case.certificate_due) if case.certificate_due else None
        )
        case.certificate_late = -case.certificate_left if (case.certificate_left or 0) < 0 else 0
        case.fee_outstanding = outstanding(case)
    return rows


def awaiting_handout_late(actor: Actor, center: Center) -> int:
    """The workbench's number: results past their certificate date."""
    if not actor.can(center, "case.read"):
        return 0
    return (
        actor.scoped(_cases().filter(center=center, status=CaseStatus.DECIDED))
        .filter(certificate_due__lt=timezone.localdate())
        .count()
    )
