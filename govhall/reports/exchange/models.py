"""exchange: the bookings the unified booking platform sent us, by its own id,
so a delivery under another Idempotency-Key is still refused as a duplicate and
what we push back about the booking names the platform's id."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.booking.models import Booking
from govhall.core.models import Center


class PlatformBooking(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    platform_id = models.CharField(_("平台预约编号"), max_length=64)
    booking = models.OneToOneField(
        Booking, models.CASCADE, related_name="platform_link", verbose_name=_("预约")
    )
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        verbose_name = _("统一预约平台推送的预约")
        verbose_name_plural = _("统一预约平台推送的预约")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "platform_id"], name="reports_platform_booking_unique"
            )
        ]

    def __str__(self) -> str:
        return self.platform_id
