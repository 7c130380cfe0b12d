"""Reads of attendance: each person's days evaluated by rules.py from the
punches, excuses, force-majeure days, leave and training (staff.presence), the
centre's hours (core.opening) and the working-day calendar (core.workdays)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.db.models import Q
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.capabilities import grants
from govhall.core.center_settings import center_setting
from govhall.core.models import Center, Holiday, Membership, Role, User
from govhall.core.months import Month
from govhall.core.opening import intervals_on
from govhall.core.workdays import WorkingCalendar

from .. import presence
from ..profiles.models import StaffProfile
from .models import DeviceFault, Excuse, ExcuseKind, ForceMajeure, Punch, PunchKind
from .rules import DayFacts, DayResult, DayRules, DayStatus, evaluate


def active_profiles(center: Center, first: dt.date | None = None, last: dt.date | None = None):
    """Profiles at `center` in post at some time between `first` and `last`
    (default today)."""
    first = first or timezone.localdate()
    last = last or first
    return (
        StaffProfile.objects.filter(center=center, started_on__lte=last)
        .filter(Q(ended_on__isnull=True, is_active=True) | Q(ended_on__gte=first))
        .select_related("user", "department")
    )


def active_profiles_of(user: User) -> list[StaffProfile]:
    """The user's profiles in post today, at every centre."""
    today = timezone.localdate()
    return list(
        StaffProfile.objects.filter(user=user, is_active=True, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("center")
        .order_by("center__code")
    )


def profile_by_number(center: Center, staff_number: str) -> StaffProfile | None:
    if not staff_number or "\x00" in staff_number:
        return None
    return active_profiles(center).filter(user__staff_number=staff_number).first()


def led_departments(actor: Actor, center: Center) -> list[int] | None:
    """None: the actor reads every person at `center`; else the departments a
    department lead (首席代表) reads, their own only."""
    if actor.is_superuser:
        return None
    held = actor.roles.get(center.pk, frozenset())
    if any(r != Role.DEPT_LEAD and grants(r, "staff.read") for r in held):
        return None
    return list(
        Membership.objects.filter(
            user=actor.user, center=center, role=Role.DEPT_LEAD, department__isnull=False
        ).values_list("department", flat=True)
    )


def visible_profiles(
    actor: Actor, center: Center, first: dt.date | None = None, last: dt.date | None = None
):
    """The people whose attendance `actor` may read at `center`."""
    qs = active_profiles(center, first, last).order_by("department__code", "user__staff_number")
    led = led_departments(actor, center)
    return qs if led is None else qs.filter(department__in=led)


def _exceptions(first: dt.date, last: dt.date) -> dict:
    return dict(Holiday.objects.filter(date__gte=first, date__lte=last).values_list("date", "kind"))


def day_rules(
    center: Center, day: dt.date, cal: WorkingCalendar, exceptions: dict | None = None
) -> DayRules:
    intervals = intervals_on(center, day, exceptions)
    if not intervals or not cal.is_working_day(day):
        return DayRules(counted=False)
    tz = timezone.get_current_timezone()
    before = dt.timedelta(minutes=center_setting(center, "staff.arrive_before_minutes"))
    opens = dt.datetime.combine(day, intervals[0][0], tzinfo=tz)
    closes = dt.datetime.combine(day, intervals[-1][1], tzinfo=tz)
    return DayRules(counted=True, arrive_by=opens - before, closes=closes)


@dataclass
class Totals:
    days_worked: int = 0
    late_count: int = 0
    late_minutes: int = 0
    early_count: int = 0
    early_minutes: int = 0
    absences: int = 0
    missing: int = 0
    excused: int = 0
    force_majeure: int = 0
    duty_days: int = 0
    leave_days: int = 0

    def add(self, r: DayResult) -> None:
        self.days_worked += r.worked
        self.late_count += r.late_counted > 0
        self.late_minutes += r.late_counted
        self.early_count += r.early_counted > 0
        self.early_minutes += r.early_counted
        self.absences += r.absent
        self.missing += r.missing
        self.excused += r.excused
        self.force_majeure += r.force_majeure
        self.duty_days += r.duty
        self.leave_days += r.status == DayStatus.LEAVE

    def merge(self, other: Totals) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


TOTAL_FIELDS = [f.name for f in fields(Totals)]


@dataclass
class PersonMonth:
    profile: StaffProfile
    days: list[tuple[dt.date, DayResult]] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


def evaluate_days(
    center: Center,
    profiles: list[StaffProfile],
    first: dt.date,
    last: dt.date,
    now: dt.datetime | None = None,
) -> dict[int, PersonMonth]:
    """Every person's days from `first` to `last` (both included; days after
    today are left out), with their totals."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last = min(last, today)
    result = {p.user_id: PersonMonth(p) for p in profiles}
    if not profiles or last < first:
        return result
    ids = list(result)
    cal = WorkingCalendar()
    exceptions = _exceptions(first, last)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)

    punches: dict[tuple[int, dt.date], dict[str, list]] = defaultdict(lambda: {"in": [], "out": []})
    for uid, day, kind, at in Punch.objects.filter(
        center=center, user_id__in=ids, day__gte=first, day__lte=last
    ).values_list("user_id", "day", "kind", "at"):
        punches[(uid, day)][kind].append(at)
    excuses = {
        (e.user_id, e.day, e.kind): e.expected_at
        for e in Excuse.objects.filter(
            center=center, user_id__in=ids, day__gte=first, day__lte=last
        )
    }
    fm_all, fm_users = set(), set()
    for fm in ForceMajeure.objects.filter(
        center=center, day__gte=first, day__lte=last
    ).prefetch_related("users"):
        if fm.everyone:
            fm_all.add(fm.day)
        fm_users |= {(u.pk, fm.day) for u in fm.users.all()}
    away: dict[int, list] = defaultdict(list)
    for a in presence.absences(center, ids, start, end):
        if a.status in (presence.Status.LEAVE, presence.Status.TRAINING):
            away[a.user_id].append((a.start, a.end))

    day = first
    while day <= last:
        rules = day_rules(center, day, cal, exceptions)
        for profile in profiles:
            uid = profile.user_id
            if day < profile.started_on or (profile.ended_on and day > profile.ended_on):
                continue
            got = punches.get((uid, day), {"in": [], "out": []})
            facts = DayFacts(
                ins=tuple(got["in"]),
                outs=tuple(got["out"]),
                late_excuse_until=excuses.get((uid, day, ExcuseKind.LATE)),
                early_excuse_from=excuses.get((uid, day, ExcuseKind.EARLY)),
                force_majeure=day in fm_all or (uid, day) in fm_users,
                away=tuple(away.get(uid, ())),
                now=now if day == today else None,
            )
            outcome = evaluate(rules, facts)
            if outcome.status == DayStatus.REST:
                continue
            person = result[uid]
            person.days.append((day, outcome))
            person.totals.add(outcome)
        day += dt.timedelta(days=1)
    return result


def person_month(center: Center, user: User, month: Month, now=None) -> PersonMonth | None:
    profile = StaffProfile.objects.filter(center=center, user=user).select_related("user").first()
    if profile is None:
        return None
    last = month.following_first - dt.timedelta(days=1)
    return evaluate_days(center, [profile], month.first, last, now)[user.pk]


@dataclass
class Ledger:
    month: Month
    people: list[PersonMonth]
    departments: list[tuple[str, str, int, Totals]]  # name, short name, head count, totals
    total: Totals


def ledger(actor: Actor, center: Center, month: Month, now=None) -> Ledger:
    """考勤台账 (E.1.1): each visible person's month and the sums per
    department (the centre's own staff under the centre's name) and in all."""
    last = month.following_first - dt.timedelta(days=1)
    profiles = list(visible_profiles(actor, center, month.first, last))
    people = list(evaluate_days(center, profiles, month.first, last, now).values())
    groups: dict[str, tuple[str, int, Totals]] = {}
    total = Totals()
    for person in people:
        dept = person.profile.department
        name = dept.name if dept else center.name
        short = (dept.short_name or dept.name) if dept else center.name
        _short, count, sums = groups.get(name, (short, 0, Totals()))
        sums.merge(person.totals)
        groups[name] = (short, count + 1, sums)
        total.merge(person.totals)
    departments = [(name, short, c, t) for name, (short, c, t) in groups.items()]
    return Ledger(month, people, departments, total)


def today_board(actor: Actor, center: Center, now=None) -> dict[str, list]:
    """The centre's day: who is in, who was late, who is not yet in, who is on
    leave or in training, who has left."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    profiles = list(visible_profiles(actor, center, today, today))
    days = evaluate_days(center, profiles, today, today, now)
    here = present_users(center, [p.user_id for p in profiles], now)
    board: dict = {"in": [], "late": [], "not_in": [], "leave": [], "left": []}
    rules = day_rules(center, today, WorkingCalendar())
    for person in days.values():
        outcome = person.days[0][1] if person.days else None
        row = (person.profile, outcome)
        if outcome is None:
            if rules.counted:
                board["not_in"].append(row)
            continue
        if outcome.status == DayStatus.LEAVE:
            board["leave"].append(row)
        elif person.profile.user_id in here:
            board["in"].append(row)
        elif outcome.first_in or outcome.last_out:
            board["left"].append(row)
        else:
            board["not_in"].append(row)
        if outcome.late_counted or (outcome.late_minutes and outcome.first_in):
            board["late"].append(row)
    board["counted"] = rules.counted
    return board


def present_users(center: Center, user_ids, at: dt.datetime) -> set[int]:
    """Who has an "in" on `at`'s day, at or before `at`, without a later "out"
    (the presence source: the A/B posts and the whereabouts board read it)."""
    ids = list(user_ids)
    if not ids:
        return set()
    day = timezone.localdate(at)
    last: dict[int, str] = {}
    for uid, kind in (
        Punch.objects.filter(center=center, user_id__in=ids, day=day, at__lte=at)
        .order_by("at", "pk")
        .values_list("user_id", "kind")
    ):
        last[uid] = kind
    return {uid for uid, kind in last.items() if kind == PunchKind.IN}


def punch_outcome(punch: Punch, now=None) -> tuple[int, int, str]:
    """(late_minutes, early_minutes, status) of one punch: a day's first "in"
    carries the day's lateness, the last "out" its early leave; other punches
    are "repeat"; a non-working day's punches are "duty"."""
    profile = StaffProfile.objects.filter(center=punch.center, user=punch.user).first()
    if profile is None:
        return 0, 0, DayStatus.DUTY
    now = now or timezone.now()
    days = evaluate_days(punch.center, [profile], punch.day, punch.day, max(now, punch.at))
    rows = days[punch.user_id].days
    if not rows:
        return 0, 0, DayStatus.DUTY
    outcome = rows[0][1]
    if outcome.status in (DayStatus.DUTY, DayStatus.LEAVE):
        return 0, 0, outcome.status
    if punch.kind == PunchKind.IN:
        if punch.at != outcome.first_in:
            return 0, 0, "repeat"
        status = (
            DayStatus.LATE
            if outcome.late_counted
            else DayStatus.FORCE_MAJEURE
            if outcome.force_majeure
            else DayStatus.EXCUSED
            if outcome.late_minutes
            else DayStatus.ON_TIME
        )
        return outcome.late_counted, 0, status
    if punch.at != outcome.last_out:
        return 0, 0, "repeat"
    status = (
        DayStatus.EARLY
        if outcome.early_counted
        else DayStatus.EXCUSED
        if outcome.early_minutes
        else DayStatus.ON_TIME
    )
    return 0, outcome.early_counted, status


def my_excuses(center: Center, user: User, month: Month):
    return Excuse.objects.filter(
        center=center, user=user, day__gte=month.first, day__lt=month.following_first
    ).select_related("recorded_by")


def recent_excuses(center: Center, limit: int = 30):
    return Excuse.objects.filter(center=center).select_related("user", "recorded_by")[:limit]


def recent_faults(center: Center, limit: int = 20):
    return DeviceFault.objects.filter(center=center).select_related("reported_by")[:limit]


def recent_manual_punches(center: Center, limit: int = 30):
    return (
        Punch.objects.filter(center=center, source="manual")
        .select_related("user", "added_by", "fault")
        .order_by("-created_at")[:limit]
    )


def recent_force_majeure(center: Center, limit: int = 20):
    return ForceMajeure.objects.filter(center=center).prefetch_related("users")[:limit]


def clock_due(center: Center, user: User, now: dt.datetime) -> bool:
    """Whether `user`'s 签到 is due at `center` today: in post there, a counted
    day, no "in" yet, not on leave or in training now."""
    today = timezone.localdate(now)
    if not active_profiles(center, today).filter(user=user).exists():
        return False
    if not day_rules(center, today, WorkingCalendar()).counted:
        return False
    if Punch.objects.filter(center=center, user=user, day=today, kind=PunchKind.IN).exists():
        return False
    return user.pk not in presence.absent_at(center, [user.pk], now)
