"""What every case service shares: who may act, the records each change writes
(step, event, notice, SMS) and the clock."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    InvalidTransition,
    PermissionDenied,
)
from govhall.core.events import emit
from govhall.core.models import Center, Department, Membership, Role, User
from govhall.core.notify import notify
from govhall.core.notify import official as _official
from govhall.core.workdays import WorkingCalendar
from govhall.hall import selectors as hall_selectors
from govhall.hall.models import Window

from .. import documents
from ..models import (
    CLOCK_RUNNING,
    Case,
    CaseStatus,
    CaseStep,
    Document,
    ParallelAnswer,
    ParallelTask,
    Step,
    WarningLevel,
)

log = logging.getLogger(__name__)

CHECK_CODE_DIGITS = 8
MAX_TEXT = 2000
MAX_SIGNATURE = 200_000  # a signature pad's image as a data URL


# --- who may act ---------------------------------------------------------------


def _require_clerk(actor: Actor, center: Center) -> None:
    """Window work: the centre's clerks, or the terminal token of one of its windows."""
    actor.require(center, "case.intake")


def _acting_user(actor: Actor) -> User | None:
    """The person behind the action; for a window token, the clerk on duty there."""
    if actor.user is not None:
        return actor.user
    if actor.window_id:
        return hall_selectors.serving_user(Window.objects.get(pk=actor.window_id))
    return None


def _reviews_for(user: User, center: Center, department: Department | int) -> bool:
    department_id = department if isinstance(department, int) else department.pk
    return Membership.objects.filter(
        user=user, role=Role.REVIEWER, center=center, department_id=department_id
    ).exists()


def is_reviewer(actor: Actor, center: Center, department: Department | int) -> bool:
    """A back-office reviewer of `department` at `center` (a membership, not just
    any reviewer role: one department never decides another's cases)."""
    if actor.is_superuser:
        return True
    if actor.user is None or not actor.can_see(center):
        return False
    return _reviews_for(actor.user, center, department)


def _require_reviewer(actor: Actor, case: Case, department: Department | None = None) -> None:
    actor.require(case.center, "case.review")
    if not is_reviewer(actor, case.center, department or case.department):
        raise PermissionDenied(
            _("只有该办件所属部门的后台审批人员可以办理"), code="forbidden_department"
        )


def _lock(case: Case) -> Case:
    # of=self: the joined centre, item and department rows stay unlocked.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("center", "department", "item", "version")
        .get(pk=case.pk)
    )


def _require_status(case: Case, *allowed: str) -> None:
    if case.status not in allowed:
        raise InvalidTransition(
            _("办件当前状态为“%(status)s”，不能执行此操作") % {"status": case.get_status_display()}
        )


def _precheck(case: Case, *allowed: str) -> None:
    """The state machine's answer before validating input (checked again under
    the lock): a step out of order is a 409 whatever the body says."""
    case.refresh_from_db(fields=["status"])
    _require_status(case, *allowed)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# --- records every change writes ---------------------------------------------------


def _step(
    case: Case,
    step: str,
    *,
    at: dt.datetime,
    actor: Actor | None = None,
    user: User | None = None,
    department: Department | None = None,
    note: str = "",
) -> CaseStep:
    return CaseStep.objects.create(
        case=case,
        step=step,
        at=at,
        actor=user or (_acting_user(actor) if actor is not None else None),
        department=department,
        note=note[:MAX_TEXT],
    )


def _emit(kind: str, case: Case, **extra) -> None:
    payload = {
        "case": case.pk,
        "number": case.number,
        "status": case.status,
        "item": case.item.code,
        "department": case.department.code,
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "due_date_provisional": case.due_date_provisional,
        **extra,
    }
    emit(kind, center=case.center, aggregate=case, payload=payload)


def _issue(case: Case, kind: str, *, at: dt.datetime, **context) -> Document:
    pdf = documents.render(kind, case, when=at, **context)
    return Document.objects.create(
        case=case, kind=kind, content=pdf, sha256=hashlib.sha256(pdf).hexdigest(), created_at=at
    )


def _sms(case: Case, key: str, template, **params) -> None:
    notify(
        center=case.center,
        key=f"case:{case.pk}:{key}",
        channel="sms",
        recipient=case.phone,
        body=_official(template, center=case.center.name, number=case.number, **params),
    )


# --- the clock -------------------------------------------------------------------

DUE_FIELDS = ["due_date", "due_date_provisional", "warning", "warned_at"]


