"""The automatic checks of efficiency supervision (001 6.6.2.2: 事项公开信息完整性,
办理时效性, 流程合法性, 服务规范性). Each check is a small function of
(centre, day, now) returning the problems it sees now, registered in CHECKS
with the seed clause it enforces. A problem's `key` names it across runs, so
supervision_run opens one finding per standing problem.

`standing`: the problem is a present state (a guide lacks its fee) that can go
away, so a run that no longer sees it marks its finding "cause gone"; a
non-standing one (a window late on one morning) is a fact of its day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from govhall.cases.models import Case, CaseStatus, CaseStep, Document, DocumentKind, Step
from govhall.catalog.models import ApprovalMode, ItemVersion, Stationing, VersionStatus
from govhall.core.center_settings import center_setting
from govhall.core.models import Center, Event, Membership, Role, User
from govhall.core.opening import intervals_on
from govhall.core.workdays import WorkingCalendar
from govhall.hall.models import Window
from govhall.staff import posts

from .models import FindingKind

# Cases whose process is checked: received within this many days (older ones
# were checked by the runs of their time; the overdue check sees every open case).
PROCESS_LOOKBACK_DAYS = 90


@dataclass(frozen=True)
class Problem:
    kind: str
    ref: str
    key: str
    subject: str
    detail: str
    owner: User | None


@dataclass(frozen=True)
class Check:
    kind: str
    ref: str
    run: Callable[[Center, dt.date, dt.datetime], list[Problem]]
    standing: bool = True


# --- who answers for a problem ---------------------------------------------------


def _member(center: Center, user: User | None) -> User | None:
    """`user` if they still work at the centre (an owner must see the finding)."""
    if user is None or not user.is_active:
        return None
    return user if Membership.objects.filter(center=center, user=user).exists() else None


def center_admin(center: Center) -> User | None:
    m = (
        Membership.objects.filter(center=center, role=Role.CENTER_ADMIN, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return m.user if m else None


def department_lead(center: Center, department_id: int) -> User | None:
    m = (
        Membership.objects.filter(
            center=center, role=Role.DEPT_LEAD, department_id=department_id, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return m.user if m else center_admin(center)


# --- (1) 事项公开信息完整性: the guide's elements --------------------------------

# What a public guide must state (DOMAIN.md "Service items and guides"; 004 第二条:
# 事项名称、受理依据、申请材料、办理流程、承诺时限、收费标准; 003 §四(二)1).
ON_THE_SPOT = (ApprovalMode.INSTANT, ApprovalMode.NOTIFY_COMMIT)
# The place is the centre the item is stationed at, which this check starts from.
ELEMENTS: list[tuple[object, Callable[[ItemVersion, int], bool]]] = [
    (_l("事项名称"), lambda v, m: bool(v.name.strip())),
    (_l("设立依据"), lambda v, m: bool(v.legal_basis.strip())),
    (_l("受理条件"), lambda v, m: bool(v.conditions.strip())),
    (_l("申请材料"), lambda v, m: m > 0),
    (_l("办理流程"), lambda v, m: bool([s for s in v.process or [] if str(s).strip()])),
    (
        _l("法定办结时限"),
        lambda v, m: v.statutory_days > 0 or v.approval_mode == ApprovalMode.INSTANT,
    ),
    # 即办 and 告知承诺 are decided on the spot: no committed period to state.
    (_l("承诺办结时限"), lambda v, m: v.committed_days > 0 or v.approval_mode in ON_THE_SPOT),
    (_l("收费标准"), lambda v, m: bool(v.fee.strip())),
    (_l("咨询电话"), lambda v, m: bool(v.consult_phone.strip())),
    (_l("投诉电话"), lambda v, m: bool(v.complaint_phone.strip())),
]


def missing_elements(version: ItemVersion, materials: int) -> list[str]:
    return [str(name) for name, present in ELEMENTS if not present(version, materials)]


def check_guide_elements(center: Center, day: dt.date, now: dt.datetime) -> list[Problem]:
    stationed = Stationing.objects.filter(
        center=center, active=True, item__published_version__isnull=False
    ).values_list("item__published_version", flat=True)
    versions = (
        ItemVersion.objects.filter(pk__in=list(stationed))
        .select_related("item")
        .annotate(n_materials=Count("materials"))
    )
    out = []
    for v in versions:
        missing = missing_elements(v, v.n_materials)
        if not missing:
            continue
        out.append(
            Problem(
                kind=FindingKind.GUIDE_INCOMPLETE,
                ref="004 第二条",
                key=f"guide:{v.item.code}",
                subject=f"{v.item.code} {v.name}",
                detail=_("现行办事指南（第%(n)s版）缺少：%(missing)s")
                % {"n": v.number, "missing": "、".join(str(m) for m in missing)},
                owner=department_lead(center, v.item.department_id),
            )
        )
    return out


# --- (2) 事项公开信息完整性: a change approved and not published in time -----------


def publish_due(approved_on: dt.date, days: int, cal: WorkingCalendar | None = None) -> dt.date:
    """The last day an approved change may be published (004 第二条: within N
    working days of the centre's approval)."""
    return (cal or WorkingCalendar()).add_working_days(approved_on, days)


def check_publish_late(center: Center, day: dt.date, now: dt.datetime) -> list[Problem]:
    days = center_setting(center, "supervision.publish_days")
    stationed = Stationing.objects.filter(center=center, active=True).values_list("item", flat=True)
    approved = ItemVersion.objects.filter(
        item__in=list(stationed), status=VersionStatus.APPROVED, reviewed_at__isnull=False
    ).select_related("item", "reviewed_by")
    cal, out = WorkingCalendar(), []
    for v in approved:
        approved_on = timezone.localdate(v.reviewed_at)
        due = publish_due(approved_on, days, cal)
        if day <= due:
            continue
        late = cal.working_days_between(due, day)
        out.append(
            Problem(
                kind=FindingKind.PUBLISH_LATE,
                ref="004 第二条",
                key=f"publish:{v.pk}",
                subject=f"{v.item.code} {v.name}",
                detail=_(
                    "第%(n)s版于%(approved)s审核通过，应在%(due)s前发布，已逾期%(late)s个工作日"
                )
                % {"n": v.number, "approved": approved_on, "due": due, "late": late},
                owner=_member(center, v.reviewed_by) or center_admin(center),
            )
        )
    return out


# --- (3) 办理时效性: cases open past their committed date -------------------------


def _case_reviewer(case: Case) -> User | None:
    """Who works the case in the back office: the last of its department's steps."""
    step = (
        case.steps.filter(department=case.department, actor__isnull=False)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    return _member(case.center, step.actor if step else None) or _member(
        case.center, case.received_by
    )


def check_cases_overdue(center: Center, day: dt.date, now: dt.datetime) -> list[Problem]:
    cases = Case.objects.filter(
        center=center, status=CaseStatus.ACCEPTED, due_date__lt=day
    ).select_related("center", "received_by", "department")
    cal, out = WorkingCalendar(), []
    for case in cases:
        out.append(
            Problem(
                kind=FindingKind.CASE_OVERDUE,
                ref="003 §四(二)4",
                key=f"overdue:{case.number}",
                subject=f"{case.number} {case.item_name}",
                detail=_("承诺办结日期%(due)s，已超期%(late)s个工作日，仍未办结")
                % {"due": case.due_date, "late": cal.working_days_between(case.due_date, day)},
                owner=_case_reviewer(case) or center_admin(center),
            )
        )
    return out


# --- (4) 流程合法性: steps out of order, notices missing ---------------------------

DECISION_DOCUMENTS = {DocumentKind.DECISION_GRANT, DocumentKind.DECISION_REFUSE}


def _first(steps: list[tuple[str, dt.datetime, int | None]], step: str):
    found = [s for s in steps if s[0] == step]
    return found[0] if found else None


def process_problems(
    *, status: str, approval_mode: str, steps: list, documents: set[str]
) -> list[tuple[str, str, int | None]]:
    """(rule, what is wrong, the acting user's id) for one case, from its steps
    [(step, at, actor id)] in order and the kinds of its documents. 即办 cases are
    decided at the window with the decision itself as their notice."""
    out = []
    accepted, decided = _first(steps, Step.ACCEPTED), _first(steps, Step.DECIDED)
    refused, asked = _first(steps, Step.REFUSED), _first(steps, Step.SUPPLEMENT_REQUESTED)
    delivered, committed = _first(steps, Step.DELIVERED), _first(steps, Step.COMMITTED)
    if (
        accepted
        and approval_mode != ApprovalMode.INSTANT
        and DocumentKind.ACCEPTANCE not in documents
    ):
        out.append(("no_acceptance", _("已受理但未出具受理通知书"), accepted[2]))
    if refused and DocumentKind.REFUSAL not in documents:
        out.append(("no_refusal", _("不予受理但未出具不予受理通知书"), refused[2]))
    if asked and DocumentKind.SUPPLEMENT not in documents:
        out.append(("no_supplement", _("要求补正但未出具一次性告知单"), asked[2]))
    if decided and not (DECISION_DOCUMENTS & documents):
        out.append(("no_decision_document", _("已作出决定但无决定书"), decided[2]))
    if status == CaseStatus.COMPLETED and not decided:
        out.append(("completed_undecided", _("已办结但没有作出决定的环节"), None))
    if decided and not (accepted or committed):
        out.append(("decided_unaccepted", _("未经受理即作出决定"), decided[2]))
    elif decided and accepted and decided[1] < accepted[1]:
        out.append(("decided_before_accepted", _("作出决定的时间早于受理时间"), decided[2]))
    if delivered and (not decided or delivered[1] < decided[1]):
        out.append(("delivered_undecided", _("作出决定之前即已出件"), delivered[2]))
    return out


def check_case_process(center: Center, day: dt.date, now: dt.datetime) -> list[Problem]:
    since = now - dt.timedelta(days=PROCESS_LOOKBACK_DAYS)
    cases = {
        c.pk: c
        for c in Case.objects.filter(center=center, received_at__gte=since)
        .only("pk", "number", "item_name", "status", "approval_mode", "received_by", "center")
        .select_related("received_by")
    }
    if not cases:
        return []
    steps: dict[int, list] = defaultdict(list)
    for case_id, step, at, actor_id in (
        CaseStep.objects.filter(case__in=list(cases))
        .order_by("at", "pk")
        .values_list("case_id", "step", "at", "actor_id")
    ):
        steps[case_id].append((step, at, actor_id))
    documents: dict[int, set[str]] = defaultdict(set)
    # values_list: never load the PDFs themselves.
    for case_id, kind in Document.objects.filter(case__in=list(cases)).values_list(
        "case_id", "kind"
    ):
        documents[case_id].add(kind)
    users = {}
    out = []
    for pk, case in cases.items():
        found = process_problems(
            status=case.status,
            approval_mode=case.approval_mode,
            steps=steps[pk],
            documents=documents[pk],
        )
        for rule, what, actor_id in found:
            if actor_id and actor_id not in users:
                users[actor_id] = User.objects.filter(pk=actor_id).first()
            owner = _member(center, users.get(actor_id)) if actor_id else None
            out.append(
                Problem(
                    kind=FindingKind.CASE_PROCESS,
                    ref="003 §四(二)3",
                    key=f"process:{case.number}:{rule}",
                    subject=f"{case.number} {case.item_name}",
                    detail=what,
                    owner=owner or _member(center, case.received_by) or center_admin(center),
                )
            )
    return out


# --- (5) 服务规范性: windows not open at opening time -------------------------------

OPEN_KINDS = ("window.open", "window.resume")
STATE_KINDS = ("window.open", "window.resume", "window.pause", "window.close")


def opening_time(center: Center, day: dt.date) -> dt.datetime | None:
    """When the hall opens on `day` (local, aware), None on a closed day."""
    intervals = intervals_on(center, day)
    if not intervals:
        return None
    return dt.datetime.combine(day, intervals[0][0], tzinfo=timezone.get_current_timezone())


def window_open_by(window: Window, moment: dt.datetime) -> bool:
    """Whether the window's last state event up to `moment` opened it."""
    last = (
        Event.objects.filter(
            aggregate_type="hall.window",
            aggregate_id=str(window.pk),
            kind__in=STATE_KINDS,
            at__lte=moment,
        )
        .order_by("-at", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    return last in OPEN_KINDS


# A window counts as in service when it was opened within this many days before
# (or on) the day: a spare window with posts on paper but never opened is not
# expected at opening.
IN_SERVICE_DAYS = 14


def in_service(window: Window, day: dt.date) -> bool:
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(day - dt.timedelta(days=IN_SERVICE_DAYS), dt.time(), tzinfo=tz)
    until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return Event.objects.filter(
        aggregate_type="hall.window",
        aggregate_id=str(window.pk),
        kind__in=OPEN_KINDS,
        at__gte=since,
        at__lt=until,
    ).exists()


def check_windows_opened(center: Center, day: dt.date, now: dt.datetime) -> list[Problem]:
    opens = opening_time(center, day)
    if opens is None:
        return []
    grace = dt.timedelta(minutes=center_setting(center, "supervision.window_grace_minutes"))
    if now < opens + grace:
        return []  # not yet: the run of the morning comes after the grace
    out = []
    for window in Window.objects.filter(center=center, is_active=True).order_by("number"):
        if window_open_by(window, opens + grace) or not in_service(window, day):
            continue
        serving = posts.serving(window, opens)
        if serving is None:
            continue  # nobody rostered to the window (both posts away): not expected open
        out.append(
            Problem(
                kind=FindingKind.WINDOW_LATE,
                ref="001 附录D D.1",
                key=f"window:{window.code}:{day.isoformat()}",
                subject=_("%(n)s号窗口 %(name)s") % {"n": window.number, "name": window.name},
                detail=_("%(day)s 开放时间%(time)s后%(grace)s分钟仍未开窗（当班：%(who)s）")
                % {
                    "day": day,
                    "time": opens.strftime("%H:%M"),
                    "grace": int(grace.total_seconds() // 60),
                    "who": serving.user.display_name,
                },
                owner=_member(center, serving.user) or center_admin(center),
            )
        )
    return out


CHECKS: list[Check] = [
    Check(FindingKind.GUIDE_INCOMPLETE, "004 第二条", check_guide_elements),
    Check(FindingKind.PUBLISH_LATE, "004 第二条", check_publish_late),
    Check(FindingKind.CASE_OVERDUE, "003 §四(二)4", check_cases_overdue),
    Check(FindingKind.CASE_PROCESS, "003 §四(二)3", check_case_process),
    Check(FindingKind.WINDOW_LATE, "001 附录D D.1", check_windows_opened, standing=False),
]
