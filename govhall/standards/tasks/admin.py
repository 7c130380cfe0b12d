from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import RectificationTask


@admin.register(RectificationTask)
class RectificationTaskAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    """Tasks change only through their services (the standards pages)."""

    list_display = ("title", "center", "source", "ref", "status", "owner", "due")
    list_filter = ("status", "source", "center")
    search_fields = ("title", "ref")