def _recompute_due(case: Case, cal: WorkingCalendar) -> None:
    """Committed days, plus the extension, plus the working days a special
    procedure stopped the clock, counted from the day after acceptance."""
    old = case.due_date, case.due_date_provisional
    days = case.committed_days + case.extension_days + case.suspended_days
    case.due_date, case.due_date_provisional = cal.deadline(case.accepted_on, days)
    if old[0] is not None and (case.due_date, case.due_date_provisional) != old:
        case.warning, case.warned_at = WarningLevel.NONE, None  # the sweep looks again
        # Parallel departments answer within the case's limit: theirs moves with it.
        ParallelTask.objects.filter(case=case, answer=ParallelAnswer.PENDING).update(
            due_date=case.due_date, due_date_provisional=case.due_date_provisional
        )


@transaction.atomic
def provisional_recompute(*, actor: Actor | None = None) -> int:
    """The holiday table gained or changed a year: every open case whose dates
    were counted on weekdays alone (预计) is counted again on the table, each
    change an event and, when the date moved, a text to the applicant."""
    cal, changed = WorkingCalendar(), 0
    running = Case.objects.select_for_update().filter(
        status__in=(*CLOCK_RUNNING, CaseStatus.SUSPENDED),
        due_date_provisional=True,
        accepted_on__isnull=False,
    )
    for case in running.select_related("center", "item", "department"):
        old = case.due_date
        _recompute_due(case, cal)
        if (case.due_date, case.due_date_provisional) == (old, True):
            continue  # still counted over a missing year: nothing to tell anyone
        case.save(update_fields=DUE_FIELDS)
        _emit("case.due_recomputed", case, previous=old.isoformat())
        if case.due_date != old:
            _sms(
                case,
                f"due:{case.due_date.isoformat()}",
                _("【%(center)s】按国家节假日安排，您的办件%(number)s承诺办结日期调整为%(due)s。"),
                due=case.due_date.isoformat(),
            )
        changed += 1
    committed = Case.objects.select_for_update().filter(
        status=CaseStatus.COMMITTED, commitment_due_provisional=True
    )
    for case in committed.select_related("center", "item", "department"):
        old = case.commitment_due
        days = center_setting(case.center, "cases.commitment_days")
        signed = timezone.localdate(case.commitment_signed_at)
        case.commitment_due, case.commitment_due_provisional = cal.deadline(signed, days)
        if (case.commitment_due, case.commitment_due_provisional) == (old, True):
            continue
        case.save(update_fields=["commitment_due", "commitment_due_provisional"])
        _emit("case.commitment_due_recomputed", case, previous=old.isoformat())
        changed += 1
    waiting = Case.objects.select_for_update().filter(
        status=CaseStatus.SUPPLEMENT, supplement_due_provisional=True
    )
    for case in waiting.select_related("center", "item", "department"):
        old = case.supplement_due
        days = center_setting(case.center, "cases.supplement_days")
        notified = timezone.localdate(
            case.steps.filter(step=Step.SUPPLEMENT_REQUESTED).latest("at").at
        )
        case.supplement_due, case.supplement_due_provisional = cal.deadline(notified, days)
        if (case.supplement_due, case.supplement_due_provisional) == (old, True):
            continue
        case.save(update_fields=["supplement_due", "supplement_due_provisional"])
        _emit("case.supplement_due_recomputed", case, previous=old.isoformat())
        changed += 1
    # Art. 44's days from the decision, for results not yet handed out.
    awaiting = Case.objects.select_for_update().filter(
        status__in=(CaseStatus.DECIDED, CaseStatus.COMMITTED),
        certificate_due_provisional=True,
        decided_at__isnull=False,
    )
    for case in awaiting.select_related("center", "item", "department"):
        old = case.certificate_due
        days = center_setting(case.center, "cases.certificate_days")
        decided = timezone.localdate(case.decided_at)
        case.certificate_due, case.certificate_due_provisional = cal.deadline(decided, days)
        if (case.certificate_due, case.certificate_due_provisional) == (old, True):
            continue
        case.save(update_fields=["certificate_due", "certificate_due_provisional"])
        _emit("case.certificate_due_recomputed", case, previous=old.isoformat())
        changed += 1
    return changed


def on_calendar_changed(sender, *, actor: Actor | None = None, **kwargs) -> dict[str, int]:
    """Receiver of core.workdays.calendar_changed (connected in apps.py)."""
    return {"cases": provisional_recompute(actor=actor)}
