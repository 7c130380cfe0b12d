from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "govhall.assist"
    label = "assist"
    verbose_name = _("帮办代办")

    def ready(self):
        from govhall.core.navigation import register

        from . import hooks
        from .navigation import ENTRIES

        register(*ENTRIES)
        hooks.connect()
