from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "govhall.staff"
    label = "staff"
    verbose_name = _("工作人员管理")

    def ready(self):
        from . import wiring

        wiring.connect()
