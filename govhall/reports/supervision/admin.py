from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import Finding


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    """Findings change only through their services (the supervision pages)."""

    list_display = ("subject", "center", "kind", "ref", "state", "owner", "deadline")
    list_filter = ("state", "kind", "center")
    search_fields = ("subject", "key")
