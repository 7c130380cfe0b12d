"""The print room's log in the admin: read-only (changes go through the services),
scoped to the centre, without the person (their ID number stays masked on the pages)."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin

from .models import ComputerSession, PrintJob


class ReadOnly(CenterScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrintJob)
class PrintJobAdmin(ReadOnly):
    list_display = ["day", "at", "kind", "sheets", "purpose", "status", "refusal_code", "center"]
    list_filter = ["center", "status", "kind", "day"]
    fields = [
        "center",
        "day",
        "at",
        "kind",
        "item",
        "sheets",
        "purpose",
        "status",
        "refusal_code",
        "refusal_reason",
        "recorded_by",
    ]


@admin.register(ComputerSession)
class ComputerSessionAdmin(ReadOnly):
    list_display = ["started_at", "ended_at", "limit_minutes", "overrun_seconds", "center"]
    list_filter = ["center"]
    fields = [
        "center",
        "computer",
        "purpose",
        "started_at",
        "limit_minutes",
        "ended_at",
        "overrun_seconds",
        "started_by",
    ]
