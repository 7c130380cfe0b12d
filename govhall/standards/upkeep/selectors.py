"""upkeep: reads, scoped to the centre the page or route already checked."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.center_settings import center_setting
from govhall.core.workdays import WorkingCalendar
from govhall.hall.models import Zone

from . import cleaning
from .models import CleaningTick, Installation, MaintenanceLog, MaintenanceResult
from .schedule import due_state


def installations(center, *, active: bool = True):
    qs = Installation.objects.filter(center=center).select_related("zone", "keeper")
    return qs.filter(is_active=True) if active else qs


def installation(center, pk: int) -> Installation | None:
    return installations(center, active=False).filter(pk=pk).first()


def rows(center, today: dt.date | None = None) -> list[dict]:
    """Each active installation with its state: overdue, due soon, ok."""
    today = today or timezone.localdate()
    remind = center_setting(center, "standards.upkeep_remind_days")
    last = {}
    for log in MaintenanceLog.objects.filter(center=center).order_by(
        "installation", "-done_on", "-pk"
    ):
        last.setdefault(log.installation_id, log)
    out = []
    for inst in installations(center):
        log = last.get(inst.pk)
        state = due_state(inst.next_due, today, remind)
        if log is not None and log.result == MaintenanceResult.FAILED and state != "overdue":
            state = "failed"  # the last check found it broken: waiting for repair
        out.append(
            {"inst": inst, "state": state, "days_left": (inst.next_due - today).days, "last": log}
        )
    return out


def waiting(center, today: dt.date | None = None) -> int:
    """Installations overdue, due within the reminder or broken: the workbench's count."""
    return sum(1 for row in rows(center, today) if row["state"] != "ok")


def logs(installation: Installation):
    return installation.logs.select_related("done_by", "task")


def zones(center):
    return Zone.objects.filter(center=center).order_by("code")


def cleaning_day(center, day: dt.date) -> list[dict]:
    """Each zone with the 6.4.2 items and who ticked each, that day."""
    ticks = {
        (t.zone_id, t.item): t
        for t in CleaningTick.objects.filter(center=center, day=day).select_related("ticked_by")
    }
    return [
        {
            "zone": zone,
            "items": [
                {"code": code, "text": text, "tick": ticks.get((zone.pk, code))}
                for code, text in cleaning.ITEMS
            ],
            "done": sum((zone.pk, code) in ticks for code in cleaning.CODES),
        }
        for zone in zones(center)
    ]


def cleaning_days(center, end: dt.date, days: int = 7) -> list[dict]:
    """The last `days` days to `end`: complete, partial, missed (a working day
    with nothing ticked) or a day off."""
    start = end - dt.timedelta(days=days - 1)
    counts: dict[dt.date, int] = {}
    for day in CleaningTick.objects.filter(center=center, day__range=(start, end)).values_list(
        "day", flat=True
    ):
        counts[day] = counts.get(day, 0) + 1
    need = zones(center).count() * len(cleaning.CODES)
    calendar = WorkingCalendar()
    out = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        done = counts.get(day, 0)
        if done and done >= need:
            state = "complete"
        elif done:
            state = "partial"
        elif calendar.is_working_day(day):
            state = "missed" if day < end else "open"
        else:
            state = "off"
        out.append({"day": day, "state": state, "done": done, "need": need})
    return out


def cleaning_waiting(center, today: dt.date | None = None) -> int:
    """Zones whose checklist today is not complete, on a working day."""
    today = today or timezone.localdate()
    if not WorkingCalendar().is_working_day(today):
        return 0
    return sum(1 for row in cleaning_day(center, today) if row["done"] < len(cleaning.CODES))
