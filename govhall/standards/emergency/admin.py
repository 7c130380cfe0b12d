"""Emergency plans and drills in the admin: read-only, scoped to the centre; the
contacts' phones stay out of it (they are read, audited, on the plan's page)."""

from django.contrib import admin

from ..upkeep.admin import ReadOnly
from .models import Drill, EmergencyPlan


@admin.register(EmergencyPlan)
class EmergencyPlanAdmin(ReadOnly):
    list_display = ["title", "kind", "version", "reviewed_on", "next_review", "center"]
    list_filter = ["center", "kind"]
    exclude = ["steps"]


@admin.register(Drill)
class DrillAdmin(ReadOnly):
    list_display = ["plan", "held_on", "participants", "duration_minutes", "center"]
    list_filter = ["center"]
