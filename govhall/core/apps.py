from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "govhall.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self):
        from django.core import checks as django_checks

        from . import checks  # noqa: F401  (registers the system checks)
        from .calendar_watch import check_calendar

        django_checks.register(check_calendar, django_checks.Tags.database)
        from .settings_navigation import register_entries

        register_entries()  # the centre's settings pages (core.navigation)
