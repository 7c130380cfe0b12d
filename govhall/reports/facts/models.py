"""Daily facts (DESIGN.md "Figures"): one row per centre, day, subject and
dimension key, written by the end-of-day job, so that a year's report reads a
few hundred rows per dimension instead of every ticket.

`metrics` holds only additive values (counts, sums, histograms as
{bucket: count}) so that the figures of any period are the sums of its days;
means, rates and percentiles are derived when read (facts/schema.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center


class DailyFact(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="daily_facts", verbose_name=_("中心")
    )
    day = models.DateField(_("日期"))
    # schema.SUBJECTS: tickets, bookings, cases, evaluations, complaints, ...
    subject = models.CharField(_("统计对象"), max_length=16)
    # schema.DIMENSIONS: "all" (the day's totals, key ""), queue, window, staff, item, ...
    dimension = models.CharField(_("维度"), max_length=16)
    key = models.CharField(_("维度值"), max_length=64, blank=True)
    # The key's name on that day (a window renamed later keeps its old label here).
    label = models.CharField(_("名称"), max_length=160, blank=True)
    metrics = models.JSONField(_("指标"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        ordering = ["center", "day", "subject", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "day", "subject", "dimension", "key"],
                name="reports_fact_one_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["center", "subject", "dimension", "day"], name="reports_fact_read")
        ]

    def __str__(self):
        return f"{self.center_id} {self.day} {self.subject}/{self.dimension}/{self.key}"
