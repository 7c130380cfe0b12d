"""Reads of the staff profiles: who may see whom (a department's lead sees
their own department's people only), tenure, the certificates' flags, the
windows' A/B posts and the window service board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.capabilities import grants
from govhall.core.center_settings import center_setting
from govhall.core.errors import NotFound
from govhall.core.models import Center, Membership, Role
from govhall.hall.models import Post, Window, WindowPost

from .models import Certificate, StaffProfile

EXPIRED, EXPIRING, VALID = "expired", "expiring", "valid"


def lead_departments(actor: Actor, center: Center) -> set[int] | None:
    """None: the actor reads every profile of the centre. A set: the departments
    whose people they read (a 首席代表 whose only staff.read is the lead's)."""
    if actor.is_superuser:
        return None
    roles = actor.roles.get(center.pk, frozenset())
    if any(grants(r, "staff.read") for r in roles if r != Role.DEPT_LEAD):
        return None
    if Role.DEPT_LEAD not in roles:
        return set()
    return set(
        Membership.objects.filter(
            user=actor.user, center=center, role=Role.DEPT_LEAD, department__isnull=False
        ).values_list("department_id", flat=True)
    )


def visible_profiles(
    actor: Actor, center: Center, *, include_ended: bool = False
) -> QuerySet[StaffProfile]:
    found = StaffProfile.objects.filter(center=center).select_related("user", "department")
    if not include_ended:
        found = found.filter(is_active=True)
    departments = lead_departments(actor, center)
    if departments is not None:
        found = found.filter(department__in=departments)
    return found.order_by("user__staff_number", "pk")


def profile_for(actor: Actor, center: Center, pk: int) -> StaffProfile:
    """A profile the actor may open: any they may read, and always their own."""
    profile = (
        StaffProfile.objects.filter(center=center, pk=pk)
        .select_related("user", "department", "center")
        .first()
    )
    if profile is None:
        raise NotFound("")
    if actor.user is not None and profile.user_id == actor.user.pk:
        return profile
    if not actor.can(center, "staff.read"):
        raise NotFound("")
    departments = lead_departments(actor, center)
    if departments is not None and profile.department_id not in departments:
        raise NotFound("")
    return profile


def own_profile(actor: Actor, center: Center) -> StaffProfile | None:
    if actor.user is None:
        return None
    return (
        StaffProfile.objects.filter(center=center, user=actor.user)
        .select_related("user", "department")
        .order_by("-is_active", "-started_on")
        .first()
    )


# --- tenure -------------------------------------------------------------------------------


def tenure(profile: StaffProfile, today: dt.date | None = None) -> tuple[int, int]:
    """(years, months) at the centre from started_on to ended_on or today."""
    end = profile.ended_on or today or timezone.localdate()
    if end < profile.started_on:
        return 0, 0
    months = (end.year - profile.started_on.year) * 12 + end.month - profile.started_on.month
    if end.day < profile.started_on.day:
        months -= 1
    return months // 12, months % 12


# --- certificates -------------------------------------------------------------------------


def warning_days(center: Center) -> int:
    return center_setting(center, "staff.certificate_warning_days")


def certificate_state(certificate: Certificate, today: dt.date, days: int) -> str:
    if certificate.expires_on is None:
        return VALID
    if certificate.expires_on < today:
        return EXPIRED
    if certificate.expires_on <= today + dt.timedelta(days=days):
        return EXPIRING
    return VALID


def flagged_certificates(center: Center, today: dt.date | None = None) -> QuerySet[Certificate]:
    """Certificates of people still at the centre that have expired or expire
    within the centre's warning days."""
    today = today or timezone.localdate()
    limit = today + dt.timedelta(days=warning_days(center))
    return Certificate.objects.filter(
        profile__center=center, profile__is_active=True, expires_on__lte=limit
    ).select_related("profile__user")


def certificate_flags(center: Center, profiles, today: dt.date | None = None) -> dict[int, str]:
    """profile id -> the worst state of its certificates (expired, expiring),
    for the profiles that have one flagged."""
    today = today or timezone.localdate()
    days = warning_days(center)
    worst: dict[int, str] = {}
    ids = [p.pk for p in profiles]
    for cert in flagged_certificates(center, today).filter(profile__in=ids):
        state = certificate_state(cert, today, days)
        if worst.get(cert.profile_id) != EXPIRED:
            worst[cert.profile_id] = state
    return worst


def certificates_with_state(
    profile: StaffProfile, today: dt.date | None = None
) -> list[tuple[Certificate, str]]:
    today = today or timezone.localdate()
    days = warning_days(profile.center)
    return [(c, certificate_state(c, today, days)) for c in profile.certificates.all()]


# --- the A/B posts --------------------------------------------------------------------------


@dataclass
class WindowPosts:
    window: Window
    a: WindowPost | None
    b: WindowPost | None

    @property
    def missing(self) -> list[str]:
        return [p for p, held in ((Post.A, self.a), (Post.B, self.b)) if held is None]


def window_posts(center: Center) -> list[WindowPosts]:
    """Every active window of the centre with its A and B holders."""
    windows = list(Window.objects.filter(center=center, is_active=True).order_by("number"))
    posts = WindowPost.objects.filter(window__in=windows).select_related("user")
    by_window: dict[int, dict[str, WindowPost]] = {}
    for p in posts:
        by_window.setdefault(p.window_id, {})[p.post] = p
    return [
        WindowPosts(w, by_window.get(w.pk, {}).get(Post.A), by_window.get(w.pk, {}).get(Post.B))
        for w in windows
    ]


def half_posted_windows(center: Center) -> int:
    """Windows with one post held and the other empty (no cover for the one
    holder): the count on the workbench of those who assign posts. A window
    with neither post is not staffed at all and shows on the posts page only."""
    return sum(1 for row in window_posts(center) if len(row.missing) == 1)


def posts_held(center: Center, user_id: int) -> list[WindowPost]:
    return list(
        WindowPost.objects.filter(user_id=user_id, window__center=center, window__is_active=True)
        .select_related("window")
        .order_by("window__number", "post")
    )


def assignable_profiles(center: Center) -> QuerySet[StaffProfile]:
    """Who may hold a post: active profiles of the centre's front-line kinds."""
    return (
        StaffProfile.objects.filter(center=center, is_active=True)
        .filter(Q(kind__in=["comprehensive", "dispatched", "assistant", "reception", "other"]))
        .select_related("user", "department")
        .order_by("user__staff_number")
    )


# --- the window service board (窗口服务牌, 003 两牌三栏) ---------------------------------------


@dataclass
class BoardPerson:
    post: str
    profile: StaffProfile | None
    name: str
    staff_number: str
    department: str


def board_rows(center: Center, windows: list[Window]) -> list[tuple[Window, list[BoardPerson]]]:
    """Per window the holders of its posts with what the board shows: photo,
    name, staff number, department and post; nothing else personal."""
    posts = WindowPost.objects.filter(window__in=windows).select_related("user").order_by("post")
    profiles = {
        p.user_id: p
        for p in StaffProfile.objects.filter(center=center, is_active=True).select_related(
            "department"
        )
    }
    rows: dict[int, list[BoardPerson]] = {w.pk: [] for w in windows}
    for p in posts:
        profile = profiles.get(p.user_id)
        department = str(profile.department) if profile and profile.department else center.name
        rows[p.window_id].append(
            BoardPerson(p.post, profile, p.user.display_name, p.user.staff_number, department)
        )
    return [(w, rows[w.pk]) for w in windows]
