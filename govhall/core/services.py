"""State changes of the core app: tokens, counters, the calendar, revealing
personal data. Each runs in a transaction and leaves an audit or event row."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import holiday_source, workdays
from .actors import Actor
from .center_settings import SETTINGS, center_setting
from .errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from .events import audit, emit
from .hours import DAY_KEYS, hours_problems, normalised
from .lockout import locked_error
from .models import (
    SCREEN_FIELDS,
    Announcement,
    ApiToken,
    CalendarYear,
    Center,
    Counter,
    Holiday,
    HolidayKind,
    TokenKind,
    User,
)
from .names import control_problem
from .scope import check_token_scope

log = logging.getLogger(__name__)

TOKEN_PREFIX = "gh_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_check(
    *, kind: str, center: Center | None = None, window=None, user: User | None = None, actor=None
) -> None:
    """Refuse a token that is malformed or wider than its issuer (scope.check_token_scope):
    a centre admin issues only for their centres, their windows and their own staff."""
    if kind not in TokenKind.values:
        raise ValidationFailed(
            _("未知的令牌类型"), code="invalid_token_kind", fields={"kind": kind}
        )
    if kind == TokenKind.STAFF and user is None:
        raise ValidationFailed(_("工作人员令牌须指定用户"), fields={"user": _("必填")})
    if kind != TokenKind.STAFF and center is None:
        raise ValidationFailed(_("设备令牌须指定中心"), fields={"center": _("必填")})
    if kind in (TokenKind.WINDOW, TokenKind.EVALUATOR) and window is None:
        # A rating pad stands at one window and shows that window's services.
        raise ValidationFailed(_("窗口令牌和评价器令牌须指定窗口"), fields={"window": _("必填")})
    if window is not None and window.center_id != getattr(center, "pk", None):
        raise ValidationFailed(_("窗口不属于该中心"), fields={"window": _("窗口不属于该中心")})
    check_token_scope(actor, kind=kind, center=center, window=window, user=user)


@transaction.atomic
def token_create(
    *,
    kind: str,
    center: Center | None = None,
    window=None,
    user: User | None = None,
    name: str = "",
    expires_at: dt.datetime | None = None,
    actor: Actor | User | None = None,
) -> tuple[ApiToken, str]:
    """Create a bearer token; returns it and the raw value, which is not stored.
    `actor` None is the system (the CLI)."""
    token_check(kind=kind, center=center, window=window, user=user, actor=actor)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        kind=kind,
        name=name,
        digest=_digest(raw),
        prefix=raw[:10],
        user=user,
        center=center,
        window=window,
        expires_at=expires_at,
    )
    audit("token.created", actor=actor, center=center, obj=token, detail={"kind": kind})
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit("token.revoked", actor=actor, center=token.center, obj=token)
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token for a raw value, or None. Touches last_used_at at most once
    a minute so that reads do not turn into a write per request."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "center", "window")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    if token.user_id and not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def auth_token_issue(*, request, username: str, password: str) -> tuple[ApiToken, str]:
    """`POST /auth/token`: a staff token for a user's own credentials. The
    request goes to authenticate() so that django-axes counts failures per
    username and address and refuses a locked-out login, the right password too."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise locked_error()
    if user is None:
        raise DomainError(_("用户名或密码错误"), code="invalid_credentials", status=401)
    # A login like the admin's: stamps last_login and axes' access log.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    expires = timezone.now() + dt.timedelta(hours=settings.GOVHALL_STAFF_TOKEN_HOURS)
    return token_create(
        kind=TokenKind.STAFF, user=user, name="login", expires_at=expires, actor=user
    )


