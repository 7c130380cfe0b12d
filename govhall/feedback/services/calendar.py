"""Provisional (预计) deadlines of complaints and rectifications recomputed when
a year is added to the holiday table (core.workdays.calendar_changed)."""

from __future__ import annotations

from .complaints import complaints_recompute_provisional
from .evaluations import rectifications_recompute_provisional


def on_calendar_changed(sender, *, actor=None, **kwargs) -> dict[str, int]:
    """Receiver connected in feedback/apps.py; runs in the sender's transaction."""
    return {
        "complaints": complaints_recompute_provisional(),
        "rectifications": rectifications_recompute_provisional(),
    }
