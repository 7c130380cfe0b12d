"""State changes of the staff profiles (001 附录C; 003 §四(一)3): a person's
profile at a centre with their account and role, the photo of the window
service board, the certificates they work under (持证上岗), the end of their
time at the centre, and the A/B posts of the windows (001 附录B B.4).

The A/B posts are the hall's table (hall.models.WindowPost): the hall's service
window_post_set writes it with the hall's rule (one person never holds both
posts of a window); post_assign here adds the staff app's rule (only a person
with an active profile at the centre holds a post)."""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Department, Membership, Role, User
from govhall.hall import services as hall_services
from govhall.hall.models import Window, WindowPost

from .models import Certificate, StaffKind, StaffProfile

# Roles a profile is created for at a centre (a supervisor is the district's).
CENTER_ROLES = [r for r in Role.values if r != Role.SUPERVISOR]
# Roles whose membership names the department they work for.
DEPARTMENT_ROLES = {Role.REVIEWER, Role.DEPT_LEAD}
# Kinds sent by a department: the profile names it (their home department).
DEPARTMENT_KINDS = {StaffKind.DISPATCHED, StaffKind.BACK_OFFICE}
STAFF_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,32}$")
# The first password's letters: no 0/O, 1/l/I to misread when it is handed over.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PHOTO_FORMATS = {"JPEG", "PNG"}
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_BOX = (600, 800)


