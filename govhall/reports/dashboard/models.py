"""The monthly report of a centre: made on the 1st for the month before (or on
demand by the admin), kept as the PDF it was, so that what was sent stays."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center


class MonthlyReport(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="monthly_reports", verbose_name=_("中心")
    )
    month = models.DateField(_("月份"), help_text=_("该月的第一天"))
    pdf = models.BinaryField(_("PDF"))
    made_at = models.DateTimeField(_("生成时间"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("生成人"),
    )
    # The headline figures at the time, for the list page and the workbench note.
    figures = models.JSONField(_("主要指标"), default=dict)
    seen = models.BooleanField(_("已查看"), default=False)

    class Meta:
        verbose_name = _("月度报告")
        verbose_name_plural = _("月度报告")
        ordering = ["center", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["center", "month"], name="reports_monthly_one")
        ]

    def __str__(self):
        return f"{self.center_id} {self.month:%Y-%m}"
