"""Training and exams of the window staff (001 附录B B.6, 6.2.3).

A centre plans its in-service training (B.6.1, B.6.4: usually 1-2 sessions a
month), holds sessions for the staff it invites, records who came, and examines
them afterwards (B.6.5). An exam may also stand alone, e.g. the probation
assessment of new staff at the end of their probation (B.6.5)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class TrainingPlan(models.Model):
    """A plan over some months (a year, a quarter): the months it covers are
    checked against B.6.4's 1-2 sessions a month."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="training_plans", verbose_name=_("中心")
    )
    title = models.CharField(_("计划名称"), max_length=100)
    first_month = models.DateField(_("起始月份"))  # the 1st of the month
    last_month = models.DateField(_("结束月份"))
    note = models.TextField(_("说明"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("制定人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训计划")
        verbose_name_plural = _("培训计划")
        ordering = ["center", "-first_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__gte=models.F("first_month")), name="training_plan_months"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TrainingKind(models.TextChoices):
    BUSINESS = "business", _("业务知识")
    ETIQUETTE = "etiquette", _("服务礼仪")
    POLICY = "policy", _("政策法规")
    SYSTEM = "system", _("系统操作")
    EMERGENCY = "emergency", _("应急处置")
    INTEGRITY = "integrity", _("廉政纪律")
    INDUCTION = "induction", _("入职培训")
    OTHER = "other", _("其他")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("已安排")
    HELD = "held", _("已举办")
    CANCELLED = "cancelled", _("已取消")


class TrainingSession(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="training_sessions", verbose_name=_("中心")
    )
    topic = models.CharField(_("培训主题"), max_length=100)
    kind = models.CharField(_("培训类别"), max_length=20, choices=TrainingKind.choices)
    trainer = models.CharField(_("授课人"), max_length=60)
    place = models.CharField(_("培训地点"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    # Who was invited, in words ("全体人员", "综合窗口人员", "区人社局"); the
    # invitations are the list of names.
    audience = models.CharField(_("参训对象"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    # The windows the session leaves with nobody, confirmed by the centre when it
    # was arranged (empty: every window kept a post).
    uncovered_confirmed = models.CharField(_("确认空岗窗口"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("安排人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["center", "-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_times"
            )
        ]
        indexes = [models.Index(fields=["center", "starts_at"])]

    def __str__(self) -> str:
        return self.topic


class Attendance(models.TextChoices):
    PENDING = "pending", _("未记录")
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")
    EXCUSED = "excused", _("请假")


class Invitation(models.Model):
    session = models.ForeignKey(
        TrainingSession, models.CASCADE, related_name="invitations", verbose_name=_("培训场次")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="training_invitations", verbose_name=_("工作人员")
    )
    attendance = models.CharField(
        _("出勤"), max_length=10, choices=Attendance.choices, default=Attendance.PENDING
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("参训人员")
        verbose_name_plural = _("参训人员")
        ordering = ["session", "user__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="training_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.user.display_name}"


class ExamStatus(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    OPEN = "open", _("考试中")
    CLOSED = "closed", _("已结束")


class Exam(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="training_exams", verbose_name=_("中心")
    )
    session = models.ForeignKey(
        TrainingSession,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="exams",
        verbose_name=_("培训场次"),
    )
    title = models.CharField(_("考试名称"), max_length=100)
    pass_mark = models.PositiveSmallIntegerField(_("及格分"), default=60)  # of 100
    time_limit_minutes = models.PositiveSmallIntegerField(_("考试时长（分钟）"), default=30)
    # B.6.5: the probation assessment of new staff at the end of their probation.
    is_probation = models.BooleanField(_("试用期考核"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ExamStatus.choices, default=ExamStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("开考时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("命题人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考试")
        verbose_name_plural = _("考试")
        ordering = ["center", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="training_exam_pass_mark"),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gte=1), name="training_exam_time_limit"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")


class Question(models.Model):
    exam = models.ForeignKey(Exam, models.CASCADE, related_name="questions", verbose_name=_("考试"))
    number = models.PositiveSmallIntegerField(_("题号"))
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("题目"), max_length=500)
    points = models.PositiveSmallIntegerField(_("分值"), default=1)

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        ordering = ["exam", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "number"], name="training_question_number"),
            models.CheckConstraint(condition=Q(points__gte=1), name="training_question_points"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, models.CASCADE, related_name="choices", verbose_name=_("试题")
    )
    number = models.PositiveSmallIntegerField(_("选项序号"))
    text = models.CharField(_("选项"), max_length=200)
    # The answer key: never rendered on the taking page.
    is_correct = models.BooleanField(_("正确答案"), default=False)

    class Meta:
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="training_choice_number")
        ]

    def __str__(self) -> str:
        return f"{self.letter}. {self.text}"

    @property
    def letter(self) -> str:
        return "ABCDEFGH"[self.number - 1] if 1 <= self.number <= 8 else str(self.number)


class Candidate(models.Model):
    """Who is to take an exam (the session's attendees, or people named)."""

    exam = models.ForeignKey(
        Exam, models.CASCADE, related_name="candidates", verbose_name=_("考试")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="exam_candidacies", verbose_name=_("考生")
    )
    passed = models.BooleanField(_("已通过"), default=False)
    best_score = models.PositiveSmallIntegerField(_("最高分"), null=True, blank=True)
    attempts_used = models.PositiveSmallIntegerField(_("已考次数"), default=0)

    class Meta:
        verbose_name = _("考生")
        verbose_name_plural = _("考生")
        ordering = ["exam", "user__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "user"], name="training_candidate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.exam} · {self.user.display_name}"


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("答题中")
    SUBMITTED = "submitted", _("已交卷")
    EXPIRED = "expired", _("超时未交卷")


class Attempt(models.Model):
    candidate = models.ForeignKey(
        Candidate, models.CASCADE, related_name="attempts", verbose_name=_("考生")
    )
    number = models.PositiveSmallIntegerField(_("第几次"))
    status = models.CharField(
        _("状态"), max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN
    )
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("交卷截止"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    # question id -> the choice ids picked (as given, checked by the service)
    answers = models.JSONField(_("作答"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("得分"), null=True, blank=True)
    passed = models.BooleanField(_("及格"), null=True, blank=True)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["candidate", "number"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "number"], name="training_attempt_number"),
            # One attempt at a time.
            models.UniqueConstraint(
                fields=["candidate"], condition=Q(status="open"), name="training_attempt_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} #{self.number}"