def first_password() -> str:
    """A password the administrator hands over once; the person must change it
    at their first login (User.must_change_password)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def _payload(profile: StaffProfile) -> dict:
    return {
        "profile": profile.pk,
        "user": profile.user_id,
        "staff_number": profile.user.staff_number,
        "kind": profile.kind,
        "department": profile.department_id,
    }


def _check_department(
    center: Center, kind: str, role: str | None, department: Department | None
) -> None:
    if department is not None and department.district_id != center.district_id:
        raise ValidationFailed(
            _("部门不属于本中心所在的行政区"), fields={"department": _("部门不属于本区")}
        )
    if department is None and (kind in DEPARTMENT_KINDS or role in DEPARTMENT_ROLES):
        raise ValidationFailed(
            _("派驻和后台审批人员须填写所属部门"), fields={"department": _("必填")}
        )


def _check_kind(kind: str) -> None:
    if kind not in StaffKind.values:
        raise ValidationFailed(_("未知的人员类别"), fields={"kind": _("无效")})


def _clean_name(full_name: str) -> str:
    name = (full_name or "").strip()
    if not name or len(name) > 40:
        raise ValidationFailed(_("请填写姓名（不超过40字）"), fields={"full_name": _("必填")})
    return name


@transaction.atomic
def profile_create(
    *,
    actor: Actor,
    center: Center,
    username: str,
    full_name: str,
    staff_number: str,
    role: str,
    kind: str,
    started_on: dt.date,
    department: Department | None = None,
    title: str = "",
    mobile: str = "",
) -> tuple[StaffProfile, str]:
    """A new person at the centre: their account (with a first password shown
    once to the administrator), their role there and their profile."""
    actor.require(center, "staff.manage")
    username = (username or "").strip()
    staff_number = (staff_number or "").strip().upper()
    name = _clean_name(full_name)
    errors = {}
    try:
        UnicodeUsernameValidator()(username)
    except DjangoValidationError:
        errors["username"] = _("只能包含字母、数字和 @/./+/-/_")
    if not username or len(username) > 30:
        errors["username"] = _("请填写用户名（不超过30字符）")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("该用户名已被使用")
    if not STAFF_NUMBER.match(staff_number):
        errors["staff_number"] = _("工号只能包含字母、数字和连字符（不超过32字符）")
    elif User.objects.filter(staff_number=staff_number).exists():
        errors["staff_number"] = _("该工号已被使用")
    if role not in CENTER_ROLES:
        errors["role"] = _("无效")
    if errors:
        raise ValidationFailed(_("请检查填写的内容"), fields=errors)
    _check_kind(kind)
    _check_department(center, kind, role, department)
    password = first_password()
    user = User(username=username, last_name=name, staff_number=staff_number, mobile=mobile or "")
    user.set_password(password)
    user.must_change_password = True  # someone else knows it: core.admin_passwords
    user.save()
    Membership.objects.create(
        user=user,
        role=role,
        center=center,
        department=department if role in DEPARTMENT_ROLES else None,
    )
    profile = StaffProfile.objects.create(
        user=user,
        center=center,
        kind=kind,
        department=department,
        title=(title or "").strip()[:40],
        started_on=started_on,
    )
    emit("staff.profile_created", center=center, aggregate=profile, payload=_payload(profile))
    audit(
        "staff.profile_created",
        actor=actor,
        center=center,
        obj=profile,
        detail={"user": user.pk, "role": role},
    )
    return profile, password


@transaction.atomic
def profile_update(
    *,
    actor: Actor,
    profile: StaffProfile,
    full_name: str,
    kind: str,
    department: Department | None,
    title: str,
    started_on: dt.date,
) -> StaffProfile:
    actor.require(profile.center, "staff.manage")
    profile = StaffProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if not profile.is_active:
        raise InvalidTransition(_("该人员已离岗，档案不能再修改"), code="profile_ended")
    name = _clean_name(full_name)
    _check_kind(kind)
    roles = set(
        Membership.objects.filter(user=profile.user, center=profile.center).values_list(
            "role", flat=True
        )
    )
    lead_role = next((r for r in roles if r in DEPARTMENT_ROLES), None)
    _check_department(profile.center, kind, lead_role, department)
    if profile.ended_on and started_on > profile.ended_on:
        raise ValidationFailed(_("进驻日期不能晚于离岗日期"), fields={"started_on": _("无效")})
    before = _payload(profile)
    profile.kind = kind
    profile.department = department
    profile.title = (title or "").strip()[:40]
    profile.started_on = started_on
    profile.save(update_fields=["kind", "department", "title", "started_on"])
    if profile.user.last_name != name or profile.user.first_name:
        profile.user.last_name, profile.user.first_name = name, ""
        profile.user.save(update_fields=["last_name", "first_name"])
    if department is not None:
        # A reviewer or a lead works for the department their profile names.
        Membership.objects.filter(
            user=profile.user, center=profile.center, role__in=DEPARTMENT_ROLES
        ).update(department=department)
    emit(
        "staff.profile_changed", center=profile.center, aggregate=profile, payload=_payload(profile)
    )
    audit(
        "staff.profile_changed",
        actor=actor,
        center=profile.center,
        obj=profile,
        detail={"before": before, "after": _payload(profile)},
    )
    return profile


@transaction.atomic
def profile_end(
    *, actor: Actor, profile: StaffProfile, ended_on: dt.date, today: dt.date | None = None
) -> list[Window]:
    """The person leaves the centre: the profile is ended, their roles there
    end (the membership goes; the account is deactivated when no other centre
    holds them) and the posts they held are released. Returns the windows left
    with a post missing, for the administrator to fill (first in, then out:
    001 C.2.8)."""
    actor.require(profile.center, "staff.manage")
    today = today or timezone.localdate()
    profile = StaffProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if not profile.is_active:
        raise InvalidTransition(_("该人员已离岗"), code="profile_ended")
    if actor.user is not None and actor.user.pk == profile.user_id:
        raise Conflict(_("不能结束本人的档案"), code="profile_self")
    if ended_on < profile.started_on:
        raise ValidationFailed(_("离岗日期不能早于进驻日期"), fields={"ended_on": _("无效")})
    if ended_on > today:
        raise ValidationFailed(_("离岗日期不能晚于今天"), fields={"ended_on": _("无效")})
    profile.ended_on = ended_on
    profile.is_active = False
    profile.save(update_fields=["ended_on", "is_active"])
    held = list(
        WindowPost.objects.filter(user=profile.user, window__center=profile.center).select_related(
            "window"
        )
    )
    for post in held:
        hall_services.window_post_set(actor=actor, window=post.window, post=post.post, user=None)
    roles = list(
        Membership.objects.filter(user=profile.user, center=profile.center).values_list(
            "role", flat=True
        )
    )
    Membership.objects.filter(user=profile.user, center=profile.center).delete()
    user = profile.user
    if user.is_active and not Membership.objects.filter(user=user).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    emit("staff.profile_ended", center=profile.center, aggregate=profile, payload=_payload(profile))
    audit(
        "staff.profile_ended",
        actor=actor,
        center=profile.center,
        obj=profile,
        detail={"ended_on": ended_on.isoformat(), "roles": roles, "posts": len(held)},
    )
    return [p.window for p in held]


# --- the photo of the window service board ----------------------------------------------


def _reencoded(upload) -> bytes:
    """The upload as a fresh JPEG: checked by Pillow (JPEG or PNG, a sane size),
    turned upright, shrunk to the board's frame, with no EXIF (no GPS, no camera)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    message = _("照片须为 JPG 或 PNG 图片")
    bad = ValidationFailed(message, fields={"photo": message})
    size = getattr(upload, "size", None)
    limit = settings.GOVHALL_STAFF_PHOTO_MAX_BYTES
    if size is None or size == 0:
        raise bad
    if size > limit:
        too_big = _("照片不能超过 %(mb)s MB") % {"mb": max(1, limit // (1024 * 1024))}
        raise ValidationFailed(too_big, fields={"photo": too_big})
    data = upload.read(limit + 1)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise bad
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise bad
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail(PHOTO_BOX)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise bad from exc
    return out.getvalue()


@transaction.atomic
def profile_photo_set(*, actor: Actor, profile: StaffProfile, upload) -> StaffProfile:
    actor.require(profile.center, "staff.manage")
    if upload is None:
        raise ValidationFailed(_("请选择照片"), fields={"photo": _("必填")})
    data = _reencoded(upload)
    profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    old = profile.photo.name if profile.photo else ""
    profile.photo.save("photo.jpg", ContentFile(data), save=False)
    profile.save(update_fields=["photo"])
    if old:
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit("staff.photo_set", actor=actor, center=profile.center, obj=profile)
    return profile


# --- certificates (持证上岗) --------------------------------------------------------------


@transaction.atomic
def certificate_add(
    *,
    actor: Actor,
    profile: StaffProfile,
    name: str,
    issued_on: dt.date,
    number: str = "",
    expires_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Certificate:
    actor.require(profile.center, "staff.manage")
    today = today or timezone.localdate()
    name = (name or "").strip()
    errors = {}
    if not name or len(name) > 60:
        errors["name"] = _("请填写证书名称（不超过60字）")
    if len((number or "").strip()) > 60:
        errors["number"] = _("证书编号不超过60字符")
    if issued_on > today:
        errors["issued_on"] = _("发证日期不能晚于今天")
    if expires_on is not None and expires_on < issued_on:
        errors["expires_on"] = _("有效期不能早于发证日期")
    if errors:
        raise ValidationFailed(_("请检查证书信息"), fields=errors)
    if not profile.is_active:
        raise InvalidTransition(_("该人员已离岗"), code="profile_ended")
    certificate = Certificate.objects.create(
        profile=profile,
        name=name,
        number=(number or "").strip(),
        issued_on=issued_on,
        expires_on=expires_on,
    )
    audit(
        "staff.certificate_added",
        actor=actor,
        center=profile.center,
        obj=certificate,
        detail={"profile": profile.pk, "name": name},
    )
    return certificate


@transaction.atomic
def certificate_remove(*, actor: Actor, certificate: Certificate) -> None:
    profile = certificate.profile
    actor.require(profile.center, "staff.manage")
    audit(
        "staff.certificate_removed",
        actor=actor,
        center=profile.center,
        obj=certificate,
        detail={"profile": profile.pk, "name": certificate.name},
    )
    certificate.delete()


# --- the A/B posts (001 附录B B.4) ---------------------------------------------------------


@transaction.atomic
def post_assign(*, actor: Actor, window: Window, post: str, user: User | None) -> WindowPost | None:
    """Who holds the A or B post at `window` (None: nobody). The same person
    never holds both posts of one window; a person may hold A at one window and
    B at another. Only someone with an active profile at the centre holds a post."""
    actor.require(window.center, "staff.manage")
    if (
        user is not None
        and not StaffProfile.objects.filter(
            user=user, center=window.center, is_active=True
        ).exists()
    ):
        raise NotFound(_("本中心没有该人员的在职档案"), fields={"user": _("无效")})
    return hall_services.window_post_set(actor=actor, window=window, post=post, user=user)
