"""Loads the requirements of the seeds from audit/data/requirements.json (each row
with its seed, table and row). Re-running it after the file changes updates the
rows by ref; rows no longer in the file are left to the next data migration."""

from django.db import migrations

from govhall.standards.audit.requirements_file import load_requirements


def load(apps, schema_editor):
    load_requirements(apps.get_model("standards", "Requirement"))


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_audit_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
