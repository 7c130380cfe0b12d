"""The monthly report's one change of state: made (or made again) for a centre's
month, the PDF stored with its headline figures."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import ValidationFailed
from govhall.core.events import emit
from govhall.core.models import Center

from ..facts.schema import merge
from ..facts.selectors import series_by_day
from ..periods import named
from .figures import summary_figures
from .models import MonthlyReport
from .pdf import monthly_pdf


def monthly_report_make(*, actor: Actor | None, center: Center, month: dt.date) -> MonthlyReport:
    """Make the PDF of `month` (any day of it) for `center`; a past month only.
    Made again, it replaces the stored one (the facts may have been recomputed)."""
    if actor is not None:
        actor.require(center, "report.read")
    period = named("month", month)
    if period.end >= timezone.localdate():
        raise ValidationFailed(
            _("只能生成已结束月份的月度报告。"),
            code="month_not_over",
            fields={"month": _("未结束")},
        )
    totals = {
        s: merge(series_by_day([center], s, period.start, period.end).values())
        for s in ("tickets", "bookings", "cases", "evaluations", "complaints")
    }
    figures = summary_figures(totals)
    content = monthly_pdf(center, period)
    with transaction.atomic():
        report, created = MonthlyReport.objects.select_for_update().update_or_create(
            center=center,
            month=period.start,
            defaults={
                "pdf": content,
                "made_at": timezone.now(),
                "made_by": getattr(actor, "user", None) if actor else None,
                "figures": figures,
                "seen": False,
            },
        )
        emit(
            "reports.monthly_made",
            center=center,
            aggregate=report,
            payload={"month": f"{period.start:%Y-%m}", "again": not created},
        )
    return report


def monthly_report_seen(*, actor: Actor, report: MonthlyReport) -> None:
    actor.require(report.center, "report.read")
    if not report.seen:
        with transaction.atomic():
            MonthlyReport.objects.filter(pk=report.pk).update(seen=True)
