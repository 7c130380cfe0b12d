"""The Django admin for the core app, in Chinese, scoped to the user's centres."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .actors import actor_for_user
from .admin_passwords import PasswordResetForm, UserAddForm
from .models import (
    ApiToken,
    AuditLog,
    CalendarYear,
    Center,
    Department,
    District,
    Event,
    Holiday,
    Membership,
    User,
)


class CenterScopedAdmin(admin.ModelAdmin):
    """Non-superusers see and pick only the centres their roles cover."""

    center_path = "center"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return actor_for_user(request.user).scoped(qs, self.center_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "center":
            kwargs["queryset"] = actor_for_user(request.user).scoped(Center.objects.all(), "pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Center)
class CenterAdmin(CenterScopedAdmin):
    center_path = "pk"
    list_display = ["name", "code", "level", "district", "is_active"]
    list_filter = ["level", "district"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "district"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


class CalendarChangeAdmin(admin.ModelAdmin):
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


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["kind", "name", "center", "window", "user", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(CenterScopedAdmin):
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

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

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
