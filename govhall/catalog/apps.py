from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "govhall.catalog"
    label = "catalog"
    verbose_name = _("事项与办事指南")

    def ready(self):
        # Recompute provisional (预计) dates when a year of the holiday table is added.
        from govhall.core.workdays import calendar_changed

        from . import services
        from .navigation import register_entries

        register_entries()  # the guide workflow's workplace pages (core.navigation)
        calendar_changed.connect(services.on_calendar_changed, dispatch_uid="catalog")
