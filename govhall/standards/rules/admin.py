from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import RuleDocument


@admin.register(RuleDocument)
class RuleDocumentAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ("key", "version", "issued_on", "center", "uploaded_by")
    list_filter = ("center", "key")
