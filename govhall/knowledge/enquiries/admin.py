"""Enquiries in the admin: read-only (every change goes through the services,
which keep the first responder and the clock); scoped to the centre."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import Enquiry


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["number", "channel", "status", "first_responder", "callback_due", "center"]
    list_filter = ["center", "status", "channel"]
    search_fields = ["number"]
    exclude = ["phone"]
