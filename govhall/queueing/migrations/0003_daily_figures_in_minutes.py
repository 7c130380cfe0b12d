"""The day's figures in minutes, as every page shows them (issue 11, finding 4)."""

from django.db import migrations, models

FIELDS = (
    ("wait_mean_s", "wait_mean_min", "平均等候（分）"),
    ("wait_p90_s", "wait_p90_min", "90%等候（分）"),
    ("service_mean_s", "service_mean_min", "平均办理（分）"),
)


def _scale(factor):
    def run(apps, schema_editor):
        DailyFigure = apps.get_model("queueing", "DailyFigure")
        for row in DailyFigure.objects.all():
            for _old, new, _label in FIELDS:
                value = getattr(row, new)
                # A negative mean came from tickets called before they were
                # issued: not a measurement, so it is left out (times.py).
                if value is not None:
                    setattr(row, new, value * factor if value >= 0 else None)
            row.save()

    return run


class Migration(migrations.Migration):
    dependencies = [("queueing", "0002_ticket_recent_index")]

    operations = [
        *(migrations.RenameField("dailyfigure", old, new) for old, new, _ in FIELDS),
        *(
            migrations.AlterField(
                "dailyfigure", new, models.FloatField(null=True, verbose_name=label)
            )
            for _, new, label in FIELDS
        ),
        migrations.RunPython(_scale(1 / 60), _scale(60)),
    ]
