"""Who is asking: a staff user (session or staff token) or a device token, with
the centres and roles that scope every query they make."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .capabilities import grants
from .errors import NotFound, PermissionDenied
from .models import ApiToken, Center, Membership, Role, TokenKind, User


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff", a device TokenKind, or "anonymous"
    user: User | None = None
    token: ApiToken | None = None
    # centre id -> roles held there (a device token holds its own kind as role)
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    departments: frozenset[int] = frozenset()
    window_id: int | None = None
    is_superuser: bool = False

    def __str__(self) -> str:
        if self.user is not None:
            return self.user.username
        if self.token is not None:
            return f"{self.kind}:{self.token.prefix}"
        return self.kind

    @property
    def is_authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_staff_user(self) -> bool:
        return self.user is not None

    def center_ids(self) -> set[int] | None:
        """Centres this actor may see; None means every centre (superuser)."""
        return None if self.is_superuser else set(self.roles)

    def can_see(self, center: Center | int) -> bool:
        center_id = center if isinstance(center, int) else center.pk
        return self.is_superuser or center_id in self.roles

    def can(self, center: Center | int, capability: str) -> bool:
        """Whether a role held at `center` grants `capability` (capabilities.TABLE)."""
        center_id = center if isinstance(center, int) else center.pk
        if self.is_superuser:
            return True
        return any(grants(r, capability) for r in self.roles.get(center_id, frozenset()))

    def holds(self, capability: str) -> bool:
        """Whether any centre's role grants `capability`: the route-level gate."""
        if self.is_superuser:
            return True
        return any(grants(r, capability) for rs in self.roles.values() for r in rs)

    def centers_with(self, capability: str) -> set[int] | None:
        """Centres where the actor holds `capability`; None means every centre."""
        if self.is_superuser:
            return None
        return {c for c in self.roles if self.can(c, capability)}

    def require(self, center: Center, *capabilities: str) -> None:
        """403 unless the actor holds one of `capabilities` at `center` (another
        centre's actor is told so without learning more)."""
        if not self.can_see(center):
            raise PermissionDenied(
                _("无权访问该中心的数据"), code="forbidden_center", fields={"center": center.code}
            )
        if not any(self.can(center, c) for c in capabilities):
            raise PermissionDenied(_("当前角色无权执行此操作"), code="forbidden_role")

    def scoped(self, queryset, center_path: str = "center"):
        """Filter a queryset to the centres this actor may see."""
        ids = self.center_ids()
        return queryset if ids is None else queryset.filter(**{f"{center_path}__in": ids})

    def get_scoped(self, queryset, center_path: str = "center", **lookup):
        """One object the actor may see, else 404 (another centre's object looks
        the same as a missing one)."""
        obj = self.scoped(queryset, center_path).filter(**lookup).first()
        if obj is None:
            raise NotFound(_("对象不存在或无权访问"))
        return obj


ANONYMOUS = Actor(kind="anonymous")


def actor_for_user(user: User, token: ApiToken | None = None) -> Actor:
    if not user.is_active:
        return ANONYMOUS
    roles: dict[int, set[str]] = {}
    departments: set[int] = set()
    memberships = Membership.objects.filter(user=user).select_related("district")
    for m in memberships:
        if m.department_id:
            departments.add(m.department_id)
        if m.role == Role.SUPERVISOR:
            for center_id in Center.objects.filter(district=m.district_id).values_list(
                "pk", flat=True
            ):
                roles.setdefault(center_id, set()).add(m.role)
        else:
            roles.setdefault(m.center_id, set()).add(m.role)
    return Actor(
        kind="staff",
        user=user,
        token=token,
        roles={k: frozenset(v) for k, v in roles.items()},
        departments=frozenset(departments),
        is_superuser=user.is_superuser,
    )


def actor_for_token(token: ApiToken) -> Actor:
    if token.kind == TokenKind.STAFF:
        return actor_for_user(token.user, token)
    return Actor(
        kind=token.kind,
        token=token,
        roles={token.center_id: frozenset({token.kind})},
        window_id=token.window_id,
    )
