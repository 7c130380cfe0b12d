from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "govhall.feedback"
    label = "feedback"
    verbose_name = _("好差评与投诉")

    def ready(self):
        from .navigation import register_entries

        register_entries()  # its workplace pages (core.navigation)
        # Recompute provisional (预计) dates when a year of the holiday table is added.
        from govhall.core.events import subscribe
        from govhall.core.workdays import calendar_changed

        from .services import calendar, evaluations

        calendar_changed.connect(calendar.on_calendar_changed, dispatch_uid="feedback")
        # 预约服务“好差评” (001 4.7.3): a kept or missed booking invites a rating.
        subscribe("booking.kept", evaluations.on_booking_event)
        subscribe("booking.no_show", evaluations.on_booking_event)

        # The seam with the floors below: they emit, feedback acts and answers.
        from govhall.core import events, hooks

        from .selectors.evaluations import open_rating
        from .services.evaluations import on_case_closed, on_ticket_finished

        events.subscribe("ticket.finished", on_ticket_finished)
        for kind in CASE_CLOSED:
            events.subscribe(kind, on_case_closed)
        hooks.provide("rating.open", open_rating)


# The events that close a case (cases.services._close), each inviting a rating.
CASE_CLOSED = ("case.completed", "case.refused", "case.revoked")
