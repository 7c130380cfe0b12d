from django.contrib import admin

from govhall.core.admin import CenterScopedAdmin
from govhall.queueing.models import WindowQueue

from .models import Window, WindowPost, Zone


@admin.register(Zone)
class ZoneAdmin(CenterScopedAdmin):
    list_display = ["name", "code", "kind", "center", "floor"]
    list_filter = ["center", "kind"]


class WindowQueueInline(admin.TabularInline):
    model = WindowQueue
    extra = 0


class WindowPostInline(admin.TabularInline):
    model = WindowPost
    extra = 0


@admin.register(Window)
class WindowAdmin(CenterScopedAdmin):
    list_display = ["number", "name", "code", "type", "domain", "state", "center", "is_active"]
    list_filter = ["center", "type", "state", "is_active"]
    search_fields = ["name", "code"]
    inlines = [WindowQueueInline, WindowPostInline]
