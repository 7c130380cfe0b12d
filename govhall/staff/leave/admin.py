"""The 请销假台账 in the admin: read-only (every change goes through the services,
which keep the A/B rule and the events); scoped to the centre like the rest."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin

from .models import LeadAbsence, LeaveRequest


class ReadOnly(CenterScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnly):
    list_display = ["user", "kind", "start", "end", "days", "status", "cover", "center"]
    list_filter = ["center", "status", "kind"]
    search_fields = ["user__username", "user__staff_number", "user__last_name"]


@admin.register(LeadAbsence)
class LeadAbsenceAdmin(ReadOnly):
    list_display = ["lead", "department", "start_date", "end_date", "days", "deputy", "center"]
    list_filter = ["center", "department"]
