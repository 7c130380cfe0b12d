"""A small centre for the training tests: an admin, three clerks with profiles,
windows 1 and 2 whose A/B posts the first two clerks hold crosswise, a
department's dispatched clerk, and a second centre with its own admin."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.hall.models import Post, Window, WindowPost
from govhall.staff.profiles.models import StaffKind, StaffProfile
from govhall.staff.training import exam_services, services
from govhall.staff.training.models import QuestionKind

PASSWORD = "pw-123456-x"


def at(y, m, d, hh, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=timezone.get_current_timezone())


def profile(user, center, kind=StaffKind.COMPREHENSIVE, department=None):
    StaffProfile.objects.create(
        user=user, center=center, kind=kind, department=department, started_on=dt.date(2025, 1, 1)
    )
    return user


def world() -> dict:
    district = f.district()
    center = f.center(district)
    other = f.center(district)
    dept = f.department(district)
    admin = profile(f.staff(Role.CENTER_ADMIN, center_=center), center, StaffKind.MANAGEMENT)
    a = profile(f.staff(Role.CLERK, center_=center), center)
    b = profile(f.staff(Role.CLERK, center_=center), center)
    c = profile(f.staff(Role.CLERK, center_=center), center, StaffKind.DISPATCHED, dept)
    lead = profile(
        f.staff(Role.DEPT_LEAD, center_=center, department_=dept),
        center,
        StaffKind.DISPATCHED,
        dept,
    )
    for user in (a, b, c, admin, lead):
        user.last_name = f"员工{user.pk}"
        user.staff_number = f"T{user.pk:04d}"
        user.save()
    w1 = Window.objects.create(center=center, code=f"{center.code}-W01", number=1, name="1号窗口")
    w2 = Window.objects.create(center=center, code=f"{center.code}-W02", number=2, name="2号窗口")
    WindowPost.objects.create(window=w1, post=Post.A, user=a, on_duty=True)
    WindowPost.objects.create(window=w1, post=Post.B, user=b)
    WindowPost.objects.create(window=w2, post=Post.A, user=b, on_duty=True)
    WindowPost.objects.create(window=w2, post=Post.B, user=a)
    other_admin = profile(f.staff(Role.CENTER_ADMIN, center_=other), other, StaffKind.MANAGEMENT)
    other_clerk = profile(f.staff(Role.CLERK, center_=other), other)
    return {
        "center": center,
        "other": other,
        "dept": dept,
        "admin": admin,
        "a": a,
        "b": b,
        "c": c,
        "lead": lead,
        "w1": w1,
        "w2": w2,
        "other_admin": other_admin,
        "other_clerk": other_clerk,
        "actor": actor_for_user(admin),
    }


def session(w, who=None, start=None, end=None, **kw):
    start = start or at(2027, 3, 10, 10)
    return services.session_create(
        actor=w["actor"],
        center=w["center"],
        topic=kw.pop("topic", "新版受理系统操作培训"),
        kind=kw.pop("kind", "system"),
        trainer=kw.pop("trainer", "许工程师"),
        place=kw.pop("place", "三楼培训室"),
        starts_at=start,
        ends_at=end or start + dt.timedelta(hours=1),
        invitees=who if who is not None else [w["a"]],
        **kw,
    )


QUESTIONS = [
    (QuestionKind.SINGLE, "受理编号何时生成？", ["签字后", "点击受理时", "办结后"], {1}),
    (QuestionKind.MULTIPLE, "可调用电子证照的有：", ["身份证", "营业执照", "情况说明"], {0, 1}),
    (QuestionKind.TRUE_FALSE, "可以借用同事账号受理。", [], {1}),
]


def exam(w, *, publish_to=None, questions=QUESTIONS, **kw):
    e = exam_services.exam_create(
        actor=w["actor"],
        center=w["center"],
        title=kw.pop("title", "系统操作考试"),
        pass_mark=kw.pop("pass_mark", 80),
        time_limit_minutes=kw.pop("time_limit_minutes", 20),
        **kw,
    )
    for kind, text, options, correct in questions:
        exam_services.question_add(
            actor=w["actor"], exam=e, kind=kind, text=text, options=options, correct=correct
        )
    if publish_to:
        e = exam_services.exam_publish(actor=w["actor"], exam=e, candidates=publish_to)
    return e


def answers(e, wrong=()):
    """Right answers, except for the questions numbered in `wrong`."""
    out = {}
    for q in e.questions.prefetch_related("choices"):
        right = [c.pk for c in q.choices.all() if c.is_correct]
        other = [c.pk for c in q.choices.all() if not c.is_correct]
        out[str(q.pk)] = other[:1] if q.number in wrong else right
    return out
