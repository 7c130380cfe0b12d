"""12345 work orders in the admin: read-only, scoped to the centre."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import WorkOrder


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["ref", "kind", "status", "due_date", "assignee", "center"]
    list_filter = ["center", "status", "kind"]
    search_fields = ["ref"]
    exclude = ["phone"]
