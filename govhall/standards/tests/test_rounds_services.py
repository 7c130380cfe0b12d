"""Inspection rounds through their services: planned, walked item by item (a
not-ok item needs a note; a photo is checked by its bytes), closed only when
complete and every finding has an owner and a deadline, then each finding a task."""

import datetime as dt

import pytest

from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.tests.factories import actor
from govhall.standards.rounds import checklist, selectors, services
from govhall.standards.rounds.models import RoundStatus
from govhall.standards.tasks.models import RectificationTask

from .upkeep_world import fake_photo, hall_world, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return hall_world()


def planned(w, day=None, **kw):
    args = dict(
        actor=actor(w["admin"]),
        center=w["center"],
        planned_on=day or dt.date.today(),
        slot="morning",
        walker=w["duty"],
    )
    args.update(kw)
    return services.round_plan(**args)


def test_the_checklist_cites_its_clauses():
    items = [i for s in checklist.sections() for i in s["items"]]
    assert len(items) == len(set(checklist.codes())) >= 20
    refs = " ".join(i["ref"] for i in items)
    for clause in (
        "附录D D.1",
        "D.16",
        "6.4.2",
        "000 第七条",
        "000 第九条、第十二条",
        "002 三(一)",
    ):
        assert clause in refs


def test_a_round_walked_and_closed_opens_a_task_per_finding(w):
    r = planned(w, area="一楼大厅")
    duty = actor(w["duty"])
    due = dt.date.today() + dt.timedelta(days=3)
    codes = checklist.codes()
    for code in codes[:-1]:
        if code != "D14":
            services.round_check(actor=duty, round=r, item=code, ok=True)
    r.refresh_from_db()
    assert r.status == RoundStatus.WALKING and r.started_at
    with pytest.raises(ValidationFailed) as exc:  # D14 and the last item unchecked
        services.round_close(actor=duty, round=r)
    assert exc.value.code == "round_incomplete"
    services.round_check(actor=duty, round=r, item=codes[-1], ok=True)
    with pytest.raises(ValidationFailed):  # not ok without a note
        services.round_check(actor=duty, round=r, item="D14", ok=False)
    services.round_check(
        actor=duty, round=r, item="D14", ok=False, note="桌面有饮料瓶", photo=photo()
    )
    with pytest.raises(ValidationFailed) as exc:
        services.round_close(actor=duty, round=r)
    assert exc.value.code == "finding_unassigned"
    check = services.round_check(
        actor=duty,
        round=r,
        item="D14",
        ok=False,
        note="桌面有饮料瓶",
        owner=w["clerk"],
        due=due,
    )
    assert check.photo  # the photo stays when the finding is corrected
    services.round_close(actor=duty, round=r, summary="良好")
    r.refresh_from_db()
    assert r.status == RoundStatus.CLOSED and r.closed_by == w["duty"]
    task = RectificationTask.objects.get()
    assert task.source == "round" and task.owner == w["clerk"] and task.due == due
    assert "001 附录D D.14" in task.ref and "饮料瓶" in task.title
    assert selectors.progress(r) == (len(codes), len(codes), 1)
    with pytest.raises(InvalidTransition):
        services.round_check(actor=duty, round=r, item="D1", ok=True)
    with pytest.raises(InvalidTransition):
        services.round_close(actor=duty, round=r)


def test_round_refusals(w):
    duty = actor(w["duty"])
    with pytest.raises(ValidationFailed):
        planned(w, day=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        planned(w, walker=w["clerk"])  # no inspection.do
    assert exc.value.code == "walker_cannot_inspect"
    with pytest.raises(ValidationFailed):
        planned(w, walker=w["other_admin"])
    with pytest.raises(ValidationFailed):
        planned(w, slot="night")
    with pytest.raises(PermissionDenied):
        planned(w, actor=duty)
    later = planned(w, day=dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(InvalidTransition) as exc:
        services.round_check(actor=duty, round=later, item="D1", ok=True)
    assert exc.value.code == "round_not_yet"
    r = planned(w)
    with pytest.raises(ValidationFailed):
        planned(w)  # the same slot twice
    for kwargs, field in [
        (dict(item="ZZ", ok=True), "item"),
        (dict(item="D1", ok=None), "ok"),
        (dict(item="D1", ok=False, note="x", photo=fake_photo()), "photo"),
        (dict(item="D1", ok=False, note="x" * 301), "note"),
        (dict(item="D1", ok=False, note="x", owner=w["other_admin"]), "owner"),
        (dict(item="D1", ok=False, note="x", due=dt.date.today() - dt.timedelta(days=1)), "due"),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            services.round_check(actor=duty, round=r, **kwargs)
        assert field in exc.value.fields, kwargs
    assert r.checks.count() == 0
    for who in ("clerk", "other_admin"):
        with pytest.raises(PermissionDenied):
            services.round_check(actor=actor(w[who]), round=r, item="D1", ok=True)
    services.round_cancel(actor=actor(w["admin"]), round=later)
    with pytest.raises(InvalidTransition):
        services.round_cancel(actor=actor(w["admin"]), round=later)
    with pytest.raises(InvalidTransition):
        services.round_close(actor=duty, round=r)  # not started
    assert selectors.waiting(duty, w["center"]) == 1
