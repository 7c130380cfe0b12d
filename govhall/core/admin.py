"""The Django admin for the core app, in Chinese, scoped to the user's reach
(admin_scope.py): centres to their admins, users to the admins of every centre
they work at, shared tables read-only below the superuser."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from . import outbox, services
from .actors import actor_for_user
from .admin_passwords import PasswordResetForm, UserAddForm
from .admin_scope import (
    CenterScopedAdmin,
    ReadOnlyAdmin,
    ScopedAdmin,
    ScopedTabularInline,
    SharedAdmin,
    reach,
)
from .errors import DomainError
from .models import (
    SCREEN_FIELDS,
    Announcement,
    ApiToken,
    AuditLog,
    CalendarYear,
    Center,
    Department,
    District,
    Event,
    Holiday,
    Membership,
    OutboxAttempt,
    OutboxMessage,
    OutboxReceiver,
    Role,
    User,
)


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    # A centre admin sees their own district; its supervisors may rename it.
    district_path = "pk"
    list_display = ["name", "code"]


@admin.register(Center)
class CenterAdmin(CenterScopedAdmin):
    center_path = "pk"
    # Moving a centre to another district or level changes whose it is.
    superuser_fields = ("code", "district", "level", "is_active")
    list_display = ["name", "code", "level", "district", "is_active"]
    list_filter = ["level", "district"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    district_path = "district"
    list_display = ["name", "short_name", "code", "district"]
    search_fields = ["name", "code"]


class MembershipInline(ScopedTabularInline):
    model = Membership
    extra = 0

    @classmethod
    def scope_q(cls, reach, *, write):
        return reach.memberships_q()

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        r = reach(request)
        if db_field.name == "role" and not r.everywhere and not r.supervised:
            # A district-level role is granted by the superuser or a supervisor.
            kwargs["choices"] = BLANK_CHOICE_DASH + [
                c for c in Role.choices if c[0] != Role.SUPERVISOR
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "staff_number", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("工作信息"), {"fields": ("staff_number", "mobile", "must_change_password")}),
    )
    # A password an administrator sets must be changed at the next login.
    add_form = UserAddForm
    change_password_form = PasswordResetForm
    inlines = [MembershipInline]
    search_fields = ["username", "first_name", "last_name", "staff_number"]
    superuser_fields = ("is_superuser",)

    @classmethod
    def scope_q(cls, reach, *, write):
        # Users with no wider scope than the admin: every role inside the reach.
        return Q(pk__in=reach.users().values("pk"))

    def choice_queryset(self, request, db_field, queryset):
        # Nobody grants more than they hold.
        me = request.user
        if db_field.name == "groups":
            return queryset.filter(pk__in=me.groups.values("pk"))
        if db_field.name == "user_permissions":
            own = Permission.objects.filter(Q(user=me) | Q(group__user=me)).values("pk")
            return queryset.filter(pk__in=own)
        return super().choice_queryset(request, db_field, queryset)


class CalendarChangeAdmin(SharedAdmin):
    """Saving or deleting a row of the calendar recomputes the provisional
    (预计) deadlines of every app, in the admin's transaction."""

    def _years(self, obj, form=None) -> list[int]:
        raise NotImplementedError

    def _recompute(self, request, years: list[int]) -> None:
        counts = services.calendar_changed(years=years, actor=actor_for_user(request.user))
        if any(counts.values()):
            self.message_user(
                request,
                _("已按新日历重算 %(n)s 个预计期限") % {"n": sum(counts.values())},
                messages.INFO,
            )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._recompute(request, self._years(obj, form))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._recompute(request, self._years(obj))

    def delete_queryset(self, request, queryset):
        years = sorted({y for obj in queryset for y in self._years(obj)})
        super().delete_queryset(request, queryset)
        self._recompute(request, years)


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarChangeAdmin):
    list_display = ["year", "source"]

    def _years(self, obj, form=None) -> list[int]:
        old = form.initial.get("year") if form is not None else None
        return [y for y in {obj.year, old} if y]

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault(
            "help_texts",
            {
                "year": _(
                    "先录入该年全部法定节假日与调休，再添加年度：添加后该年按节假日表计算，"
                    "预计（按周一至周五推算）的期限随即重算"
                )
            },
        )
        return super().get_form(request, obj, **kwargs)


