from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "govhall.cases"
    label = "cases"
    verbose_name = _("办件")

    def ready(self):
        from .navigation import register_entries

        register_entries()  # its workplace pages (core.navigation)
        # Recompute provisional (预计) dates when a year of the holiday table is added.
        from govhall.core.workdays import calendar_changed

        from . import services

        calendar_changed.connect(services.on_calendar_changed, dispatch_uid="cases")
