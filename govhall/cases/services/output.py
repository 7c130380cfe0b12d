"""统一窗口出件 and reading the notices as issued."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core import crypto
from govhall.core.actors import Actor
from govhall.core.errors import (
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from govhall.core.events import audit
from govhall.core.identity import parse_id_number
from govhall.core.names import check_name

from .. import selectors
from ..models import (
    Case,
    CaseStatus,
    Delivery,
    DeliveryMethod,
    Document,
    DocumentKind,
    Step,
)
from .base import (
    MAX_SIGNATURE,
    _acting_user,
    _emit,
    _issue,
    _lock,
    _now,
    _precheck,
    _require_clerk,
    _require_status,
    _step,
)
from .closing import (
    _close,
)
from .fees import require_paid
from .intake import (
    _clean_text,
    _prefixed,
)

# --- output --------------------------------------------------------------------------------


@transaction.atomic
def case_deliver(
    *,
    actor: Actor,
    case: Case,
    collector_name: str = "",
    collector_id_number: str = "",
    signature: str = "",
    entrusted: bool = False,
    tracking_number: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """统一窗口出件: at the window after checking the collector's identity and
    taking a signature; or posted to the address chosen at intake."""
    _require_clerk(actor, case.center)
    _precheck(case, CaseStatus.DECIDED, CaseStatus.COMMITTED)
    now = _now(now)
    fields: dict = {}
    if case.delivery_method == DeliveryMethod.WINDOW:
        name = check_name(
            _clean_text(collector_name, "collector_name", limit=100), "collector_name"
        )
        try:
            number = parse_id_number(collector_id_number or "", today=timezone.localdate(now))
        except ValidationFailed as exc:
            raise _prefixed(exc, "collector") from exc
        signature = _clean_text(signature, "signature", limit=MAX_SIGNATURE)
        digest = crypto.lookup_hash(number.value)
        known = {h for h in (case.applicant_id_hash, case.proxy_id_hash) if h}
        if digest not in known and not entrusted:
            raise ValidationFailed(
                _("领取人不是申请人或登记的代办人，须凭授权委托书代领"),
                code="identity_mismatch",
                fields={"collector.id_number": _("与登记信息不符")},
            )
        fields = {
            "collector_name": name,
            "collector_id_hash": digest,
            "identity_checked": True,
            "entrusted": entrusted and digest not in known,
            "signature": signature,
        }
    else:
        fields = {
            "tracking_number": _clean_text(
                tracking_number, "tracking_number", limit=40, required=False
            )
        }
    case = _lock(case)
    _require_status(case, CaseStatus.DECIDED, CaseStatus.COMMITTED)
    require_paid(case)
    if Delivery.objects.filter(case=case).exists():
        raise InvalidTransition(_("结果已出件"), code="already_delivered")
    delivery = Delivery.objects.create(
        case=case,
        method=case.delivery_method,
        delivered_by=_acting_user(actor),
        delivered_at=now,
        **fields,
    )
    _step(case, Step.DELIVERED, at=now, actor=actor)
    _issue(case, DocumentKind.COMPLETION, at=now, delivery=delivery)
    if case.status == CaseStatus.COMMITTED:
        _emit("case.delivered", case)
        return case
    return _close(case, actor=actor, now=now, event="case.completed")


@transaction.atomic
def case_document_open(*, actor: Actor, case: Case, document_id: int) -> Document:
    """A notice as issued. It names the applicant, so every read by staff is
    written to the audit log."""
    if not selectors.readable(actor).filter(pk=case.pk).exists():
        raise NotFound(_("文书不存在"), code="document_not_found")
    doc = Document.objects.filter(case=case, pk=document_id).first()
    if doc is None:
        raise NotFound(_("文书不存在"), code="document_not_found")
    audit(
        "case.document_read",
        actor=actor,
        center=case.center,
        obj=doc,
        detail={"number": case.number, "kind": doc.kind},
    )
    return doc
