# ruff: noqa: F811 (the world fixture is imported, pytest passes it by name)
"""The assessment against a real database: the run's scores from the month's
tickets, the state machine draft → published → final with bad steps refused,
the objection window, objections filed and answered, the departments told,
and centre A's results out of centre B's reach."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.errors import DomainError
from govhall.core.models import Event, Notification
from govhall.core.months import Month
from govhall.reports.assessment import selectors, services
from govhall.reports.assessment.models import ObjectionState, RunState

from .assessment_world import MONTH, aw, world  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)


def _run(w):
    return services.assessment_run(actor=w["actor"], center=w["center"], month=MONTH, now=NOW)


def _code(exc_info):
    return exc_info.value.code, exc_info.value.status


def test_run_scores_and_ranks(aw):
    run = _run(aw)
    assert run.state == RunState.DRAFT
    rows = {r.user_id: r for r in selectors.results(run)}
    assert set(rows) == {aw["a"].pk, aw["b"].pk, aw["c"].pk}  # the manager is not ranked
    a, b, c = rows[aw["a"].pk], rows[aw["b"].pk], rows[aw["c"].pk]
    # The centre: 6 tickets, mean (4x5 + 2x10)/6 min; a serves faster and more.
    assert run.center_figures["tickets"] == 6
    assert a.raw["served"] == 4 and b.raw["served"] == 2 and c.raw["served"] == 0
    assert a.efficiency == 100.0
    assert b.efficiency == pytest.approx((100 * 400 / 600 + 100 * 2 / 3) / 2, abs=0.1)
    # No figures: not a merit, the mean of those with figures.
    assert "efficiency" in c.raw["no_figures"] and "efficiency" not in a.raw["no_figures"]
    assert c.efficiency == pytest.approx((a.efficiency + b.efficiency) / 2, abs=0.1)
    for r in rows.values():
        assert 0 <= r.total <= 100
        assert r.quality == 100.0  # no ratings
    assert [r.user_id for r in sorted(rows.values(), key=lambda r: r.rank)] == [
        aw["a"].pk,
        aw["c"].pk,
        aw["b"].pk,
    ]
    kinds = list(Event.objects.filter(center=aw["center"]).values_list("kind", flat=True))
    assert "assessment.computed" in kinds


def test_state_machine_and_objection_window(aw):
    run = _run(aw)
    with pytest.raises(DomainError) as exc:
        services.assessment_finalize(actor=aw["actor"], run=run, now=NOW)
    assert _code(exc) == ("assessment_not_published", 409)
    run = services.assessment_publish(actor=aw["actor"], run=run, now=NOW)
    assert run.state == RunState.PUBLISHED and run.objection_until > NOW.date()
    with pytest.raises(DomainError) as exc:
        services.assessment_publish(actor=aw["actor"], run=run, now=NOW)
    assert _code(exc) == ("assessment_not_draft", 409)
    with pytest.raises(DomainError) as exc:
        _run(aw)  # a published month is not recomputed
    assert exc.value.status == 409

    clerk = actor_for_user(aw["a"])
    mine = selectors.own_result(run, aw["a"])
    theirs = selectors.own_result(run, aw["b"])
    with pytest.raises(DomainError) as exc:
        services.objection_file(actor=clerk, result=theirs, reason="x", now=NOW)
    assert exc.value.status == 403
    for reason, code in (("", "validation_error"), ("长" * 1001, "validation_error")):
        with pytest.raises(DomainError) as exc:
            services.objection_file(actor=clerk, result=mine, reason=reason, now=NOW)
        assert exc.value.code == code
    objection = services.objection_file(actor=clerk, result=mine, reason="缺卡有误", now=NOW)
    with pytest.raises(DomainError) as exc:
        services.objection_file(actor=clerk, result=mine, reason="再次", now=NOW)
    assert _code(exc) == ("objection_exists", 409)
    late = dt.datetime.combine(run.objection_until + dt.timedelta(days=1), dt.time(9), dt.UTC)
    with pytest.raises(DomainError) as exc:
        services.objection_file(
            actor=actor_for_user(aw["b"]), result=theirs, reason="晚了", now=late
        )
    assert _code(exc) == ("objection_window_closed", 409)

    # Not before the window closes, nor with an objection unanswered.
    with pytest.raises(DomainError) as exc:
        services.assessment_finalize(actor=aw["actor"], run=run, now=NOW)
    assert _code(exc) == ("objection_window_open", 409)
    with pytest.raises(DomainError) as exc:
        services.assessment_finalize(actor=aw["actor"], run=run, now=late)
    assert _code(exc) == ("objections_pending", 409)

    # Upheld without a valid adjustment, or with an answer missing: refused.
    for kwargs in ({"adjustment": None}, {"adjustment": 500}, {"adjustment": True}):
        with pytest.raises(DomainError) as exc:
            services.objection_answer(
                actor=aw["actor"], objection=objection, upheld=True, answer="核实", **kwargs
            )
        assert "adjustment" in exc.value.fields
    with pytest.raises(DomainError):
        services.objection_answer(actor=aw["actor"], objection=objection, upheld=False, answer="")
    before = mine.total
    services.objection_answer(
        actor=aw["actor"],
        objection=objection,
        upheld=True,
        answer="外出培训，核实属实",
        adjustment=-3,
    )
    mine.refresh_from_db()
    assert mine.total == pytest.approx(before - 3) and mine.adjustment_note
    with pytest.raises(DomainError) as exc:
        services.objection_answer(actor=aw["actor"], objection=objection, upheld=False, answer="x")
    assert _code(exc) == ("objection_answered", 409)
    objection.refresh_from_db()
    assert objection.state == ObjectionState.UPHELD

    aw["lead"].mobile = "13800000099"
    aw["lead"].save()
    run = services.assessment_finalize(actor=aw["actor"], run=run, now=late)
    assert run.state == RunState.FINAL
    told = Notification.objects.filter(center=aw["center"], key__startswith="assessment:")
    assert [n.recipient for n in told] == ["13800000099"]
    assert "甲" not in told[0].body and "乙" not in told[0].body  # no names in the message
    with pytest.raises(DomainError) as exc:
        services.assessment_finalize(actor=aw["actor"], run=run, now=late)
    assert exc.value.status == 409
    events = Event.objects.filter(center=aw["center"], kind__startswith="assessment.")
    assert {"assessment.published", "assessment.objection_filed", "assessment.finalized"} <= set(
        events.values_list("kind", flat=True)
    )
    for e in events:
        assert "甲" not in str(e.payload)


def test_scheme_validated(aw):
    bad = [
        ({"quality": 50, "efficiency": 30, "attendance": 20, "training": 10}, 5, "total"),
        ({"quality": "a", "efficiency": 30, "attendance": 20, "training": 10}, 5, "quality"),
        ({"quality": 101, "efficiency": 0, "attendance": 0, "training": -1}, 5, "quality"),
        ({"quality": 40, "efficiency": 30, "attendance": 20, "training": 10}, 0, "objection_days"),
        (
            {"quality": 40, "efficiency": 30, "attendance": 20, "training": 10},
            "x",
            "objection_days",
        ),
    ]
    for weights, days, field in bad:
        with pytest.raises(DomainError) as exc:
            services.scheme_save(
                actor=aw["actor"], center=aw["center"], weights=weights, objection_days=days
            )
        assert exc.value.status == 422 and field in exc.value.fields
    scheme = services.scheme_save(
        actor=aw["actor"],
        center=aw["center"],
        weights={"quality": 25, "efficiency": 25, "attendance": 25, "training": 25},
        objection_days=3,
    )
    assert scheme.weights() == {p: 25 for p in ("quality", "efficiency", "attendance", "training")}
    assert _run(aw).weights["quality"] == 25


def test_other_centre_and_future_month_refused(aw):
    other = world("b_")
    with pytest.raises(DomainError) as exc:
        services.assessment_run(actor=other["actor"], center=aw["center"], month=MONTH, now=NOW)
    assert exc.value.status == 403
    run = _run(aw)
    with pytest.raises(DomainError) as exc:
        services.assessment_publish(actor=other["actor"], run=run, now=NOW)
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.assessment_run(
            actor=aw["actor"], center=aw["center"], month=Month(dt.date(2027, 1, 1)), now=NOW
        )
    assert exc.value.code == "bad_month"
    # The second centre's run sees only its own people.
    run_b = services.assessment_run(
        actor=other["actor"], center=other["center"], month=MONTH, now=NOW
    )
    assert {r.user_id for r in run_b.results.all()} == {other["a"].pk, other["b"].pk, other["c"].pk}


def test_lead_sees_only_their_department(aw):
    run = _run(aw)
    services.assessment_publish(actor=aw["actor"], run=run, now=NOW)
    late = dt.datetime.combine(
        run.__class__.objects.get(pk=run.pk).objection_until + dt.timedelta(days=1),
        dt.time(9),
        dt.UTC,
    )
    run = services.assessment_finalize(actor=aw["actor"], run=run, now=late)
    lead = actor_for_user(aw["lead"])
    assert [r.user_id for r in selectors.department_results(lead, aw["center"], run)] == [
        aw["b"].pk
    ]
    assert len(selectors.department_results(aw["actor"], aw["center"], run)) == 3
    assert timezone.now()  # the clock the pages use is untouched
