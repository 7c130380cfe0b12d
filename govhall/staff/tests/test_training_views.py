"""Training pages with good and bad input: missing, too long, the wrong type,
another centre's session or exam, two attempts at once, a paper after the time
limit, steps out of order → 4xx and nothing changed. The answer key is never in
the taking page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.staff.training import exam_services, services
from govhall.staff.training.models import (
    Attempt,
    AttemptStatus,
    Choice,
    Exam,
    Invitation,
    Question,
    TrainingPlan,
    TrainingSession,
)

from . import training_factories as tf

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return tf.world()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(w, name, *args, center=None):
    return reverse(f"staff:{name}", args=[(center or w["center"]).code, *args])


def _today_at(hour, minute=0):
    now = timezone.localtime()
    return now.replace(hour=hour, minute=minute, second=0, microsecond=0)


def test_the_pages_open_for_the_centre_admin_and_refuse_a_clerk(w):
    admin, clerk = client_for(w["admin"]), client_for(w["a"])
    s = tf.session(w)
    e = tf.exam(w, session=s)
    for name, args in [
        ("training_plan", ()),
        ("training_sessions", ()),
        ("training_session_new", ()),
        ("training_session", (s.pk,)),
        ("training_exams", ()),
        ("training_exam_new", ()),
        ("training_exam", (e.pk,)),
        ("training_results", (e.pk,)),
        ("training_records", ()),
    ]:
        assert admin.get(url(w, name, *args)).status_code == 200, name
        assert clerk.get(url(w, name, *args)).status_code == 403, name
    assert clerk.get(url(w, "training_mine")).status_code == 200


# --- plan and sessions --------------------------------------------------------------------------


def test_plan_form_bad_input(w):
    admin = client_for(w["admin"])
    for data in (
        {},
        {"title": "x" * 101, "first_month": "2027-01", "last_month": "2027-03"},
        {"title": "计划", "first_month": "一月", "last_month": "2027-03"},
        {"title": "计划", "first_month": "2027-05", "last_month": "2027-03"},
    ):
        assert admin.post(url(w, "training_plan_add"), data).status_code == 400, data
    assert not TrainingPlan.objects.exists()
    ok = {"title": "一季度计划", "first_month": "2027-01", "last_month": "2027-03"}
    assert admin.post(url(w, "training_plan_add"), ok).status_code == 302
    page = admin.get(url(w, "training_plan")).content.decode()
    assert page.count('class="flagged"') == 3  # no sessions yet: every month flagged


def _session_data(w, **kw):
    data = {
        "topic": "新版受理系统操作培训",
        "kind": "system",
        "trainer": "许工程师",
        "place": "三楼培训室",
        "day": "2027-03-10",
        "start": "10:00",
        "end": "11:00",
        "audience": "people",
        "people": [w["a"].pk],
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "change",
    [
        {"topic": None},
        {"topic": "长" * 101},
        {"day": "明天"},
        {"start": "25:00"},
        {"end": "09:00"},
        {"kind": "cooking"},
        {"audience": "people", "people": []},
        {"audience": "people", "people": ["abc"]},
        {"audience": "department", "department": "999999"},
    ],
)
def test_session_form_bad_input_changes_nothing(w, change):
    response = client_for(w["admin"]).post(
        url(w, "training_session_new"), _session_data(w, **change)
    )
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_someone_of_another_centre_cannot_be_invited(w):
    data = _session_data(w, people=[w["a"].pk, w["other_clerk"].pk])
    assert client_for(w["admin"]).post(url(w, "training_session_new"), data).status_code == 400
    assert not TrainingSession.objects.exists()


def test_uncovered_windows_are_listed_and_need_the_confirmation(w):
    admin = client_for(w["admin"])
    data = _session_data(w, people=[w["a"].pk, w["b"].pk])
    response = admin.post(url(w, "training_session_new"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "1号窗口" in html and "2号窗口" in html and 'name="confirm_uncovered"' in html
    assert not TrainingSession.objects.exists()
    response = admin.post(url(w, "training_session_new"), {**data, "confirm_uncovered": "on"})
    assert response.status_code == 302
    assert TrainingSession.objects.get().uncovered_confirmed == "1号窗口、2号窗口"


def test_another_centres_session_and_exam_are_not_found(w):
    s = tf.session(w)
    e = tf.exam(w)
    other = client_for(w["other_admin"])
    oc = w["other"]
    assert other.get(url(w, "training_session", s.pk, center=oc)).status_code == 404
    assert other.get(url(w, "training_exam", e.pk, center=oc)).status_code == 404
    marks = {f"mark_{w['a'].pk}": "present"}
    assert other.post(url(w, "training_attendance", s.pk, center=oc), marks).status_code == 404
    q = {"kind": "true_false", "text": "x", "correct": "A", "points": "1"}
    assert other.post(url(w, "training_question_add", e.pk, center=oc), q).status_code == 404
    # Asking for it at this centre: the role is refused first.
    assert other.get(url(w, "training_session", s.pk)).status_code == 403
    assert Invitation.objects.get().attendance == "pending"
    assert e.questions.count() == 3


def test_attendance_before_the_start_is_refused(w):
    start = timezone.now() + dt.timedelta(days=2)
    s = tf.session(w, start=start.replace(hour=17, minute=15))
    admin = client_for(w["admin"])
    response = admin.post(url(w, "training_attendance", s.pk), {f"mark_{w['a'].pk}": "present"})
    assert response.status_code == 409
    assert Invitation.objects.get().attendance == "pending"


def test_attendance_recorded_and_a_bad_mark_refused(w):
    start = timezone.now() - dt.timedelta(days=1)
    s = tf.session(w, who=[w["a"], w["c"]], start=start.replace(hour=17, minute=15))
    admin = client_for(w["admin"])
    bad = {f"mark_{w['a'].pk}": "sleeping"}
    assert admin.post(url(w, "training_attendance", s.pk), bad).status_code == 400
    long_note = {f"mark_{w['a'].pk}": "present", f"note_{w['a'].pk}": "x" * 201}
    assert admin.post(url(w, "training_attendance", s.pk), long_note).status_code == 400
    assert set(Invitation.objects.values_list("attendance", flat=True)) == {"pending"}
    good = {f"mark_{w['a'].pk}": "present", f"mark_{w['c'].pk}": "absent"}
    assert admin.post(url(w, "training_attendance", s.pk), good).status_code == 302
    assert dict(Invitation.objects.values_list("user", "attendance")) == {
        w["a"].pk: "present",
        w["c"].pk: "absent",
    }


# --- the exam editor ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "single", "text": "题", "options": "甲\n乙", "correct": "Z", "points": "1"},
        {"kind": "single", "text": "题" * 501, "options": "甲\n乙", "correct": "A", "points": "1"},
        {"kind": "single", "text": "题", "options": "甲\n乙", "correct": "A", "points": "many"},
        {"kind": "single", "text": "题", "options": "甲\n乙", "correct": "AB", "points": "1"},
        {"kind": "single", "text": "题", "options": "甲", "correct": "A", "points": "1"},
        {"kind": "multiple", "text": "题", "options": "甲\n乙", "correct": "C", "points": "1"},
    ],
)
def test_question_form_bad_input_changes_nothing(w, data):
    e = tf.exam(w, questions=[])
    response = client_for(w["admin"]).post(url(w, "training_question_add", e.pk), data)
    assert response.status_code in (400, 422)
    assert not Question.objects.exists()


def test_questions_cannot_be_added_after_publishing(w):
    e = tf.exam(w, publish_to=[w["a"]])
    data = {"kind": "true_false", "text": "新题", "correct": "A", "points": "1"}
    assert (
        client_for(w["admin"]).post(url(w, "training_question_add", e.pk), data).status_code == 409
    )
    assert e.questions.count() == 3


def test_exam_form_and_publishing_bad_input(w):
    admin = client_for(w["admin"])
    for data in (
        {},
        {"title": "考", "pass_mark": "150", "time_limit_minutes": "20"},
        {"title": "考", "pass_mark": "八十", "time_limit_minutes": "20"},
        {"title": "考", "pass_mark": "80", "time_limit_minutes": "20", "session": "999999"},
    ):
        assert admin.post(url(w, "training_exam_new"), data).status_code == 400, data
    assert not Exam.objects.exists()
    e = tf.exam(w)
    bad = {"candidates": [w["other_clerk"].pk]}
    assert admin.post(url(w, "training_exam_publish", e.pk), bad).status_code == 400
    assert admin.post(url(w, "training_exam_publish", e.pk), {}).status_code == 400
    assert Exam.objects.get(pk=e.pk).status == "draft"
    ok = {"candidates": [w["a"].pk]}
    assert admin.post(url(w, "training_exam_publish", e.pk), ok).status_code == 302
    assert Exam.objects.get(pk=e.pk).status == "open"


# --- taking an exam -----------------------------------------------------------------------------------


def _strip(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_answer_key_is_not_in_the_taking_page(w):
    e = tf.exam(w, publish_to=[w["a"]])
    clerk = client_for(w["a"])
    assert clerk.post(url(w, "training_start", e.pk)).status_code == 302
    first = clerk.get(url(w, "training_take", e.pk))
    assert first.status_code == 200
    html = _strip(first.content.decode())
    assert "correct" not in html and "✓" not in html
    # Turn the key round: the page is the same to the byte.
    for choice in Choice.objects.filter(question__exam=e):
        choice.is_correct = not choice.is_correct
        choice.save()
    assert _strip(clerk.get(url(w, "training_take", e.pk)).content.decode()) == html


def test_take_submit_and_see_the_score(w):
    e = tf.exam(w, publish_to=[w["a"]])
    clerk = client_for(w["a"])
    clerk.post(url(w, "training_start", e.pk))
    attempt = Attempt.objects.get()
    data = {f"q{k}": v for k, v in tf.answers(e, wrong={3}).items()}
    response = clerk.post(url(w, "training_submit", e.pk, attempt.pk), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (66, False)
    page = clerk.get(response["Location"]).content.decode()
    assert "66" in page and "补考" in page


def test_taking_twice_at_once_is_refused(w):
    e = tf.exam(w, publish_to=[w["a"]])
    clerk = client_for(w["a"])
    assert clerk.post(url(w, "training_start", e.pk)).status_code == 302
    assert clerk.post(url(w, "training_start", e.pk)).status_code == 409
    assert Attempt.objects.count() == 1


def test_a_paper_after_the_time_limit_is_refused_and_nothing_changes(w):
    e = tf.exam(w, publish_to=[w["a"]])
    clerk = client_for(w["a"])
    clerk.post(url(w, "training_start", e.pk))
    attempt = Attempt.objects.get()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    data = {f"q{k}": v for k, v in tf.answers(e).items()}
    assert clerk.post(url(w, "training_submit", e.pk, attempt.pk), data).status_code == 409
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.answers) == (AttemptStatus.OPEN, None, {})


def test_bad_papers_and_steps_out_of_order(w):
    e = tf.exam(w, publish_to=[w["a"], w["b"]])
    clerk = client_for(w["a"])
    first_q = e.questions.first()
    # Handing in before starting: there is no paper.
    assert clerk.post(url(w, "training_submit", e.pk, 999999), {}).status_code == 404
    clerk.post(url(w, "training_start", e.pk))
    attempt = Attempt.objects.get()
    submit = url(w, "training_submit", e.pk, attempt.pk)
    assert clerk.post(submit, {f"q{first_q.pk}": "abc"}).status_code == 422
    assert clerk.post(submit, {f"q{first_q.pk}": "999999"}).status_code == 422
    # Someone else's paper is not found for them.
    assert client_for(w["b"]).post(submit, {}).status_code == 404
    # A non-candidate does not see the exam.
    assert client_for(w["c"]).get(url(w, "training_take", e.pk)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN
    assert clerk.post(submit, {}).status_code == 302  # all blank: 0 points
    assert clerk.post(submit, {}).status_code == 409  # already handed in
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_a_draft_exam_cannot_be_started(w):
    e = tf.exam(w)
    exam_services.Candidate.objects.create(exam=e, user=w["a"])
    assert client_for(w["a"]).post(url(w, "training_start", e.pk)).status_code == 409
    assert not Attempt.objects.exists()


# --- records and the workbench ---------------------------------------------------------------------


def test_records_scoped_to_the_department_of_a_lead_and_own_for_a_clerk(w):
    tf.exam(w, is_probation=True, title="试用期考核", publish_to=[w["a"], w["c"]])
    lead, clerk = client_for(w["lead"]), client_for(w["a"])
    page = lead.get(url(w, "training_records")).content.decode()
    assert f'data-user="{w["c"].pk}"' in page and f'data-user="{w["a"].pk}"' not in page
    assert lead.get(url(w, "training_record", w["c"].pk)).status_code == 200
    assert lead.get(url(w, "training_record", w["a"].pk)).status_code == 404
    assert clerk.get(url(w, "training_record", w["a"].pk)).status_code == 200
    assert clerk.get(url(w, "training_record", w["b"].pk)).status_code == 404
    admin_page = client_for(w["admin"]).get(url(w, "training_records")).content.decode()
    assert 'id="probation"' in admin_page


def test_workbench_counts(w):
    from govhall.core.navigation import links

    e = tf.exam(w, publish_to=[w["a"]])
    start = timezone.now() - dt.timedelta(days=1)
    tf.session(w, start=start.replace(hour=17, minute=15))

    def count(user, key):
        rows = links(actor_for_user(user), w["center"], with_waiting=True)
        return {r["key"]: r.get("waiting") for r in rows}.get(key)

    assert count(w["a"], "training.mine") == 1
    assert count(w["admin"], "training.sessions") == 1
    assert count(w["a"], "training.sessions") is None
    clerk = actor_for_user(w["a"])
    a = exam_services.attempt_start(actor=clerk, exam=e)
    exam_services.attempt_submit(actor=clerk, attempt=a, answers=tf.answers(e))
    assert count(w["a"], "training.mine") == 0
    services.attendance_record(
        actor=w["actor"],
        session=TrainingSession.objects.get(),
        marks={w["a"].pk: "present"},
    )
    assert count(w["admin"], "training.sessions") == 0
