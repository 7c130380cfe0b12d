"""暂离 (stepping away from the window, 001 附录B B.4.5; 003 两牌三栏's 工作人员去向栏):
a staff member leaves their window for a while, for a reason, with the time
they expect to be back, and marks themself back. While the record is open the
presence layer counts them away, so their B post serves the window and the
hall's whereabouts board shows 暂离 with the expected return."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class AwayReason(models.TextChoices):
    MEETING = "meeting", _("会议")
    ERRAND = "errand", _("外出办事")
    MEAL = "meal", _("用餐")
    OTHER = "other", _("其他")


class Away(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="away_records", verbose_name=_("中心")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="away_records", verbose_name=_("工作人员")
    )
    reason = models.CharField(_("暂离事由"), max_length=10, choices=AwayReason.choices)
    note = models.CharField(_("说明"), max_length=60, blank=True)
    started_at = models.DateTimeField(_("离岗时间"))
    expected_back_at = models.DateTimeField(_("预计返回"))
    returned_at = models.DateTimeField(_("返回时间"), null=True, blank=True)
    # Who marked it: the person themself, or the centre for them.
    set_by = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    returned_by = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("返岗登记人"),
    )
    # The windows this absence left with nobody when it began (accepted with a
    # warning; the duty manager sees them): window codes.
    uncovered = models.JSONField(_("无人值守的窗口"), default=list, blank=True)

    class Meta:
        verbose_name = _("暂离记录")
        verbose_name_plural = _("暂离记录")
        ordering = ["-started_at"]
        constraints = [
            # One open 暂离 per person and centre: a second is a conflict.
            models.UniqueConstraint(
                fields=["user", "center"],
                condition=Q(returned_at__isnull=True),
                name="staff_away_one_open",
            ),
            models.CheckConstraint(
                condition=Q(expected_back_at__gt=F("started_at")), name="staff_away_back_after"
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("started_at")),
                name="staff_away_returned_after",
            ),
        ]
        indexes = [models.Index(fields=["center", "returned_at"], name="staff_away_open_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_reason_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    @property
    def label(self) -> str:
        """What the boards say: the reason (其他: the note, when given)."""
        if self.reason == AwayReason.OTHER and self.note:
            return self.note
        return str(self.get_reason_display())
