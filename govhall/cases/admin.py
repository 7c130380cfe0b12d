"""Cases in the admin: read-only (every change goes through the services)."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import Archive, Case, CreditRecord


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["number", "item_name", "status", "department", "due_date", "warning"]
    list_filter = ["center", "status", "approval_mode", "warning"]
    search_fields = ["number"]
    # Personal data stays out of the admin: the pages show masked values.
    exclude = [
        "applicant_name",
        "applicant_id_number",
        "phone",
        "proxy_name",
        "proxy_id_number",
        "delivery_address",
        "check_code",
    ]


@admin.register(Archive)
class ArchiveAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    center_path = "case__center"
    list_display = ["case", "sha256", "created_at"]
    exclude = ["package"]


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["case", "subject_kind", "created_at"]
    exclude = ["subject_name", "subject_key"]
