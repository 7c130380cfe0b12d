"""Upkeep through its services: the cycle and the due date, the maintenance log
(failed → task, the date stays), the sweep, the cleaning ticks, refusals."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event
from govhall.core.tests.factories import actor
from govhall.standards.tasks.models import RectificationTask, TaskSource
from govhall.standards.upkeep import selectors, services
from govhall.standards.upkeep.schedule import add_months, due_state, next_due

from .upkeep_world import fake_photo, hall_world, photo, truncated_png

TODAY = dt.date(2026, 12, 1)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), st.integers(0, 48))
@settings(max_examples=60)
def test_add_months_keeps_the_day_or_the_months_last(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or (later.day < day.day and (later + dt.timedelta(days=1)).day == 1)


def test_next_due_by_cycle_and_the_reminder():
    assert next_due(dt.date(2026, 1, 31), "monthly", None) == dt.date(2026, 2, 28)
    assert next_due(dt.date(2026, 11, 30), "quarterly", None) == dt.date(2027, 2, 28)
    assert next_due(dt.date(2024, 2, 29), "yearly", None) == dt.date(2025, 2, 28)
    assert next_due(dt.date(2026, 12, 1), "days", 14) == dt.date(2026, 12, 15)
    assert due_state(dt.date(2026, 11, 30), TODAY, 7) == "overdue"
    assert due_state(dt.date(2026, 12, 8), TODAY, 7) == "due_soon"
    assert due_state(dt.date(2026, 12, 9), TODAY, 7) == "ok"


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return hall_world()


def add(w, **kw):
    args = dict(
        actor=actor(w["admin"]),
        center=w["center"],
        name="应急照明灯",
        kind="emergency_light",
        cycle="monthly",
        since=dt.date(2026, 1, 10),
        zone=w["zones"][0],
        keeper=w["duty"],
    )
    args.update(kw)
    return services.installation_add(**args)


def test_ok_moves_the_due_date_failed_keeps_it_and_opens_a_task_for_the_keeper(w):
    inst = add(w)
    assert inst.next_due == dt.date(2026, 2, 10)
    log = services.maintenance_record(
        actor=actor(w["admin"]), installation=inst, done_on=dt.date(2026, 3, 5), result="ok"
    )
    inst.refresh_from_db()
    assert (inst.last_done, inst.next_due, log.task) == (
        dt.date(2026, 3, 5),
        dt.date(2026, 4, 5),
        None,
    )
    failed = services.maintenance_record(
        actor=actor(w["admin"]),
        installation=inst,
        done_on=dt.date(2026, 4, 6),
        result="failed",
        note="2号灯不亮",
        attachment=photo(),
    )
    inst.refresh_from_db()
    assert inst.next_due == dt.date(2026, 4, 5)  # still due
    task = failed.task
    assert (
        task.source == TaskSource.UPKEEP and task.owner == w["duty"] and "应急照明灯" in task.title
    )
    assert failed.attachment.read()[:3] == b"\xff\xd8\xff"  # stored re-encoded as JPEG
    assert Event.objects.filter(kind="maintenance.recorded").count() == 2
    services.maintenance_record(
        actor=actor(w["admin"]),
        installation=inst,
        done_on=dt.date(2026, 4, 8),
        result="fixed",
        note="更换灯管",
    )
    task.refresh_from_db()
    assert task.status == "done" and "更换灯管" in task.close_note  # reported done, still to verify


def test_a_maintenance_is_refused_whole_for_bad_input(w):
    inst = add(w)
    a = actor(w["admin"])
    cases = [
        (dict(done_on=dt.date.today() + dt.timedelta(days=2), result="ok"), "done_on"),
        (dict(done_on=dt.date(2025, 1, 1), result="ok"), "done_on"),
        (dict(done_on=dt.date(2026, 3, 1), result="broken"), "result"),
        (dict(done_on=dt.date(2026, 3, 1), result="failed", note=""), "note"),
        (dict(done_on=dt.date(2026, 3, 1), result="ok", note="长" * 301), "note"),
        (dict(done_on="2026-03-01", result="ok"), "done_on"),
        (dict(done_on=dt.date(2026, 3, 1), result="ok", attachment=fake_photo()), "attachment"),
        (dict(done_on=dt.date(2026, 3, 1), result="ok", attachment=truncated_png()), "attachment"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            services.maintenance_record(actor=a, installation=inst, **kwargs)
        assert field in exc.value.fields, kwargs
    assert inst.logs.count() == 0
    assert RectificationTask.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.maintenance_record(
            actor=actor(w["clerk"]), installation=inst, done_on=dt.date(2026, 3, 1), result="ok"
        )
    with pytest.raises(PermissionDenied):
        services.maintenance_record(
            actor=actor(w["other_admin"]),
            installation=inst,
            done_on=dt.date(2026, 3, 1),
            result="ok",
        )
    services.installation_retire(actor=a, installation=inst)
    with pytest.raises(InvalidTransition):
        services.maintenance_record(
            actor=a, installation=inst, done_on=dt.date(2026, 3, 1), result="ok"
        )


def test_installation_refusals(w):
    add(w)
    bad = [
        (dict(name=""), "name"),
        (dict(name="应急照明灯"), "name"),  # duplicate
        (dict(name="x", kind="rocket"), "kind"),
        (dict(name="x", cycle="weekly"), "cycle"),
        (dict(name="x", cycle="days", every_days=0), "every_days"),
        (dict(name="x", cycle="days", every_days=None), "every_days"),
        (dict(name="x", zone=None, keeper=None, since="soon"), "since"),
    ]
    for kwargs, field in bad:
        with pytest.raises(ValidationFailed) as exc:
            add(w, **kwargs)
        assert field in exc.value.fields, kwargs
    with pytest.raises(ValidationFailed) as exc:
        add(w, name="y", zone=w["other_zone"])
    assert "zone" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        add(w, name="z", keeper=w["other_admin"])
    assert "keeper" in exc.value.fields


def test_the_sweep_opens_one_task_per_overdue_installation_and_the_count(w):
    today = dt.date.today()
    late = add(w, name="灭火器", kind="fire", since=today - dt.timedelta(days=40))
    soon = add(
        w, name="AED", kind="aed", cycle="days", every_days=10, since=today - dt.timedelta(days=6)
    )
    add(w, name="服务器", kind="server", cycle="yearly", since=today - dt.timedelta(days=10))
    assert selectors.waiting(w["center"]) == 2
    states = {r["inst"].pk: r["state"] for r in selectors.rows(w["center"])}
    assert states[late.pk] == "overdue" and states[soon.pk] == "due_soon"
    assert services.upkeep_sweep(center=w["center"]) == 1
    assert services.upkeep_sweep(center=w["center"]) == 0  # safe to run twice
    task = RectificationTask.objects.get(source="upkeep")
    assert "灭火器" in task.title and task.owner == w["duty"]


def test_cleaning_is_ticked_on_the_day_and_a_missed_working_day_shows(w):
    import datetime as _dt
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    duty = actor(w["duty"])
    a, b = w["zones"]
    mon = dt.date(2026, 11, 23)  # Monday; Tuesday 24th left unticked
    for day in (mon, dt.date(2026, 11, 25)):
        for zone in (a, b):
            services.cleaning_tick(
                actor=duty,
                center=w["center"],
                zone=zone,
                items=list("abcdef"),
                now=_dt.datetime.combine(day, _dt.time(8, 40), tzinfo=tz),
            )
    services.cleaning_tick(
        actor=duty,
        center=w["center"],
        zone=a,
        items=["a", "b"],
        now=_dt.datetime.combine(dt.date(2026, 11, 26), _dt.time(8, 40), tzinfo=tz),
    )
    days = {
        d["day"]: d["state"] for d in selectors.cleaning_days(w["center"], dt.date(2026, 11, 29))
    }
    assert days[mon] == "complete"
    assert days[dt.date(2026, 11, 24)] == "missed"
    assert days[dt.date(2026, 11, 26)] == "partial"
    assert days[dt.date(2026, 11, 28)] == "off"  # Saturday
    # a correction the same day unticks; who ticked the rest stays
    services.cleaning_tick(
        actor=actor(w["admin"]),
        center=w["center"],
        zone=a,
        items=["a"],
        now=_dt.datetime.combine(dt.date(2026, 11, 26), _dt.time(9), tzinfo=tz),
    )
    row = selectors.cleaning_day(w["center"], dt.date(2026, 11, 26))[0]
    ticks = [i["tick"] for i in row["items"] if i["tick"]]
    assert len(ticks) == 1 and ticks[0].ticked_by == w["duty"]
    with pytest.raises(ValidationFailed):
        services.cleaning_tick(actor=duty, center=w["center"], zone=a, items=["z"])
    with pytest.raises(ValidationFailed):
        services.cleaning_tick(actor=duty, center=w["center"], zone=w["other_zone"], items=["a"])
    with pytest.raises(PermissionDenied):
        services.cleaning_tick(actor=actor(w["clerk"]), center=w["center"], zone=a, items=["a"])


def test_the_daily_job_sweeps_every_centre_once(w):
    from govhall.standards.upkeep.jobs import sweep_overdue_upkeep

    add(w, name="灭火器", kind="fire", since=dt.date.today() - dt.timedelta(days=70))
    assert sweep_overdue_upkeep.call_local() == 1
    assert sweep_overdue_upkeep.call_local() == 0
