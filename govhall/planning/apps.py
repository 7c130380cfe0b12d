from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "govhall.planning"
    label = "planning"
    verbose_name = _("人员调配")

    def ready(self):
        from govhall.core.navigation import register

        from . import hooks
        from .navigation import ENTRIES

        register(*ENTRIES)
        hooks.connect()
