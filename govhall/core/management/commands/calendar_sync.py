"""`govhall calendar-sync`: add official holiday years the table lacks (after
upgrading chinesecalendar each winter). Years already present are not touched."""

from django.core.management.base import BaseCommand

from govhall.core import services


class Command(BaseCommand):
    help = "Seed the Holiday table with years published in chinesecalendar."

    def handle(self, *args, **opts):
        added = services.calendar_seed()
        self.stdout.write(f"added years: {added or 'none'}")
