from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ScopedTabularInline

from .models import Facility, HallProfile, Window, WindowPost, Zone


@admin.register(Zone)
class ZoneAdmin(CenterScopedAdmin):
    list_display = ["name", "code", "kind", "center", "floor"]
    list_filter = ["center", "kind"]


class WindowPostInline(ScopedTabularInline):
    model = WindowPost
    center_path = "window__center"
    extra = 0


@admin.register(Window)
class WindowAdmin(CenterScopedAdmin):
    list_display = ["number", "name", "code", "type", "domain", "state", "center", "is_active"]
    list_filter = ["center", "type", "state", "is_active"]
    search_fields = ["name", "code"]
    # queueing/admin.py adds the calling profile (hall sits below queueing).
    inlines = [WindowPostInline]


@admin.register(HallProfile)
class HallProfileAdmin(CenterScopedAdmin):
    list_display = ["center", "building_area", "hall_area", "updated_at"]


@admin.register(Facility)
class FacilityAdmin(CenterScopedAdmin):
    list_display = ["kind", "count", "zone", "location", "center"]
    list_filter = ["center"]
