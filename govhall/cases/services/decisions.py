"""The decision as a document (Licensing Law art. 38, 44): every decision gets a
文号 and its written decision — 准予行政许可决定书 or 不予行政许可决定书, the
latter with its reasons and the right to review or sue — and the clock of art. 44:
the certificate or result reaches the applicant within 10 working days."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.center_settings import center_setting
from govhall.core.services import counter_next
from govhall.core.workdays import WorkingCalendar

from ..models import Case, Decision, DocumentKind
from .base import _issue

DECISION_DOCUMENT = {
    Decision.APPROVE: DocumentKind.DECISION_GRANT,
    Decision.REJECT: DocumentKind.DECISION_REFUSE,
}
# 许准: 准予许可; 不许: 不予许可 (the two series of a department's 文号).
_SERIES = {Decision.APPROVE: "许准", Decision.REJECT: "不许"}


def decision_number(case: Case, decision: str, year: int) -> str:
    """The department's own series per year and kind: 松市监许准〔2026〕0012号."""
    department = case.department
    seq = counter_next(f"decision:{department.pk}:{year}:{decision}")
    prefix = department.short_name or department.name
    return f"{prefix}{_SERIES[decision]}〔{year}〕{seq:04d}号"


def record_decision(case: Case, *, now: dt.datetime) -> None:
    """Number the decision the case now carries, start the art. 44 clock and
    issue the written decision. Runs in the deciding transaction, with the case
    locked, after its decision fields are set."""
    today = timezone.localdate(now)
    case.decision_number = decision_number(case, case.decision, today.year)
    days = center_setting(case.center, "cases.certificate_days")
    case.certificate_due, case.certificate_due_provisional = WorkingCalendar().deadline(today, days)
    case.save(update_fields=["decision_number", "certificate_due", "certificate_due_provisional"])
    _issue(case, DECISION_DOCUMENT[case.decision], at=now)
