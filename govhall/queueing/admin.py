"""Queue admin: queues and their items; tickets and daily figures read-only
(tickets change only through the calling services)."""

from django.contrib import admin

from govhall.core.admin import CenterScopedAdmin, ReadOnlyAdmin

from .models import DailyFigure, Queue, Ticket


@admin.register(Queue)
class QueueAdmin(CenterScopedAdmin):
    list_display = ["prefix", "name", "code", "center", "position", "is_active"]
    list_filter = ["center", "is_active"]
    filter_horizontal = ["items"]


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
