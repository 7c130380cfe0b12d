"""supervision: every change of state of a finding, keyword-only, in a transaction.

`supervision_run` runs the checks (checks.CHECKS) and opens one finding per
problem it sees for the first time; `actor=None` is the system (the morning
job). Close-out is the owner's or the centre admin's (supervision.handle);
verification and reassignment are the admin's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, User
from govhall.core.workdays import WorkingCalendar

from . import checks
from .models import Finding, FindingState

NOTE_MAX = 2000
HANDLE = "supervision.handle"


@dataclass
class RunResult:
    opened: list[Finding] = field(default_factory=list)
    still_open: int = 0
    cause_gone: list[Finding] = field(default_factory=list)


def _payload(f: Finding) -> dict:
    # Case numbers and item codes, never a name: events carry no personal data.
    return {"finding": f.pk, "kind": f.kind, "ref": f.ref, "state": f.state}


def finding_deadline(center: Center, opened_on: dt.date, cal: WorkingCalendar | None = None):
    """(date, provisional): `supervision.fix_days` working days after the day found."""
    days = center_setting(center, "supervision.fix_days")
    return (cal or WorkingCalendar()).deadline(opened_on, days)


def _open(center: Center, problem: checks.Problem, day: dt.date, now: dt.datetime, cal):
    due, provisional = finding_deadline(center, day, cal)
    try:
        with transaction.atomic():  # a savepoint: a twin run's row wins, this one skips
            finding = Finding.objects.create(
                center=center,
                kind=problem.kind,
                ref=problem.ref,
                key=problem.key[:120],
                subject=problem.subject[:200],
                detail=problem.detail[:2000],
                owner=problem.owner,
                deadline=due,
                deadline_provisional=provisional,
                opened_on=day,
                opened_at=now,
            )
    except IntegrityError:
        return None
    emit("supervision.finding_opened", center=center, aggregate=finding, payload=_payload(finding))
    return finding


@transaction.atomic
def supervision_run(
    *,
    center: Center,
    day: dt.date | None = None,
    actor: Actor | None = None,
    now: dt.datetime | None = None,
) -> RunResult:
    """Run every check for `center` on `day` (safe to run twice: a standing
    problem keeps its one finding; a standing finding whose problem is no longer
    seen is marked cause gone and still waits for its close-out)."""
    if actor is not None:
        actor.require(center, HANDLE)
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    # The centre's row first, so two runs at once take turns.
    Center.objects.select_for_update().filter(pk=center.pk).first()
    cal, result = WorkingCalendar(), RunResult()
    standing = {f.key: f for f in Finding.objects.filter(center=center, cause_gone_at__isnull=True)}
    for check in checks.CHECKS:
        seen = set()
        for problem in check.run(center, day, now):
            if problem.key in seen:
                continue
            seen.add(problem.key)
            if problem.key in standing:
                result.still_open += standing[problem.key].state == FindingState.OPEN
                continue
            finding = _open(center, problem, day, now, cal)
            if finding is not None:
                result.opened.append(finding)
        if not check.standing:
            continue
        for key, finding in standing.items():
            if finding.kind == check.kind and key not in seen:
                finding.cause_gone_at = now
                finding.save(update_fields=["cause_gone_at"])
                emit(
                    "supervision.cause_gone",
                    center=center,
                    aggregate=finding,
                    payload=_payload(finding),
                )
                result.cause_gone.append(finding)
    emit(
        "supervision.run",
        center=center,
        payload={
            "day": day.isoformat(),
            "opened": len(result.opened),
            "cause_gone": len(result.cause_gone),
        },
    )
    if actor is not None:
        audit("supervision.run", actor=actor, center=center, detail={"day": day.isoformat()})
    return result


def _lock(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().select_related("center").get(pk=finding.pk)


def _see(actor: Actor, finding: Finding) -> None:
    # Another centre's finding does not exist for this actor.
    if not actor.can_see(finding.center):
        raise NotFound(_("未找到该监督发现"), code="finding_not_found")


def _note(note: str, *, required: bool) -> str:
    note = (note or "").strip() if isinstance(note, str) else None
    if note is None:
        raise ValidationFailed(_("整改情况格式不正确"), fields={"note": _("应为文字")})
    if required and not note:
        raise ValidationFailed(
            _("请填写整改情况"), code="note_required", fields={"note": _("必填")}
        )
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("内容过长"), fields={"note": _("不超过%(n)d字") % {"n": NOTE_MAX}})
    return note


@transaction.atomic
def finding_close(
    *, actor: Actor, finding: Finding, note: str, now: dt.datetime | None = None
) -> Finding:
    """The owner (or the centre admin) reports the problem handled, with a note."""
    _see(actor, finding)
    finding = _lock(finding)  # the owner as it stands now, not as the caller read it
    is_owner = actor.user is not None and actor.user.pk == finding.owner_id
    if not is_owner:
        actor.require(finding.center, HANDLE)
    note = _note(note, required=True)
    if finding.state != FindingState.OPEN:
        raise InvalidTransition(_("该问题已整改"), code="finding_not_open")
    finding.state = FindingState.CLOSED
    finding.close_note = note
    finding.closed_at = now or timezone.now()
    finding.closed_by = actor.user
    finding.save()
    emit(
        "supervision.finding_closed",
        center=finding.center,
        aggregate=finding,
        payload=_payload(finding),
    )
    audit("supervision.finding_closed", actor=actor, center=finding.center, obj=finding)
    return finding


@transaction.atomic
def finding_verify(*, actor: Actor, finding: Finding, now: dt.datetime | None = None) -> Finding:
    """The admin confirms a close-out (optional step); never one's own."""
    _see(actor, finding)
    actor.require(finding.center, HANDLE)
    finding = _lock(finding)
    if finding.state != FindingState.CLOSED:
        raise InvalidTransition(_("只有已整改的问题可以核实"), code="finding_not_closed")
    if actor.user is not None and actor.user.pk == finding.closed_by_id:
        raise PermissionDenied(_("不能核实自己的整改"), code="verify_own")
    finding.state = FindingState.VERIFIED
    finding.verified_at = now or timezone.now()
    finding.verified_by = actor.user
    finding.save()
    emit(
        "supervision.finding_verified",
        center=finding.center,
        aggregate=finding,
        payload=_payload(finding),
    )
    audit("supervision.finding_verified", actor=actor, center=finding.center, obj=finding)
    return finding


