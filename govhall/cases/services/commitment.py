"""告知承诺: the promised materials come in, or the decision is revoked."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import (
    InvalidTransition,
)
from govhall.core.notify import official as _official

from ..models import (
    Case,
    CaseStatus,
    CreditRecord,
    Delivery,
    DocumentKind,
    Step,
)
from .base import (
    _emit,
    _issue,
    _lock,
    _now,
    _require_clerk,
    _require_status,
    _sms,
    _step,
)
from .closing import (
    _close,
)
from .intake import (
    _outstanding,
    _recheck_outstanding,
)

# --- 告知承诺 ------------------------------------------------------------------------------


@transaction.atomic
def case_commitment_fulfil(
    *, actor: Actor, case: Case, materials: list[dict], now: dt.datetime | None = None
) -> Case:
    """The promised materials come in (all of them or some); once all are in,
    the case goes on to delivery or closes if already delivered."""
    _require_clerk(actor, case.center)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.COMMITTED)
    _recheck_outstanding(case, materials, now)
    if _outstanding(case):
        _step(case, Step.SUPPLEMENT_RETURNED, at=now, actor=actor)
        _emit("case.commitment_partly_fulfilled", case)
        return case
    case.commitment_fulfilled_at = now
    _step(case, Step.COMMITMENT_FULFILLED, at=now, actor=actor)
    if Delivery.objects.filter(case=case).exists():
        case.save(update_fields=["commitment_fulfilled_at"])
        return _close(case, actor=actor, now=now, event="case.completed")
    case.status = CaseStatus.DECIDED
    case.save(update_fields=["commitment_fulfilled_at", "status"])
    _emit("case.commitment_fulfilled", case)
    return case


def credit_record(case: Case, *, reason: str, now: dt.datetime) -> CreditRecord:
    """纳入诚信体系: the subject by its keyed ID hash or its public credit code."""
    return CreditRecord.objects.create(
        center=case.center,
        case=case,
        subject_kind=case.applicant_kind,
        subject_name=case.applicant_name,
        subject_key=case.credit_code or case.applicant_id_hash,
        reason=reason,
        created_at=now,
    )


@transaction.atomic
def case_commitment_lapse(*, case: Case, now: dt.datetime | None = None) -> Case:
    """The promised materials were not in by the deadline: the decision is
    revoked (撤销) and a credit-record entry is written (003 §四(二)2(3))."""
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.COMMITTED)
    if timezone.localdate(now) <= case.commitment_due:
        raise InvalidTransition(_("承诺期限尚未届满"), code="commitment_not_due")
    promised = _outstanding(case)
    case.status = CaseStatus.REVOKED
    case.save(update_fields=["status"])
    credit_record(
        case,
        reason=_official(
            _("告知承诺未履行：未在%(due)s前补交%(names)s"),
            due=case.commitment_due.isoformat(),
            names="、".join(m.name for m in promised),
        ),
        now=now,
    )
    _step(case, Step.REVOKED, at=now)
    _issue(case, DocumentKind.REVOCATION, at=now, promised=promised)
    _sms(
        case,
        "revoked",
        _("【%(center)s】您的办件%(number)s未按告知承诺期限补交材料，审批决定已依法撤销。"),
    )
    return _close(case, actor=None, now=now, event="case.revoked")
