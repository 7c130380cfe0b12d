"""Loads the requirements of the seeds from audit/data/requirements.json (each row
with its seed, table and row). Re-running it after the file changes updates the
rows by ref; rows no longer in the file are left to the next data migration."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "audit" / "data" / "requirements.json"


def load(apps, schema_editor):
    Requirement = apps.get_model("standards", "Requirement")
    rows = json.loads(DATA.read_text(encoding="utf-8"))["requirements"]
    for order, row in enumerate(rows, 1):
        Requirement.objects.update_or_create(
            ref=row["ref"],
            defaults={
                "seed": row["seed"],
                "table": row["table"],
                "row": row["row"],
                "section": row["section"],
                "text": row["text"],
                "seed_text": row["seed_text"][:300],
                "applies_district": row["applies"]["district"],
                "applies_department": row["applies"]["department"],
                "applies_town": row["applies"]["town"],
                "check_kind": row["check"],
                "function": row.get("function", ""),
                "params": row.get("params", {}),
                "note": row.get("note", ""),
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_audit_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
