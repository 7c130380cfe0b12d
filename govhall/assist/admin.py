"""Assist in the admin: read-only (every change goes through the services, which
keep the state machine, the events and the audit); scoped to the centre."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin

from .models import AssistRequest, Coordinator, TeamMember


class ReadOnly(CenterScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssistRequest)
class AssistRequestAdmin(ReadOnly):
    list_display = ["number", "kind", "status", "channel", "assigned_to", "requested_at", "center"]
    list_filter = ["center", "kind", "status"]
    search_fields = ["number"]
    exclude = ["name", "id_number", "phone", "checklist"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnly):
    list_display = ["name", "kind", "active", "center"]
    list_filter = ["center", "kind", "active"]


@admin.register(Coordinator)
class CoordinatorAdmin(ReadOnly):
    list_display = ["department", "user", "named_at", "center"]
    list_filter = ["center"]
