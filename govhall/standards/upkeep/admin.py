"""Upkeep in the admin: read-only (changes go through the services), scoped to the centre."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin

from .models import CleaningTick, Installation, MaintenanceLog


class ReadOnly(CenterScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Installation)
class InstallationAdmin(ReadOnly):
    list_display = ["name", "kind", "cycle", "last_done", "next_due", "is_active", "center"]
    list_filter = ["center", "kind"]


@admin.register(MaintenanceLog)
class MaintenanceLogAdmin(ReadOnly):
    list_display = ["installation", "done_on", "result", "center"]
    list_filter = ["center", "result"]


@admin.register(CleaningTick)
class CleaningTickAdmin(ReadOnly):
    list_display = ["day", "zone", "item", "ticked_at", "center"]
    list_filter = ["center"]
