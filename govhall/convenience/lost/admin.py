"""Lost property in the admin: read-only, scoped, without the owner's and the
claimant's personal data (the desk's page masks them and audits each full read)."""

from django.contrib import admin

from ..printing.admin import ReadOnly
from .models import LostItem


@admin.register(LostItem)
class LostItemAdmin(ReadOnly):
    list_display = ["number", "category", "status", "found_at", "storage_place", "center"]
    list_filter = ["center", "status", "category"]
    search_fields = ["number", "description"]
    fields = [
        "center",
        "number",
        "category",
        "description",
        "found_place",
        "found_at",
        "found_by",
        "storage_place",
        "status",
        "registered_at",
        "stored_at",
        "claimed_at",
        "writeoff_requested_at",
        "written_off_at",
        "writeoff_note",
    ]
