"""Queue admin: queues and their items, a window's calling profile; tickets and
daily figures read-only (tickets change only through the calling services)."""

from django.contrib import admin

from govhall.catalog.models import Stationing
from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin, ScopedTabularInline, reach
from govhall.hall.admin import WindowAdmin
from govhall.hall.models import Window

from .models import DailyFigure, Queue, Ticket, WindowQueue


class WindowQueueInline(ScopedTabularInline):
    model = WindowQueue
    center_path = "window__center"
    extra = 0


# The window page keeps its calling profile; the inline lives here because hall
# (floor 2) may not import queueing (floor 3).
admin.site.unregister(Window)


@admin.register(Window)
class WindowWithProfileAdmin(WindowAdmin):
    inlines = [*WindowAdmin.inlines, WindowQueueInline]


@admin.register(Queue)
class QueueAdmin(CenterScopedAdmin):
    list_display = ["prefix", "name", "code", "center", "position", "is_active"]
    list_filter = ["center", "is_active"]
    filter_horizontal = ["items"]

    def choice_queryset(self, request, db_field, queryset):
        queryset = super().choice_queryset(request, db_field, queryset)
        r = reach(request)
        if db_field.name == "items" and not r.everywhere:
            # A queue serves items stationed at the admin's centres, not the whole district.
            stationed = Stationing.objects.filter(center__in=r.centers, active=True)
            queryset = queryset.filter(pk__in=stationed.values("item"))
        return queryset


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = [
        "number",
        "center",
        "queue",
        "status",
        "priority",
        "special_group",
        "issued_at",
        "window",
        "served_by",
    ]
    list_filter = ["center", "status", "priority", "service_date"]
    search_fields = ["number"]
    exclude = ["id_number", "id_number_hash", "phone", "track_token"]


@admin.register(DailyFigure)
class DailyFigureAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = [
        "service_date",
        "center",
        "dimension",
        "label",
        "tickets",
        "served",
        "no_shows",
        "expired",
        "wait_mean_min",
        "wait_p90_min",
        "service_mean_min",
    ]
    list_filter = ["center", "dimension", "service_date"]
