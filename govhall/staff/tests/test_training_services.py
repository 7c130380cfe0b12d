"""Training services: sessions and their invitees, the uncovered-window rule, the
absence source, attendance, the plan's months, exams, scoring and retakes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.actors import actor_for_user
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.staff import posts, presence
from govhall.staff.profiles.models import StaffKind
from govhall.staff.training import exam_services, selectors, services
from govhall.staff.training.models import (
    Attempt,
    AttemptStatus,
    Attendance,
    Exam,
    Question,
    TrainingPlan,
    TrainingSession,
)

from . import training_factories as tf
from .training_factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return tf.world()


# --- sessions ---------------------------------------------------------------------------


def test_a_session_invites_the_people_named(w):
    s = tf.session(w, who=[w["a"], w["c"]], audience="指定人员")
    assert set(s.invitations.values_list("user", flat=True)) == {w["a"].pk, w["c"].pk}
    assert set(s.invitations.values_list("attendance", flat=True)) == {Attendance.PENDING}


@pytest.mark.parametrize(
    "change",
    [
        {"topic": ""},
        {"topic": "长" * 101},
        {"trainer": " "},
        {"kind": "cooking"},
        {"end": at(2027, 3, 10, 9)},
        {"end": at(2027, 3, 10, 23)},
    ],
)
def test_bad_sessions_are_refused_and_nothing_is_written(w, change):
    with pytest.raises(ValidationFailed):
        tf.session(w, **change)
    assert not TrainingSession.objects.exists()


def test_nobody_or_someone_of_another_centre_is_refused(w):
    with pytest.raises(ValidationFailed):
        tf.session(w, who=[])
    with pytest.raises(ValidationFailed):
        tf.session(w, who=[w["a"], w["other_clerk"]])
    assert not TrainingSession.objects.exists()


def test_another_centres_admin_cannot_arrange_a_session_here(w):
    with pytest.raises(PermissionDenied):
        services.session_create(
            actor=actor_for_user(w["other_admin"]),
            center=w["center"],
            topic="x",
            kind="system",
            trainer="x",
            place="x",
            starts_at=at(2027, 3, 10, 10),
            ends_at=at(2027, 3, 10, 11),
            invitees=[w["a"]],
        )
    assert not TrainingSession.objects.exists()


def test_audience_by_all_kind_department_and_people(w):
    center = w["center"]
    everyone, _label = services.resolve_audience(center, mode="all")
    assert {u.pk for u in everyone} == {w[k].pk for k in ("admin", "a", "b", "c", "lead")}
    dispatched, label = services.resolve_audience(center, mode="kind", kind=StaffKind.DISPATCHED)
    assert {u.pk for u in dispatched} == {w["c"].pk, w["lead"].pk}
    assert label == str(StaffKind.DISPATCHED.label)
    dept, _ = services.resolve_audience(center, mode="department", department=w["dept"])
    assert {u.pk for u in dept} == {w["c"].pk, w["lead"].pk}
    people, _ = services.resolve_audience(center, mode="people", user_ids=[w["b"].pk])
    assert people == [w["b"]]
    for bad in (
        {"mode": "people", "user_ids": [w["other_clerk"].pk]},
        {"mode": "kind", "kind": "astronaut"},
        {"mode": "department"},
        {"mode": "?"},
    ):
        with pytest.raises(ValidationFailed):
            services.resolve_audience(center, **bad)


# --- the A/B rule and the absence source ---------------------------------------------------------


def test_both_posts_of_a_window_in_working_hours_need_a_confirmation(w):
    with pytest.raises(Conflict) as refused:
        tf.session(w, who=[w["a"], w["b"]])
    assert refused.value.code == "windows_uncovered"
    assert "1号窗口" in refused.value.fields["windows"]
    assert "2号窗口" in refused.value.fields["windows"]
    assert not TrainingSession.objects.exists()
    s = tf.session(w, who=[w["a"], w["b"]], confirm_uncovered=True)
    assert s.uncovered_confirmed == "1号窗口、2号窗口"


def test_one_post_away_leaves_the_other_serving(w):
    s = tf.session(w, who=[w["a"]])
    assert s.uncovered_confirmed == ""


def test_after_closing_time_both_posts_may_go(w):
    s = tf.session(w, who=[w["a"], w["b"]], start=at(2027, 3, 10, 17, 15))
    assert s.uncovered_confirmed == ""


def test_a_running_session_shows_training_and_the_b_post_serves(w):
    s = tf.session(w, who=[w["a"]], start=at(2027, 3, 10, 10))
    during = at(2027, 3, 10, 10, 30)
    status, until, label = presence.status_at(w["center"], [w["a"].pk], during)[w["a"].pk]
    assert (status, until, label) == ("training", s.ends_at, s.topic)
    assert posts.serving(w["w1"], during).user == w["b"]
    # Before and after it, nothing.
    for moment in (at(2027, 3, 10, 9, 59), at(2027, 3, 10, 11)):
        assert presence.status_at(w["center"], [w["a"].pk], moment)[w["a"].pk][0] != "training"
    # Recorded as excused (they did not go): not away for training.
    services.attendance_record(
        actor=w["actor"], session=s, marks={w["a"].pk: Attendance.EXCUSED}, now=during
    )
    assert presence.status_at(w["center"], [w["a"].pk], during)[w["a"].pk][0] != "training"


def test_a_cancelled_session_is_no_absence(w):
    s = tf.session(w, who=[w["a"]])
    services.session_cancel(
        actor=w["actor"], session=s, reason="讲师临时有事", now=at(2027, 3, 1, 9)
    )
    assert not presence.absences(w["center"], [w["a"].pk], s.starts_at, s.ends_at)
    with pytest.raises(InvalidTransition):
        services.session_cancel(actor=w["actor"], session=s, reason="再取消", now=at(2027, 3, 1, 9))


# --- attendance -------------------------------------------------------------------------------


def test_attendance_after_the_start_only_for_invitees(w):
    s = tf.session(w, who=[w["a"], w["c"]])
    with pytest.raises(InvalidTransition):
        services.attendance_record(
            actor=w["actor"], session=s, marks={w["a"].pk: "present"}, now=at(2027, 3, 10, 9)
        )
    later = at(2027, 3, 10, 11, 5)
    for marks in ({w["b"].pk: "present"}, {w["a"].pk: "sleeping"}, {}):
        with pytest.raises(ValidationFailed):
            services.attendance_record(actor=w["actor"], session=s, marks=marks, now=later)
    assert set(s.invitations.values_list("attendance", flat=True)) == {"pending"}
    assert s in selectors.sessions_needing_attendance(w["center"], later)
    services.attendance_record(
        actor=w["actor"],
        session=s,
        marks={w["a"].pk: "present", w["c"].pk: "excused"},
        notes={w["c"].pk: "外出办事"},
        now=later,
    )
    s.refresh_from_db()
    assert s.status == "held"
    assert dict(s.invitations.values_list("user", "attendance")) == {
        w["a"].pk: "present",
        w["c"].pk: "excused",
    }
    assert s not in selectors.sessions_needing_attendance(w["center"], later)


# --- the plan ---------------------------------------------------------------------------------


def test_the_plan_flags_months_with_fewer_than_one_or_more_than_two(w):
    plan = services.plan_create(
        actor=w["actor"],
        center=w["center"],
        title="2027年一季度培训计划",
        first_month=dt.date(2027, 1, 1),
        last_month=dt.date(2027, 3, 1),
    )
    tf.session(w, start=at(2027, 1, 13, 17, 15))
    for day in (3, 10, 17):
        tf.session(w, start=at(2027, 3, day, 17, 15))
    months = {m.month.month: m for m in selectors.plan_months(plan)}
    assert [months[k].count for k in (1, 2, 3)] == [1, 0, 3]
    assert not months[1].too_few and not months[1].too_many
    assert months[2].too_few and months[3].too_many


def test_a_plan_over_thirteen_months_or_backwards_is_refused(w):
    for first, last in (
        (dt.date(2027, 1, 1), dt.date(2028, 1, 1)),
        (dt.date(2027, 5, 1), dt.date(2027, 4, 1)),
    ):
        with pytest.raises(ValidationFailed):
            services.plan_create(
                actor=w["actor"], center=w["center"], title="x", first_month=first, last_month=last
            )
    assert not TrainingPlan.objects.exists()


# --- exams --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,options,correct",
    [
        ("single", ["甲", "乙"], {0, 1}),  # one answer only
        ("single", ["甲"], {0}),  # two options at least
        ("multiple", ["甲", "乙"], set()),  # an answer
        ("multiple", ["甲", "乙"], {5}),  # no such option
        ("essay", ["甲", "乙"], {0}),
        ("single", ["长" * 201, "乙"], {1}),
    ],
)
def test_bad_questions_are_refused(w, kind, options, correct):
    e = tf.exam(w, questions=[])
    with pytest.raises(ValidationFailed):
        exam_services.question_add(
            actor=w["actor"], exam=e, kind=kind, text="题目", options=options, correct=correct
        )
    assert not Question.objects.exists()


def test_a_published_exam_is_not_edited_and_an_empty_one_is_not_published(w):
    empty = tf.exam(w, questions=[])
    with pytest.raises(InvalidTransition):
        exam_services.exam_publish(actor=w["actor"], exam=empty, candidates=[w["a"]])
    e = tf.exam(w, publish_to=[w["a"]])
    with pytest.raises(InvalidTransition):
        exam_services.question_add(
            actor=w["actor"], exam=e, kind="true_false", text="x", options=[], correct={0}
        )
    with pytest.raises(PermissionDenied):
        exam_services.exam_close(actor=actor_for_user(w["other_admin"]), exam=e)
    assert Exam.objects.get(pk=e.pk).status == "open"


def test_the_attendees_are_the_default_candidates(w):
    s = tf.session(w, who=[w["a"], w["c"]])
    services.attendance_record(
        actor=w["actor"],
        session=s,
        marks={w["a"].pk: "present", w["c"].pk: "absent"},
        now=at(2027, 3, 10, 11),
    )
    e = tf.exam(w, session=s)
    assert exam_services.default_candidates(e) == [w["a"]]


key_strategy = st.dictionaries(
    st.integers(1, 10_000),
    st.tuples(st.integers(1, 100), st.frozensets(st.integers(1, 8), min_size=1, max_size=8)),
    min_size=1,
    max_size=120,
)


@given(key=key_strategy, data=st.data())
def test_full_marks_score_100_and_any_wrong_answer_less(key, data):
    right = {qid: set(correct) for qid, (_p, correct) in key.items()}
    assert exam_services.score_answers(key, right) == 100
    wrong_q = data.draw(st.sampled_from(sorted(key)))
    picked = data.draw(st.frozensets(st.integers(1, 9), max_size=9))
    if picked == key[wrong_q][1]:
        picked = picked ^ {9}
    spoiled = {**right, wrong_q: picked}
    assert 0 <= exam_services.score_answers(key, spoiled) < 100
    assert exam_services.score_answers(key, {}) == 0


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(wrong=st.sets(st.integers(1, 3)))
def test_the_service_scores_a_paper_from_the_answer_key(w, wrong):
    Attempt.objects.all().delete()
    e = Exam.objects.filter(title="打分").first() or tf.exam(w, title="打分", publish_to=[w["a"]])
    e.candidates.update(passed=False, best_score=None, attempts_used=0)
    clerk = actor_for_user(w["a"])
    attempt = exam_services.attempt_start(actor=clerk, exam=e)
    done = exam_services.attempt_submit(actor=clerk, attempt=attempt, answers=tf.answers(e, wrong))
    assert done.score == (100 if not wrong else (3 - len(wrong)) * 100 // 3)
    assert done.passed == (done.score >= 80)


def test_retakes_up_to_the_setting_then_no_more(w):
    w["center"].settings = {"training.exam_retakes": 1}
    w["center"].save()
    e = tf.exam(w, publish_to=[w["a"]])
    clerk = actor_for_user(w["a"])
    for _ in range(2):
        a = exam_services.attempt_start(actor=clerk, exam=e)
        assert (
            exam_services.attempt_submit(
                actor=clerk, attempt=a, answers=tf.answers(e, {1, 2})
            ).passed
            is False
        )
    with pytest.raises(Conflict) as refused:
        exam_services.attempt_start(actor=clerk, exam=e)
    assert refused.value.code == "no_attempts_left"
    assert Attempt.objects.count() == 2


def test_one_attempt_at_a_time_and_none_after_passing(w):
    e = tf.exam(w, publish_to=[w["a"]])
    clerk = actor_for_user(w["a"])
    a = exam_services.attempt_start(actor=clerk, exam=e)
    with pytest.raises(Conflict) as refused:
        exam_services.attempt_start(actor=clerk, exam=e)
    assert refused.value.code == "attempt_open"
    exam_services.attempt_submit(actor=clerk, attempt=a, answers=tf.answers(e))
    with pytest.raises(InvalidTransition):
        exam_services.attempt_submit(actor=clerk, attempt=a, answers=tf.answers(e))
    with pytest.raises(Conflict) as refused:
        exam_services.attempt_start(actor=clerk, exam=e)
    assert refused.value.code == "exam_passed"


def test_late_papers_are_refused_and_the_attempt_counts_as_failed(w):
    e = tf.exam(w, publish_to=[w["a"]], time_limit_minutes=10)
    clerk = actor_for_user(w["a"])
    start = at(2027, 3, 10, 10)
    a = exam_services.attempt_start(actor=clerk, exam=e, now=start)
    with pytest.raises(Conflict) as refused:
        exam_services.attempt_submit(
            actor=clerk, attempt=a, answers=tf.answers(e), now=start + dt.timedelta(minutes=12)
        )
    assert refused.value.code == "exam_time_over"
    a.refresh_from_db()
    assert (a.status, a.score, a.answers) == (AttemptStatus.OPEN, None, {})
    b = exam_services.attempt_start(actor=clerk, exam=e, now=start + dt.timedelta(minutes=15))
    a.refresh_from_db()
    assert (a.status, a.score, a.passed, b.number) == (AttemptStatus.EXPIRED, 0, False, 2)


def test_only_candidates_take_an_exam_and_only_their_own_papers(w):
    e = tf.exam(w, publish_to=[w["a"]])
    with pytest.raises(PermissionDenied):
        exam_services.attempt_start(actor=actor_for_user(w["b"]), exam=e)
    a = exam_services.attempt_start(actor=actor_for_user(w["a"]), exam=e)
    with pytest.raises(PermissionDenied):
        exam_services.attempt_submit(actor=actor_for_user(w["b"]), attempt=a, answers={})


def test_answers_of_the_wrong_shape_are_refused(w):
    e = tf.exam(w, publish_to=[w["a"]])
    other = tf.exam(w, title="另一场", publish_to=[w["a"]])
    clerk = actor_for_user(w["a"])
    a = exam_services.attempt_start(actor=clerk, exam=e)
    q1, q2 = list(e.questions.all())[:2]
    foreign = other.questions.first()
    bad_sets = [
        {str(q1.pk): ["x"]},
        {"nope": []},
        {str(foreign.pk): [foreign.choices.first().pk]},
        {str(q1.pk): [q2.choices.first().pk]},
        {str(q1.pk): [c.pk for c in q1.choices.all()]},  # two picks on a single choice
    ]
    for bad in bad_sets:
        with pytest.raises(ValidationFailed):
            exam_services.attempt_submit(actor=clerk, attempt=a, answers=bad)
    a.refresh_from_db()
    assert a.status == AttemptStatus.OPEN and a.score is None


def test_probation_exam_lists_who_has_not_passed(w):
    e = tf.exam(w, title="试用期考核", is_probation=True, publish_to=[w["a"], w["c"]])
    assert {c.user_id for c in selectors.probation_pending(w["center"])} == {w["a"].pk, w["c"].pk}
    clerk = actor_for_user(w["a"])
    a = exam_services.attempt_start(actor=clerk, exam=e)
    exam_services.attempt_submit(actor=clerk, attempt=a, answers=tf.answers(e))
    assert {c.user_id for c in selectors.probation_pending(w["center"])} == {w["c"].pk}
    rows = {r["user"].pk: r for r in selectors.records_overview(w["center"], None)}
    assert rows[w["c"].pk]["probation_pending"] and not rows[w["a"].pk]["probation_pending"]
    assert rows[w["a"].pk]["passed"] == 1
    # A 首席代表 reads their department's people only.
    scope = selectors.department_scope(actor_for_user(w["lead"]), w["center"])
    assert scope == {w["dept"].pk}
    assert {r["user"].pk for r in selectors.records_overview(w["center"], scope)} == {
        w["c"].pk,
        w["lead"].pk,
    }
