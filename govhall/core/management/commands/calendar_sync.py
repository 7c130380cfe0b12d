"""`govhall calendar-sync`: add official holiday years the table lacks (after
upgrading chinesecalendar each winter). Years already present are not touched;
provisional (预计) deadlines are recomputed when a year is added. Warns while
a year that should be there is still missing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from govhall.core import services
from govhall.core.calendar_watch import warning_text
from govhall.core.workdays import missing_years


class Command(BaseCommand):
    help = "Seed the Holiday table with years published in chinesecalendar."

    def handle(self, *args, **opts):
        added = services.calendar_seed()
        self.stdout.write(f"added years: {added or 'none'}")
        missing = missing_years(timezone.localdate())
        if missing:
            self.stderr.write(self.style.WARNING(warning_text(missing)))