@transaction.atomic
def finding_reassign(
    *, actor: Actor, finding: Finding, owner: User | None, deadline: dt.date | None = None
) -> Finding:
    """Name another owner (a member of the centre) and, optionally, a new deadline."""
    _see(actor, finding)
    actor.require(finding.center, HANDLE)
    if owner is None or not (
        owner.is_active and Membership.objects.filter(center=finding.center, user=owner).exists()
    ):
        raise ValidationFailed(
            _("责任人须是本中心在岗人员"), code="owner_not_staff", fields={"owner": _("无效")}
        )
    if deadline is not None and not isinstance(deadline, dt.date):
        raise ValidationFailed(_("整改期限无效"), fields={"deadline": _("无效的日期")})
    finding = _lock(finding)
    if finding.state != FindingState.OPEN:
        raise InvalidTransition(_("只有待整改的问题可以改派"), code="finding_not_open")
    if deadline is not None and deadline < finding.opened_on:
        raise ValidationFailed(
            _("整改期限不能早于发现日期"), fields={"deadline": _("早于发现日期")}
        )
    finding.owner = owner
    if deadline is not None:
        finding.deadline, finding.deadline_provisional = deadline, False
    finding.save(update_fields=["owner", "deadline", "deadline_provisional"])
    emit(
        "supervision.finding_reassigned",
        center=finding.center,
        aggregate=finding,
        payload=_payload(finding),
    )
    audit("supervision.finding_reassigned", actor=actor, center=finding.center, obj=finding)
    return finding


def supervision_run_all(*, day: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """The morning job: every active centre, on a working day. Returns findings opened."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    if not WorkingCalendar().is_working_day(day):
        return 0
    opened = 0
    for center in Center.objects.filter(is_active=True).order_by("pk"):
        opened += len(supervision_run(center=center, day=day, now=now).opened)
    return opened
