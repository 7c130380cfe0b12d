"""Demo training at SC-QZX (001 B.6): the fourth quarter's plan of 2026 with one or
two sessions a month; November's 一网通办 system training held, its exam taken
(one clerk failed and passed the retake); December's session planned; and a new
clerk, in the centre since September, still to take the probation exam."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Membership, Role, User
from govhall.staff.profiles.models import StaffKind, StaffProfile

from . import exam_services, services
from .models import Attendance, QuestionKind, TrainingKind, TrainingPlan

PLAN_TITLE = "2026年第四季度窗口工作人员在职培训计划"
TRAINEE = ("qzx_trainee", "林思雨", "SC0201")

SINGLE, MULTI, TF = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE
# (kind, text, options, correct indexes); true/false: 0 = 正确, 1 = 错误
SYSTEM_QUESTIONS = [
    (
        SINGLE,
        "新版受理系统中，受理编号在何时生成？",
        [
            "申请人签字确认后",
            "材料齐全、点击“受理”时由系统自动生成",
            "审批办结后",
            "窗口人员手工编号",
        ],
        {1},
    ),
    (
        SINGLE,
        "申请材料不齐全或不符合法定形式时，系统中应出具哪种文书？",
        ["受理通知书", "一次性告知书（补正材料通知书）", "不予受理决定书", "准予许可决定书"],
        {1},
    ),
    (
        MULTI,
        "以下哪些材料可通过电子证照库调用，无需申请人再提交纸质件？",
        ["居民身份证", "营业执照", "手写的情况说明", "不动产权证书"],
        {0, 1, 3},
    ),
    (TF, "窗口人员可以使用其他同事的系统账号登录，代为受理办件。", [], {1}),
    (
        SINGLE,
        "办件在承诺办结日前几个工作日，系统显示黄色预警？",
        ["1个", "2个", "5个", "不预警"],
        {1},
    ),
    (
        MULTI,
        "代办人来办理时，收件环节应在系统中核验哪些信息？",
        ["代办人身份证件", "授权委托书", "申请人的婚姻状况", "申请人联系电话"],
        {0, 1, 3},
    ),
    (TF, "告知承诺制事项，申请人签署承诺书后可先行受理，事后核查。", [], {0}),
    (
        SINGLE,
        "系统故障无法受理时，窗口人员首先应当：",
        [
            "请群众改日再来",
            "登记群众信息和诉求，启用应急受理流程并报告值班长",
            "自行关闭窗口",
            "建议群众回家网上办理",
        ],
        {1},
    ),
]
PROBATION_QUESTIONS = [
    (
        SINGLE,
        "窗口工作人员应在窗口开放前多少分钟到岗？",
        ["5分钟", "10分钟", "30分钟", "不作要求"],
        {1},
    ),
    (TF, "同一窗口的A岗和B岗可以同时离岗。", [], {1}),
    (
        MULTI,
        "窗口服务中应当做到：",
        ["首问负责", "一次性告知", "因私事离岗不作告知", "使用服务规范用语"],
        {0, 1, 3},
    ),
    (
        SINGLE,
        "收到群众的差评后，应当：",
        ["不予理会", "核实情况、整改并答复", "删除该评价", "请群众修改评价"],
        {1},
    ),
    (TF, "工作人员可以替同事打卡考勤。", [], {1}),
]


def _at(y, m, d, hh, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=timezone.get_current_timezone())


def _trainee(center) -> User:
    username, name, number = TRAINEE
    user, created = User.objects.get_or_create(
        username=username, defaults={"last_name": name, "staff_number": number}
    )
    if created:
        from govhall.demo.loader import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, role=Role.CLERK, center=center)
    StaffProfile.objects.get_or_create(
        user=user,
        center=center,
        defaults={"kind": StaffKind.COMPREHENSIVE, "started_on": dt.date(2026, 9, 1)},
    )
    return user


def _answers(exam, wrong: int = 0) -> dict:
    """A paper with the first `wrong` questions answered wrongly."""
    answers = {}
    for i, q in enumerate(exam.questions.prefetch_related("choices")):
        choices = list(q.choices.all())
        right = [c.pk for c in choices if c.is_correct]
        other = [c.pk for c in choices if not c.is_correct]
        answers[str(q.pk)] = other[:1] if i < wrong else right
    return answers


def _sit(user, exam, at, wrong=0, minutes=12):
    actor = actor_for_user(user)
    attempt = exam_services.attempt_start(actor=actor, exam=exam, now=at)
    return exam_services.attempt_submit(
        actor=actor,
        attempt=attempt,
        answers=_answers(exam, wrong),
        now=at + dt.timedelta(minutes=minutes),
    )


def _questions(admin, exam, specs):
    for kind, text, options, correct in specs:
        exam_services.question_add(
            actor=admin, exam=exam, kind=kind, text=text, options=options, correct=correct
        )


@transaction.atomic
def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    if center is None or TrainingPlan.objects.filter(center=center, title=PLAN_TITLE).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__startswith="qzx_")}
    if "qzx_admin" not in users:
        return
    users["qzx_trainee"] = _trainee(center)
    admin = actor_for_user(users["qzx_admin"])
    front = ["qzx_reception", "qzx_clerk1", "qzx_clerk2", "qzx_assistant", "qzx_duty"]

    services.plan_create(
        actor=admin,
        center=center,
        title=PLAN_TITLE,
        first_month=dt.date(2026, 10, 1),
        last_month=dt.date(2026, 12, 1),
        note="依据附录B B.6.4，每月开展1-2次在职培训，培训结束后组织考试。",
    )

    def session(topic, kind, trainer, place, start, end, who):
        return services.session_create(
            actor=admin,
            center=center,
            topic=topic,
            kind=kind,
            trainer=trainer,
            place=place,
            starts_at=start,
            ends_at=end,
            invitees=[users[u] for u in who],
            audience="指定人员",
        )

    def attend(s, marks, at, notes=None):
        services.attendance_record(
            actor=admin,
            session=s,
            marks={users[u].pk: m for u, m in marks.items()},
            notes={users[u].pk: n for u, n in (notes or {}).items()},
            now=at,
        )

    P, E = Attendance.PRESENT, Attendance.EXCUSED
    # October: policy (clerk 1 away, clerk 2 serves both windows), then a drill after closing.
    oct1 = session(
        "告知承诺制政策解读与窗口适用",
        TrainingKind.POLICY,
        "区司法局 周律师",
        "中心三楼培训室",
        _at(2026, 10, 14, 15),
        _at(2026, 10, 14, 16, 30),
        ["qzx_reception", "qzx_clerk1", "qzx_assistant", "qzx_duty"],
    )
    attend(
        oct1,
        {u: P for u in ["qzx_reception", "qzx_clerk1", "qzx_assistant", "qzx_duty"]},
        _at(2026, 10, 14, 16, 40),
    )
    oct2 = session(
        "消防安全与突发事件应急处置演练",
        TrainingKind.EMERGENCY,
        "区消防救援支队 钱教官",
        "中心一楼大厅及疏散通道",
        _at(2026, 10, 28, 17, 15),
        _at(2026, 10, 28, 18, 15),
        front,
    )
    attend(
        oct2,
        {**{u: P for u in front}, "qzx_duty": E},
        _at(2026, 10, 28, 18, 20),
        {"qzx_duty": "当晚值班"},
    )
    # November: the new 一网通办 system, on Saturday afternoon after the morning's opening.
    nov_who = [*front, "qzx_trainee"]
    nov = session(
        "“一网通办”新版受理系统操作培训",
        TrainingKind.SYSTEM,
        "区大数据中心 许工程师",
        "中心三楼培训室",
        _at(2026, 11, 21, 14),
        _at(2026, 11, 21, 16, 30),
        nov_who,
    )
    attend(
        nov,
        {**{u: P for u in nov_who}, "qzx_duty": E},
        _at(2026, 11, 21, 16, 35),
        {"qzx_duty": "周六上午值班后调休"},
    )
    exam = exam_services.exam_create(
        actor=admin,
        center=center,
        title="“一网通办”新版受理系统操作考试",
        session=nov,
        pass_mark=80,
        time_limit_minutes=20,
    )
    _questions(admin, exam, SYSTEM_QUESTIONS)
    exam_services.exam_publish(
        actor=admin,
        exam=exam,
        candidates=exam_services.default_candidates(exam),
        now=_at(2026, 11, 23, 9),
    )
    _sit(users["qzx_clerk1"], exam, _at(2026, 11, 23, 16, 20))
    _sit(users["qzx_clerk2"], exam, _at(2026, 11, 23, 16, 25), wrong=3)  # 62: failed
    _sit(users["qzx_reception"], exam, _at(2026, 11, 23, 16, 30), wrong=1)
    _sit(users["qzx_assistant"], exam, _at(2026, 11, 24, 16, 15), wrong=1)
    _sit(users["qzx_trainee"], exam, _at(2026, 11, 24, 16, 20))
    _sit(users["qzx_clerk2"], exam, _at(2026, 11, 25, 16, 40), minutes=15)  # retake: 100
    exam_services.exam_close(actor=admin, exam=exam, now=_at(2026, 11, 30, 17))
    # December: planned in working hours; clerk 1 serves both windows meanwhile.
    session(
        "窗口服务礼仪与“好差评”差评整改案例",
        TrainingKind.ETIQUETTE,
        "中心综合科 王建华",
        "中心三楼培训室",
        _at(2026, 12, 16, 15, 30),
        _at(2026, 12, 16, 17),
        ["qzx_reception", "qzx_clerk2", "qzx_assistant", "qzx_trainee"],
    )
    # The new clerk's probation ends: the probation exam (B.6.5), not taken yet.
    probation = exam_services.exam_create(
        actor=admin,
        center=center,
        title="新入职人员试用期考核（2026年12月）",
        pass_mark=80,
        time_limit_minutes=30,
        is_probation=True,
    )
    _questions(admin, probation, PROBATION_QUESTIONS)
    exam_services.exam_publish(
        actor=admin, exam=probation, candidates=[users["qzx_trainee"]], now=_at(2026, 12, 1, 9)
    )
