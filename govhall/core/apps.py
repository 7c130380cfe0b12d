from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "govhall.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self):
        from django.core import checks

        from .calendar_watch import check_calendar

        checks.register(check_calendar, checks.Tags.database)
