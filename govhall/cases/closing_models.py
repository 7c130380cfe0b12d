"""The closing count (日结对账, 002 二(七)): at the end of the day each window's
cash drawer is counted and the bank window's statement is read, and both are
compared with the payments the cases recorded. One row per centre, day, window
(none: the bank window's statement) and method; a recount replaces it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User
from govhall.hall.models import Window


class ClosingCount(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    day = models.DateField(_("日期"))
    # None: the bank window's statement for the centre (bank_slip payments).
    window = models.ForeignKey(
        Window, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("窗口")
    )
    method = models.CharField(_("缴费方式"), max_length=10)
    counted = models.DecimalField(_("清点金额（元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    counted_by = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("清点人"))
    counted_at = models.DateTimeField(_("清点时间"))

    class Meta:
        verbose_name = _("日结清点")
        verbose_name_plural = _("日结清点")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "day", "window", "method"],
                name="cases_closing_count_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.window or '—'} {self.method} {self.counted}"
