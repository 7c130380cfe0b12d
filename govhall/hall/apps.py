from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "govhall.hall"
    label = "hall"
    verbose_name = _("大厅与窗口")

    def ready(self):
        from .navigation import register_entries

        register_entries()  # its workplace pages (core.navigation)
