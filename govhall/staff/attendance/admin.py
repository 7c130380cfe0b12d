"""Attendance in the admin: read-only (punches are added, excuses and force
majeure recorded through the services, which audit them), scoped by centre."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import DeviceFault, Excuse, ForceMajeure, Punch


@admin.register(Punch)
class PunchAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["user", "kind", "at", "source", "added_by", "reason", "center"]
    list_filter = ["center", "kind", "source", "day"]
    search_fields = ["user__staff_number", "user__last_name"]
    date_hierarchy = "day"


@admin.register(Excuse)
class ExcuseAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["user", "day", "kind", "expected_at", "reason", "recorded_by", "center"]
    list_filter = ["center", "kind"]


@admin.register(ForceMajeure)
class ForceMajeureAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["day", "reason", "everyone", "recorded_by", "center"]
    list_filter = ["center"]


@admin.register(DeviceFault)
class DeviceFaultAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["device", "started_at", "ended_at", "description", "reported_by", "center"]
    list_filter = ["center"]
