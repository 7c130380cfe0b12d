"""The seeds' requirements (audit/data/requirements.json) into the Requirement
table: by the data migration, and again by the demo when a test run has
flushed the table (a transactional test empties what migrations loaded)."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "requirements.json"


def load_requirements(Requirement) -> int:
    """Update or create every row of the file by its ref; returns the count."""
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
    return len(rows)
