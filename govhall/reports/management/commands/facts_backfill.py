"""`govhall facts-backfill --from 2026-01-01 --to 2026-06-30 [--center CODE]`:
write (or rewrite) the daily facts of past days, e.g. after an import or a
correction. Safe to run twice: each day's rows are replaced."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from govhall.core.errors import DomainError
from govhall.core.models import Center
from govhall.reports.facts.services import facts_write_range
from govhall.reports.periods import parse


class Command(BaseCommand):
    help = "Write the daily facts of every centre (or one) for a range of days."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--center", default="")

    def handle(self, *args, start, end, center, **options):
        try:
            period = parse(start, end)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields}") from exc
        centers = Center.objects.filter(is_active=True)
        if center:
            centers = centers.filter(code=center)
            if not centers.exists():
                raise CommandError(f"no centre {center!r}")
        for c in centers:
            rows = facts_write_range(center=c, start=period.start, end=period.end)
            self.stdout.write(f"{c.code}: {period.days} days, {rows} rows")
