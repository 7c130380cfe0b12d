from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "govhall.standards"
    label = "standards"
    verbose_name = _("标准与巡查")

    def ready(self):
        from . import wiring

        wiring.connect()
