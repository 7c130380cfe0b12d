from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import Away


@admin.register(Away)
class AwayAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    """暂离 records change only through the services (the pages and the API)."""

    list_display = ["user", "reason", "started_at", "expected_back_at", "returned_at", "center"]
    list_filter = ["center", "reason"]
    search_fields = ["user__staff_number", "user__last_name"]
    date_hierarchy = "started_at"
