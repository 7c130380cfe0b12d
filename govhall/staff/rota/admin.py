"""The rota and staff changes in the admin: read-only (the rules live in the
services: turns, leave, a month ahead, first in then out; the pages change them)."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin

from .models import DutyManager, RotaDay, StaffChange


class _ReadOnly(CenterScopedAdmin):
    center_path = "center"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutyManager)
class DutyManagerAdmin(_ReadOnly):
    list_display = ["user", "center", "position", "named_on", "granted_role"]
    list_filter = ["center"]


@admin.register(RotaDay)
class RotaDayAdmin(_ReadOnly):
    list_display = ["date", "user", "center", "changed_by", "changed_at"]
    list_filter = ["center"]
    date_hierarchy = "date"


@admin.register(StaffChange)
class StaffChangeAdmin(_ReadOnly):
    list_display = ["leaving", "center", "requested_on", "end_on", "successor", "status"]
    list_filter = ["center", "status"]
