from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "govhall.feedback"
    label = "feedback"
    verbose_name = _("好差评与投诉")

    def ready(self):
        # Recompute provisional (预计) dates when a year of the holiday table is added.
        from govhall.core.events import subscribe
        from govhall.core.workdays import calendar_changed

        from .services import calendar, evaluations

        calendar_changed.connect(calendar.on_calendar_changed, dispatch_uid="feedback")
        # 预约服务“好差评” (001 4.7.3): a kept or missed booking invites a rating.
        subscribe("booking.kept", evaluations.on_booking_event)
        subscribe("booking.no_show", evaluations.on_booking_event)
