"""Seed the official holiday schedule so that a fresh install can count working
days at once. Later years come from `govhall calendar-sync` or the admin."""

from django.db import migrations


def seed(apps, schema_editor):
    from govhall.core import holiday_source

    CalendarYear = apps.get_model("core", "CalendarYear")
    Holiday = apps.get_model("core", "Holiday")
    for year in holiday_source.covered_years():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        Holiday.objects.bulk_create(
            [Holiday(date=d, kind=k, name=n) for d, k, n in holiday_source.official_rows(year)],
            ignore_conflicts=True,
        )
        CalendarYear.objects.create(year=year, source=holiday_source.SOURCE)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