def counter_next(key: str) -> int:
    """The next number of a named sequence, in the caller's transaction. The row
    stays locked until that transaction ends, so concurrent callers queue."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counter_next() must run inside the caller's transaction")
    Counter.objects.get_or_create(key=key)
    Counter.objects.filter(key=key).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(key=key)


@transaction.atomic
def calendar_seed(*, years: list[int] | None = None, actor: Actor | None = None) -> list[int]:
    """Load the official schedule for years the table does not have yet. Years an
    admin already maintains are left alone. Returns the years added."""
    added = []
    for year in years or holiday_source.covered_years():
        if year not in holiday_source.covered_years():
            raise ValidationFailed(
                _("官方节假日数据不含 %(year)s 年，请在管理后台手工维护") % {"year": year},
                code="calendar_year_unavailable",
            )
        if CalendarYear.objects.filter(year=year).exists():
            continue
        Holiday.objects.bulk_create(
            [Holiday(date=d, kind=k, name=n) for d, k, n in holiday_source.official_rows(year)],
            ignore_conflicts=True,
        )
        CalendarYear.objects.create(year=year, source=holiday_source.SOURCE)
        added.append(year)
    if added:
        audit("calendar.seeded", actor=actor, detail={"years": added})
        calendar_changed(years=added, actor=actor)
    return added


@transaction.atomic
def calendar_year_add(
    *, year: int, days: list[tuple[dt.date, str, str]], source: str, actor: Actor | None = None
) -> CalendarYear:
    """Enter a year's schedule by hand (date, kind, name) once it is published,
    when chinesecalendar does not carry it yet; then recompute what was 预计."""
    if CalendarYear.objects.filter(year=year).exists():
        raise Conflict(_("%(year)s 年已维护") % {"year": year}, code="calendar_year_exists")
    if any(d.year != year or k not in HolidayKind.values for d, k, _n in days):
        raise ValidationFailed(_("日期不属于该年度"), fields={"days": str(year)})
    for d, kind, name in days:
        Holiday.objects.update_or_create(date=d, defaults={"kind": kind, "name": name})
    row = CalendarYear.objects.create(year=year, source=source[:100])
    calendar_changed(years=[year], actor=actor)
    return row


@transaction.atomic
def calendar_changed(*, years: list[int], actor: Actor | None = None) -> dict:
    """A year of the table was added or edited (seeding, the admin): every app
    recomputes its open provisional deadlines in the same transaction. Each
    receiver returns {what: count}; the sum goes to the audit row and back."""
    recomputed: dict[str, int] = {}
    for _receiver, result in workdays.calendar_changed.send(
        sender=CalendarYear, years=sorted(set(years)), actor=actor
    ):
        recomputed.update(result or {})
    if years or any(recomputed.values()):
        audit("calendar.changed", actor=actor, detail={"years": sorted(set(years)), **recomputed})
    return recomputed


@transaction.atomic
def id_number_reveal(*, actor: Actor, obj, field: str = "id_number", reason: str = "") -> str:
    """The full ID number of `obj`, for a staff user whose work needs it. Every
    such read is written to the audit log."""
    if not actor.is_staff_user:
        raise PermissionDenied(_("仅工作人员可查看完整证件号码"))
    center = getattr(obj, "center", None)
    if center is not None and not actor.can_see(center):
        raise PermissionDenied(_("无权访问该中心的数据"), code="forbidden_center")
    value = getattr(obj, field)
    audit(
        "personal_data.revealed",
        actor=actor,
        center=center,
        obj=obj,
        detail={"field": field, "reason": reason[:200]},
    )
    return value.value if value else ""


def sweep_each(rows, step, counts: dict, what: str):
    """A scheduled sweep's loop: `step(row)` for each row, each in its own short
    transaction (the step's), yielding its result. A row the step refuses
    (a DomainError: the row changed meanwhile) is counted
    in counts["errors"], logged and skipped, so one row never stops the sweep."""
    for row in rows.only("pk").iterator():
        try:
            result = step(row)
        except DomainError as exc:
            counts["errors"] += 1
            log.warning("%s %s: skipped (%s)", what, row.pk, exc.code)
            continue
        yield result


def login_unlock(
    *, username: str | None = None, address: str | None = None, actor: Actor | None = None
) -> int:
    """Lift a login lockout before its cool-off ends: of `username` (its failures
    from every address) and/or of an `address` (every username tried from it, e.g.
    an office behind one NAT). Returns how many failure records went."""
    if not username and not address:
        raise ValidationFailed(_("请指定用户名或地址"), fields={"username": _("必填")})
    with transaction.atomic():
        removed = 0
        if username:
            removed += axes_reset(username=username)
        if address:
            removed += axes_reset(ip=address)
        user = User.objects.filter(username=username).first() if username else None
        audit("login.unlocked", actor=actor, obj=user, detail={"removed": removed})
    return removed


# --- announcements (000 第八条) ---------------------------------------------------

ANNOUNCEMENT_MAX_DAYS = 366


def announcement_problems(
    *, title: str, text: str, starts_at, ends_at, screens, is_new: bool, now=None
) -> dict:
    """Field errors of an announcement, translated; empty when it may be saved.
    The admin form shows them beside the fields; the service raises them."""
    now = now or timezone.now()
    # A browser sends a textarea's line breaks as CRLF; the service stores LF.
    text = text.replace("\r\n", "\n")
    errors: dict = {}
    if not title.strip():
        errors["title"] = _("请填写标题")
    elif len(title) > 40:
        errors["title"] = _("不能超过 %(n)s 个字符") % {"n": 40}
    elif problem := control_problem(title):
        errors["title"] = problem
    if len(text) > 300:
        errors["text"] = _("不能超过 %(n)s 个字符") % {"n": 300}
    elif problem := control_problem(text, newlines=True):
        errors["text"] = problem
    if starts_at is None:
        errors["starts_at"] = _("请填写开始时间")
    if ends_at is None:
        errors["ends_at"] = _("请填写结束时间")
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间")
        elif ends_at - starts_at > dt.timedelta(days=ANNOUNCEMENT_MAX_DAYS):
            errors["ends_at"] = _("公告显示期不能超过一年")
        elif is_new and ends_at <= now:
            errors["ends_at"] = _("结束时间已过，公告不会显示")
    if not set(screens) & set(SCREEN_FIELDS):
        errors["on_display"] = _("请至少选择一处显示位置")
    return errors


def _emit_announcement(announcement: Announcement, action: str) -> None:
    screens = [s for s, f in SCREEN_FIELDS.items() if getattr(announcement, f)]
    emit(
        "announcement.changed",
        center=announcement.center,
        aggregate=announcement,
        payload={"announcement": announcement.pk, "action": action, "screens": screens},
    )


@transaction.atomic
def announcement_save(
    *,
    actor: Actor,
    center: Center,
    title: str,
    text: str = "",
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    screens=("display", "kiosk", "guide"),
    announcement: Announcement | None = None,
    now: dt.datetime | None = None,
) -> Announcement:
    """Create an announcement, or change one (`announcement`), for a centre the
    actor administers. The boards re-read on the event it writes."""
    actor.require(center, "hall.manage")
    if announcement is not None:
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        # Another centre's announcement is refused as if it did not exist.
        if not actor.can(announcement.center_id, "hall.manage"):
            raise NotFound(_("对象不存在或无权访问"))
    title, text = title.strip(), text.strip().replace("\r\n", "\n")
    screens = set(screens)
    errors = announcement_problems(
        title=title,
        text=text,
        starts_at=starts_at,
        ends_at=ends_at,
        screens=screens,
        is_new=announcement is None,
        now=now,
    )
    if errors:
        raise ValidationFailed(_("公告信息有误"), code="invalid_announcement", fields=errors)
    announcement = announcement or Announcement()
    announcement.center = center
    announcement.title, announcement.text = title, text
    announcement.starts_at, announcement.ends_at = starts_at, ends_at
    for screen, field in SCREEN_FIELDS.items():
        setattr(announcement, field, screen in screens)
    created = announcement.pk is None
    announcement.save()
    audit("announcement.saved", actor=actor, center=center, obj=announcement)
    _emit_announcement(announcement, "created" if created else "changed")
    return announcement


@transaction.atomic
def announcement_end(
    *, actor: Actor, announcement: Announcement, now: dt.datetime | None = None
) -> Announcement:
    """Take a current announcement off every screen now: its end becomes now,
    and it stays on record among the past ones. One not yet begun is withdrawn
    (announcement_delete); one already ended cannot end again."""
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().filter(pk=announcement.pk).first()
    # Another centre's announcement is refused as if it did not exist.
    if announcement is None or not actor.can_see(announcement.center):
        raise NotFound(_("对象不存在或无权访问"))
    actor.require(announcement.center, "hall.manage")
    if announcement.ends_at <= now:
        raise InvalidTransition(_("该公告已经结束"), code="announcement_ended")
    if announcement.starts_at >= now:
        raise InvalidTransition(_("该公告尚未开始，可以直接撤销"), code="announcement_not_started")
    before = announcement.ends_at
    announcement.ends_at = now
    announcement.save(update_fields=["ends_at", "updated_at"])
    audit(
        "announcement.ended",
        actor=actor,
        center=announcement.center,
        obj=announcement,
        detail={"planned_end": before.isoformat()},
    )
    _emit_announcement(announcement, "ended")
    return announcement


@transaction.atomic
def announcement_withdraw(
    *, actor: Actor, announcement: Announcement, now: dt.datetime | None = None
) -> None:
    """Withdraw an announcement not yet begun (it was never shown: nothing to
    keep on record). One already shown is ended instead (announcement_end)."""
    now = now or timezone.now()
    found = Announcement.objects.select_for_update().filter(pk=announcement.pk).first()
    if found is None or not actor.can_see(found.center):
        raise NotFound(_("对象不存在或无权访问"))
    actor.require(found.center, "hall.manage")
    if found.starts_at <= now:
        raise InvalidTransition(
            _("公告已经开始显示，请使用“立即结束”"), code="announcement_started"
        )
    announcement_delete(actor=actor, announcement=found)


@transaction.atomic
def announcement_delete(*, actor: Actor, announcement: Announcement) -> None:
    announcement = Announcement.objects.select_for_update().filter(pk=announcement.pk).first()
    if announcement is None:
        return  # already gone: deleting twice is fine
    actor.require(announcement.center, "hall.manage")
    audit("announcement.deleted", actor=actor, center=announcement.center, obj=announcement)
    _emit_announcement(announcement, "deleted")
    announcement.delete()


# --- staff passwords (the workplace login) ------------------------------------------------


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The user chose their own password: the first-login obligation ends. The
    caller validated `password` (AUTH_PASSWORD_VALIDATORS) in its form."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit("user.password_changed", actor=user, obj=user)
    return user


# --- the centre's own settings: opening hours and rule overrides ---------------------------


def _emit_center(center: Center, what: str, detail: dict) -> None:
    # Kiosks read the hours and rules on every page; the event tells the
    # workbench, the statistics and any screen listening that they changed.
    emit("center.configured", center=center, aggregate=center, payload={"what": what, **detail})


@transaction.atomic
def center_hours_set(*, actor: Actor, center: Center, hours: dict) -> Center:
    """Replace the centre's opening hours (core/hours.py): weekday or "holiday"
    -> intervals; a day without intervals is closed."""
    actor.require(center, "hall.manage")
    errors = hours_problems(hours)
    if errors:
        raise ValidationFailed(_("开放时间有误"), code="invalid_hours", fields=errors)
    center = Center.objects.select_for_update().get(pk=center.pk)
    before = center.opening_hours or {}
    center.opening_hours = normalised(hours)
    center.save(update_fields=["opening_hours"])
    changed = sorted(k for k in DAY_KEYS if before.get(k) != center.opening_hours.get(k))
    audit(
        "center.hours_set",
        actor=actor,
        center=center,
        obj=center,
        detail={"before": before, "after": center.opening_hours},
    )
    _emit_center(center, "opening_hours", {"days": changed})
    return center


def setting_value_problem(key: str, value) -> str | None:
    """Why `value` cannot be the centre's value of setting `key` (by the type of
    its default and its bounds), or None."""
    spec = SETTINGS[key]
    if isinstance(spec.default, bool):
        return None if isinstance(value, bool) else str(_("应为“是”或“否”"))
    if isinstance(spec.default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return str(_("应为整数"))
        low = spec.minimum if spec.minimum is not None else -(2**31)
        high = spec.maximum if spec.maximum is not None else 2**31
        if not low <= value <= high:
            return str(_("应在 %(low)s 至 %(high)s 之间") % {"low": low, "high": high})
        return None
    if not isinstance(value, str) or len(value) > 200:
        return str(_("应为不超过 200 字的文字"))
    return control_problem(value)


@transaction.atomic
def center_setting_set(*, actor: Actor, center: Center, key: str, value=None) -> Center:
    """Give the centre its own value of a rule (center_settings.SETTINGS), or
    with `value=None` go back to the default."""
    actor.require(center, "hall.manage")
    if key not in SETTINGS:
        raise ValidationFailed(
            _("没有这项设置"), code="unknown_setting", fields={"key": _("没有这项设置")}
        )
    if value is not None:
        problem = setting_value_problem(key, value)
        if problem:
            raise ValidationFailed(problem, code="invalid_setting", fields={"value": problem})
    center = Center.objects.select_for_update().get(pk=center.pk)
    settings_ = dict(center.settings or {})
    before = settings_.get(key)
    if value is None or value == SETTINGS[key].default:
        settings_.pop(key, None)  # the default again: nothing to override
    else:
        settings_[key] = value
    center.settings = settings_
    center.save(update_fields=["settings"])
    after = settings_.get(key)
    audit(
        "center.setting_set",
        actor=actor,
        center=center,
        obj=center,
        detail={"key": key, "before": before, "after": after},
    )
    _emit_center(center, "setting", {"key": key, "value": center_setting(center, key)})
    return center
