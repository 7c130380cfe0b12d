from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "govhall.booking"
    label = "booking"
    verbose_name = _("统一预约")

    def ready(self):
        from .navigation import register_entries

        register_entries()  # its workplace pages (core.navigation)
        # Recompute provisional (预计) dates when a year of the holiday table is added.
        from govhall.core.events import subscribe
        from govhall.core.workdays import calendar_changed

        from . import after_visit, services

        calendar_changed.connect(services.on_calendar_changed, dispatch_uid="booking")
        # A served appointment ticket: the booking was kept (booking.kept).
        subscribe("ticket.finished", after_visit.on_ticket_finished)
