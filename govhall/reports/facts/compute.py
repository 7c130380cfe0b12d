"""The figures of one centre's day, from the raw rows of every app (read through
their selectors or models, never changed). The end-of-day job stores what this
returns; today's figures are this, live.

compute_day(center, day, subjects=None) -> [(subject, dimension, key, label, metrics)]
for every subject of schema.SUBJECTS (or those asked), every dimension, every
key that has activity that day. Metrics are additive (schema.py)."""

from __future__ import annotations

from datetime import date

from govhall.core.models import Center


def compute_day(center: Center, day: date, subjects: list[str] | None = None) -> list:
    return []  # the facts feature fills this in
