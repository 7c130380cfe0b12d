"""Cases that end without the result asked for, other than refusal:

- 撤回: the applicant withdraws the application before the decision (their
  right until then); the originals go back to them, the copies stay on file;
- 终止: nobody is left to decide for — the applicant died, or the company was
  dissolved — before the decision;
- a 告知承诺 that the check afterwards finds false (国办发〔2020〕42号): the
  decision made on the promise is revoked and the credit record written, as
  for promised materials that never came (commitment.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.notify import official as _official

from ..models import (
    WITHDRAWABLE,
    Case,
    CaseStatus,
    Delivery,
    DocumentKind,
    Step,
    Suspension,
    TerminationGround,
)
from .base import (
    MAX_TEXT,
    _emit,
    _issue,
    _lock,
    _now,
    _precheck,
    _require_clerk,
    _require_status,
    _sms,
    _step,
    is_reviewer,
)
from .closing import _close
from .commitment import credit_record
from .intake import _clean_text, _outstanding


def _end_suspension(case: Case, today: dt.date) -> None:
    """A special procedure open when the case ends ends with it."""
    Suspension.objects.filter(case=case, ended_on__isnull=True).update(ended_on=today)


@transaction.atomic
def case_withdraw(*, actor: Actor, case: Case, reason: str, now: dt.datetime | None = None) -> Case:
    """The applicant (or the proxy) asks at the window to withdraw, in writing,
    before the decision. The clock stops; a 撤回申请确认书 is issued and the case
    closes. After the decision there is nothing left to withdraw: 409."""
    _require_clerk(actor, case.center)
    _precheck(case, *WITHDRAWABLE)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, *WITHDRAWABLE)
    case.status = CaseStatus.WITHDRAWN
    case.ended_reason = reason
    case.save(update_fields=["status", "ended_reason"])
    _end_suspension(case, now.date())
    _step(case, Step.WITHDRAWN, at=now, actor=actor, note=reason)
    _issue(case, DocumentKind.WITHDRAWAL, at=now)
    _sms(
        case,
        "withdrawn",
        _("【%(center)s】您已撤回办件%(number)s的申请，原件已退还，如需办理可重新申请。"),
    )
    return _close(case, actor=actor, now=now, event="case.withdrawn")


def _require_terminator(actor: Actor, case: Case) -> None:
    """The window that took the case in, or the deciding department."""
    if actor.can(case.center, "case.intake"):
        return
    if actor.can(case.center, "case.review") and is_reviewer(actor, case.center, case.department):
        return
    raise PermissionDenied(_("只有受理窗口或承办部门可以终止办理"), code="forbidden")


@transaction.atomic
def case_terminate(
    *,
    actor: Actor,
    case: Case,
    ground: str,
    reason: str,
    now: dt.datetime | None = None,
) -> Case:
    """终止 on the death of the applicant or the end of the company, before the
    decision; or, for a 告知承诺 found false, the decision revoked (with its
    credit record), whether or not the result was already handed out."""
    _require_terminator(actor, case)
    if ground not in TerminationGround.values:
        raise ValidationFailed(_("终止情形无效"), fields={"ground": _("取值无效")})
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    if ground == TerminationGround.FALSE_PROMISE:
        return _revoke_false_promise(actor=actor, case=case, finding=reason, now=_now(now))
    _precheck(case, *WITHDRAWABLE)
    now = _now(now)
    case = _lock(case)
    _require_status(case, *WITHDRAWABLE)
    case.status = CaseStatus.TERMINATED
    case.ended_reason, case.termination_ground = reason, ground
    case.save(update_fields=["status", "ended_reason", "termination_ground"])
    _end_suspension(case, now.date())
    _step(case, Step.TERMINATED, at=now, actor=actor, note=reason)
    _issue(case, DocumentKind.TERMINATION, at=now)
    return _close(case, actor=actor, now=now, event="case.terminated")


def _revoke_false_promise(*, actor: Actor, case: Case, finding: str, now: dt.datetime) -> Case:
    if case.approval_mode != "notify_commit" or case.commitment_signed_at is None:
        raise ValidationFailed(
            _("该办件未以告知承诺方式办理"),
            code="not_a_commitment",
            fields={"ground": _("取值无效")},
        )
    # Still open (materials due, or the result not yet out) or already completed.
    allowed = (CaseStatus.COMMITTED, CaseStatus.DECIDED, CaseStatus.COMPLETED)
    _precheck(case, *allowed)
    case = _lock(case)
    _require_status(case, *allowed)
    was_closed = case.status == CaseStatus.COMPLETED
    case.status = CaseStatus.REVOKED
    case.ended_reason = finding
    case.termination_ground = TerminationGround.FALSE_PROMISE
    case.save(update_fields=["status", "ended_reason", "termination_ground"])
    credit_record(case, reason=_official(_("告知承诺不实：%(finding)s"), finding=finding), now=now)
    _step(case, Step.REVOKED, at=now, actor=actor, note=finding)
    _issue(case, DocumentKind.REVOCATION, at=now, promised=_outstanding(case), finding=finding)
    _sms(
        case,
        "revoked",
        _("【%(center)s】经核查，您办件%(number)s的告知承诺与实际不符，审批决定已依法撤销。"),
    )
    if was_closed:
        # Closed and archived before: the revocation is recorded and told; the
        # archive of the completed case stays as it was (it is immutable).
        # Its own kind: the closing events invite a rating, and this case had its own.
        _emit("case.revoked_after_completion", case)
        return case
    if not Delivery.objects.filter(case=case).exists():
        case.ready_at = None
        case.save(update_fields=["ready_at"])
    return _close(case, actor=actor, now=now, event="case.revoked")


@transaction.atomic
def case_supplement_lapse(*, case: Case, now: dt.datetime | None = None) -> Case:
    """The one-time notice's date passed and the materials never came: the
    application ends (逾期未补正), with a notice. Run by the sweep."""
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.SUPPLEMENT)
    if case.supplement_due is None or timezone.localdate(now) <= case.supplement_due:
        raise InvalidTransition(_("补正期限尚未届满"), code="supplement_not_due")
    case.status = CaseStatus.LAPSED
    case.save(update_fields=["status"])
    _step(case, Step.LAPSED, at=now)
    _issue(case, DocumentKind.SUPPLEMENT_LAPSED, at=now)
    _sms(
        case,
        "lapsed",
        _("【%(center)s】您的办件%(number)s未在补正期限内补齐材料，已终结办理，可重新申请。"),
    )
    return _close(case, actor=None, now=now, event="case.lapsed")
