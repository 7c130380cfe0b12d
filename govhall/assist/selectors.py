"""Reads of assist, scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from govhall.core.actors import Actor
from govhall.core.models import Center, Membership, User

from .models import OPEN, SKILL_FOR, AssistRequest, Coordinator, Kind, Status, TeamMember


def _requests() -> QuerySet[AssistRequest]:
    return AssistRequest.objects.select_related(
        "center", "item", "department", "assigned_to", "assigned_to__user", "case"
    )


def open_requests(center: Center) -> QuerySet[AssistRequest]:
    """The workbench list: the elderly first (000 第五条), then by arrival."""
    return _requests().filter(center=center, status__in=OPEN).order_by("-elderly", "requested_at")


def closed_today(center: Center, day) -> QuerySet[AssistRequest]:
    return (
        _requests()
        .filter(center=center)
        .filter(Q(done_at__date=day) | Q(cancelled_at__date=day))
        .order_by("-done_at", "-cancelled_at")
    )


def mine(actor: Actor, center: Center) -> QuerySet[AssistRequest]:
    if actor.user is None:
        return AssistRequest.objects.none()
    return open_requests(center).filter(assigned_to__user=actor.user)


def open_count(actor: Actor, center: Center) -> int:
    return AssistRequest.objects.filter(center=center, status__in=OPEN).count()


def unassigned_count(actor: Actor, center: Center) -> int:
    return AssistRequest.objects.filter(center=center, status=Status.REQUESTED).count()


def request_by_number(center: Center, number: str) -> AssistRequest:
    found = _requests().filter(center=center, number=(number or "")[:40]).first()
    if found is None:
        raise Http404("not found")
    return found


def team(center: Center) -> QuerySet[TeamMember]:
    return (
        TeamMember.objects.filter(center=center)
        .select_related("user")
        .annotate(load=Count("requests", filter=Q(requests__status__in=OPEN)))
        .order_by("-active", "kind", "name", "pk")
    )


def _speaks(member: TeamMember, kind: str, language: str) -> bool:
    if not language:
        return True
    if kind == Kind.FOREIGN_LANGUAGE:
        return language in member.languages
    if kind == Kind.DIALECT:
        return language in member.dialects
    return True


def candidates(center: Center, kind: str, language: str = "") -> list[TeamMember]:
    """Active members who can serve `kind` (and speak `language`), least loaded
    first: the assignment by skill and load."""
    skill = SKILL_FOR.get(kind)
    members = [
        m
        for m in team(center).filter(active=True)
        if (skill is None or skill in m.skills) and _speaks(m, kind, language)
    ]
    if kind == Kind.HOME_VISIT:  # staff go, not volunteers (004 第六条3)
        members = [m for m in members if m.user_id]
    return sorted(members, key=lambda m: (m.load, m.kind != "assistant", m.pk))


def coordinators(center: Center) -> QuerySet[Coordinator]:
    return Coordinator.objects.filter(center=center).select_related("department", "user")


def centre_staff(center: Center) -> QuerySet[User]:
    ids = Membership.objects.filter(center=center).values("user")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("username")


def coordinator_for(request: AssistRequest) -> list[Coordinator]:
    if request.department_id is None:
        return []
    return list(coordinators(request.center).filter(department=request.department_id))


def manages(actor: Actor, request_or_department, center: Center) -> bool:
    """The centre admin manages every request; a department lead (the
    department's coordinator, A.1.5) those of their own departments."""
    if not actor.can(center, "assist.manage"):
        return False
    if actor.is_superuser or actor.can(center, "hall.manage"):
        return True
    department_id = getattr(request_or_department, "department_id", request_or_department)
    return department_id is not None and department_id in actor.departments