@admin.register(Holiday)
class HolidayAdmin(CalendarChangeAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind", "date"]
    date_hierarchy = "date"

    def _years(self, obj, form=None) -> list[int]:
        old = form.initial.get("date") if form is not None else None
        return sorted({obj.date.year} | ({old.year} if old else set()))


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["at", "action", "actor_label", "center", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_id"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["id", "at", "kind", "center", "aggregate_type", "aggregate_id"]
    list_filter = ["kind"]


class OutboxAttemptInline(ScopedTabularInline):
    model = OutboxAttempt
    center_path = "message__center"
    fields = ["number", "at", "http_status", "outcome", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    """Messages for other systems with their state and attempts. Resending a
    failed one is on the exchange page (reports), through core.outbox."""

    list_display = [
        "created_at",
        "destination",
        "kind",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "center",
    ]
    list_filter = ["state", "destination", "kind", "center"]
    search_fields = ["key", "kind"]
    exclude = ["lease_token"]
    inlines = [OutboxAttemptInline]


class OutboxReceiverForm(forms.ModelForm):
    url = forms.URLField(label=_("接收地址"), max_length=300, assume_scheme="https")
    # The stored secret is never shown; a blank field keeps it.
    new_secret = forms.CharField(
        label=_("共享密钥"),
        required=False,
        min_length=16,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则保留原密钥；新建时必填（16 到 200 个字符）"),
    )

    class Meta:
        model = OutboxReceiver
        fields = ["destination", "center", "district", "url", "enabled"]

    def clean(self):
        data = super().clean()
        if not data.get("new_secret") and not self.instance.secret:
            self.add_error("new_secret", _("必填"))
        if bool(data.get("center")) == bool(data.get("district")):
            self.add_error("center", _("请选择中心或行政区（二选一）"))
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("new_secret"):
            self.instance.secret = self.cleaned_data["new_secret"]
        return super().save(commit)


@admin.register(OutboxReceiver)
class OutboxReceiverAdmin(ScopedAdmin):
    """Receivers of a centre (its admin) or of a district (its supervisors)."""

    form = OutboxReceiverForm
    list_display = ["destination", "center", "district", "url", "enabled", "updated_at"]
    list_filter = ["destination", "enabled"]

    @classmethod
    def scope_q(cls, reach, *, write: bool):
        # A district's receiver (and its secret) is its supervisors' alone.
        return Q(center__in=reach.centers) | Q(center__isnull=True, district__in=reach.supervised)

    @classmethod
    def writes_anywhere(cls, reach) -> bool:
        return reach.everywhere or bool(reach.centers or reach.supervised)

    def choice_queryset(self, request, db_field, queryset):
        if db_field.name == "district" and not reach(request).everywhere:
            return queryset.filter(pk__in=reach(request).supervised)
        return super().choice_queryset(request, db_field, queryset)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        outbox.receivers_changed(
            center=obj.center, district=obj.district, destination=obj.destination
        )


class ApiTokenForm(forms.ModelForm):
    actor = None  # set per request by ApiTokenAdmin.get_form

    class Meta:
        model = ApiToken
        fields = ["kind", "name", "center", "window", "user", "expires_at"]

    def clean(self):
        data = super().clean()
        if set(self.errors) & {"kind", "center", "window", "user"}:
            return data  # a choice outside the reach is already refused
        # The token service's own rule, so the refusal is a form error, not a 500.
        try:
            services.token_check(
                kind=data.get("kind"),
                center=data.get("center"),
                window=data.get("window"),
                user=data.get("user"),
                actor=self.actor,
            )
        except DomainError as exc:
            if not exc.fields:
                raise forms.ValidationError(exc.message) from exc
            for name, message in exc.fields.items():
                self.add_error(name if name in self.fields else None, message)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    form = ApiTokenForm
    list_display = [
        "prefix",
        "kind",
        "name",
        "center",
        "window",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["kind", "center"]
    actions = ["revoke"]

    @classmethod
    def scope_q(cls, reach, *, write):
        # Device tokens by their centre; staff tokens by their user.
        return Q(center__in=reach.centers) | Q(
            center__isnull=True, user__in=reach.users().values("pk")
        )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = actor_for_user(request.user)
        return form

    def save_model(self, request, obj, form, change):
        # The raw value is shown once, here; only its digest is kept.
        token, raw = services.token_create(
            kind=obj.kind,
            center=obj.center,
            window=obj.window,
            user=obj.user,
            name=obj.name,
            expires_at=obj.expires_at,
            actor=actor_for_user(request.user),
        )
        obj.pk = token.pk
        messages.warning(request, _("令牌只显示这一次，请立即复制：%(raw)s") % {"raw": raw})

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        actor = actor_for_user(request.user)
        for token in queryset:
            services.token_revoke(token=token, actor=actor)


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["center", "title", "text", "starts_at", "ends_at"]
        fields += ["on_display", "on_kiosk", "on_guide"]

    def clean(self):
        data = super().clean()
        screens = [s for s, f in SCREEN_FIELDS.items() if data.get(f)]
        problems = services.announcement_problems(
            title=data.get("title") or "",
            text=data.get("text") or "",
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            screens=screens,
            is_new=self.instance.pk is None,
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


@admin.register(Announcement)
class AnnouncementAdmin(CenterScopedAdmin):
    """Saved and deleted through the services, so every board hears of it."""

    form = AnnouncementForm
    list_display = ["title", "center", "starts_at", "ends_at", "on_display", "on_kiosk"]
    list_filter = ["center", "on_display", "on_kiosk", "on_guide"]
    search_fields = ["title", "text"]
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change):
        saved = services.announcement_save(
            actor=actor_for_user(request.user),
            center=obj.center,
            title=obj.title,
            text=obj.text,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            screens=[s for s, f in SCREEN_FIELDS.items() if getattr(obj, f)],
            announcement=obj if change else None,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.announcement_delete(actor=actor_for_user(request.user), announcement=obj)

    def delete_queryset(self, request, queryset):
        actor = actor_for_user(request.user)
        for obj in queryset:
            services.announcement_delete(actor=actor, announcement=obj)
