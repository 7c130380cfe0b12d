"""Inspection rounds in the admin: read-only, scoped to the centre."""

from django.contrib import admin

from ..upkeep.admin import ReadOnly
from .models import Round


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["planned_on", "slot", "walker", "status", "closed_at", "center"]
    list_filter = ["center", "status"]
