from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "govhall.queueing"
    label = "queueing"
    verbose_name = _("排队叫号")

    def ready(self):
        from .navigation import register_entries

        register_entries()  # its workplace pages (core.navigation)
        from govhall.core import hooks

        from . import selectors

        hooks.provide("catalog.guide_windows", selectors.windows_accepting)
        from .configuration import window_busy

        hooks.provide("hall.window_busy", window_busy)
