"""How far a staff member's administration reaches: the centres they manage, the
districts they supervise and the users inside that reach. One set of rules for the
admin site and for the token service, so both refuse the same things."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .actors import Actor, actor_for_user
from .errors import PermissionDenied
from .models import Center, Membership, Role, TokenKind, User

# Roles that administer a centre; any other role only works there.
ADMIN_ROLES = frozenset({Role.CENTER_ADMIN, Role.SUPERVISOR})


@dataclass(frozen=True)
class Reach:
    """None means everywhere (a superuser)."""

    actor: Actor

    @property
    def everywhere(self) -> bool:
        return self.actor.is_superuser

    @cached_property
    def centers(self) -> frozenset[int] | None:
        if self.everywhere:
            return None
        return frozenset(c for c, roles in self.actor.roles.items() if roles & ADMIN_ROLES)

    @cached_property
    def supervised(self) -> frozenset[int] | None:
        """Districts whose shared rows (departments, items, guides) this actor may write."""
        if self.everywhere:
            return None
        if self.actor.user is None:
            return frozenset()
        return frozenset(
            Membership.objects.filter(user=self.actor.user, role=Role.SUPERVISOR).values_list(
                "district_id", flat=True
            )
        )

    @cached_property
    def districts(self) -> frozenset[int] | None:
        """Districts whose shared rows this actor may read: those of its centres."""
        if self.everywhere:
            return None
        ids = Center.objects.filter(pk__in=self.centers).values_list("district_id", flat=True)
        return frozenset(ids) | self.supervised

    def memberships_q(self) -> Q | None:
        """Memberships inside the reach: at a managed centre, or a supervisor role of a
        supervised district."""
        if self.everywhere:
            return None
        return Q(center__in=self.centers) | Q(role=Role.SUPERVISOR, district__in=self.supervised)

    def users(self, queryset=None):
        """Users with no wider scope than this actor: every role they hold lies inside the
        reach, they hold at least one, and none is a superuser."""
        queryset = User.objects.all() if queryset is None else queryset
        if self.everywhere:
            return queryset
        inside = Membership.objects.filter(self.memberships_q())
        outside = Membership.objects.exclude(pk__in=inside.values("pk"))
        return queryset.filter(is_superuser=False, pk__in=inside.values("user")).exclude(
            pk__in=outside.values("user")
        )

    def manages_user(self, user: User) -> bool:
        return self.users().filter(pk=user.pk).exists()


def reach_of(actor: Actor | User) -> Reach:
    return Reach(actor_for_user(actor) if isinstance(actor, User) else actor)


def check_token_scope(
    actor: Actor | User | None, *, kind: str, center=None, window=None, user=None
) -> None:
    """Refuse a token wider than its issuer. No actor is the system (the CLI); a staff
    member may always have a login token of their own."""
    if actor is None:
        return
    reach = reach_of(actor)
    if reach.everywhere:
        return
    me = reach.actor.user
    if kind == TokenKind.STAFF and user is not None and me is not None and user.pk == me.pk:
        if center is None and window is None:
            return
    if center is not None and center.pk not in reach.centers:
        _refuse("center", _("只能为本人管理的中心创建令牌"))
    if window is not None and window.center_id not in reach.centers:
        _refuse("window", _("只能为本人管理的中心的窗口创建令牌"))
    if kind == TokenKind.STAFF and (user is None or not reach.manages_user(user)):
        _refuse("user", _("工作人员令牌只能发给本中心的工作人员，且其权限不得超出您的管理范围"))


def _refuse(field: str, message) -> None:
    raise PermissionDenied(message, code=f"forbidden_{field}", fields={field: message})
