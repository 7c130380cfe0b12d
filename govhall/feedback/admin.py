"""Evaluations, rectifications and complaints in the admin: read-only (every
change goes through the services); personal data stays out."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import Complaint, Evaluation, Rectification


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["reference", "item_name", "window", "staff_number", "level", "rated_at"]
    list_filter = ["center", "subject", "level", "channel", "real_name"]
    search_fields = ["reference", "staff_number"]
    exclude = ["token", "contact_phone", "person_hash"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["evaluation", "status", "real_name", "contact_due", "rectify_due", "warning"]
    list_filter = ["center", "status", "finding", "warning"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["number", "channel", "status", "staff_number", "reply_due", "warning"]
    list_filter = ["center", "channel", "status", "warning"]
    search_fields = ["number", "hotline_ref", "staff_number"]
    exclude = ["receipt_token", "complainant_name", "complainant_phone"]
