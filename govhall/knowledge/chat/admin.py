"""Online conversations in the admin: read-only, scoped to the centre; the
token that opens the citizen's page is not shown."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import ChatSession


@admin.register(ChatSession)
class ChatSessionAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["created_at", "status", "taken_by", "enquiry", "center"]
    list_filter = ["center", "status"]
    exclude = ["token"]
