"""Queue admin: queues and their items, a window's calling profile; tickets and
daily figures read-only (tickets change only through the calling services)."""

from django import forms
from django.contrib import admin

from govhall.catalog.models import ServiceItem, Stationing
from govhall.core.actors import actor_for_user
from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin, ScopedTabularInline, reach
from govhall.hall.admin import WindowAdmin
from govhall.hall.models import Window

from . import quotas
from .models import DailyFigure, DailyQuota, Queue, Ticket, WindowQueue


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


class DailyQuotaForm(forms.ModelForm):
    class Meta:
        model = DailyQuota
        fields = ["center", "queue", "item", "period", "limit"]

    def clean(self):
        data = super().clean()
        problems = quotas.quota_problems(
            center=data.get("center"),
            queue=data.get("queue"),
            item=data.get("item"),
            period=data.get("period") or "",
            limit=data.get("limit"),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


@admin.register(DailyQuota)
class DailyQuotaAdmin(CenterScopedAdmin):
    """A centre admin caps the walk-in tickets of their queues and items;
    saved through quotas.py, which checks what the form cannot."""

    form = DailyQuotaForm
    list_display = ["center", "queue", "item", "period", "limit"]
    list_filter = ["center", "period"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        actor = actor_for_user(request.user)
        if db_field.name == "queue":
            kwargs["queryset"] = actor.scoped(Queue.objects.filter(is_active=True))
        elif db_field.name == "item":
            stationed = actor.scoped(ServiceItem.objects.all(), "stationings__center")
            kwargs["queryset"] = stationed.distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        saved = quotas.quota_save(
            actor=actor_for_user(request.user),
            center=obj.center,
            queue=obj.queue,
            item=obj.item,
            period=obj.period,
            limit=obj.limit,
            quota=obj if change else None,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        quotas.quota_delete(actor=actor_for_user(request.user), quota=obj)

    def delete_queryset(self, request, queryset):
        actor = actor_for_user(request.user)
        for obj in queryset:
            quotas.quota_delete(actor=actor, quota=obj)
