from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "govhall.reports"
    label = "reports"
    verbose_name = _("统计与监督")

    def ready(self):
        from . import wiring

        wiring.connect()
