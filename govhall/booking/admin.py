"""Booking admin: read-only views of slots, bookings, suspensions and visits.
Every change goes through the services (the slot-configuration page, the
reception and home-visit pages, the API), so the admin never bypasses the
booked count, the reminders or the two-staff rule."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import Blackout, Booking, HomeVisit, Slot, SlotTemplate, Suspension


@admin.register(SlotTemplate)
class SlotTemplateAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["center", "queue", "item", "weekday", "start", "end", "capacity", "is_active"]
    list_filter = ["center", "weekday", "is_active"]


@admin.register(Blackout)
class BlackoutAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["center", "date", "reason"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["center", "queue", "date", "start", "end", "capacity", "booked", "is_closed"]
    list_filter = ["center", "date", "is_closed"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["code", "center", "item", "slot", "channel", "status", "created_at"]
    list_filter = ["center", "status", "channel"]
    search_fields = ["code"]
    exclude = ["name", "id_number", "id_number_hash", "phone"]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["id_number_masked", "center", "starts_at", "ends_at", "lifted_at", "reason"]
    exclude = ["id_number_hash"]


@admin.register(HomeVisit)
class HomeVisitAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["number", "center", "item", "status", "requested_at", "scheduled_for"]
    list_filter = ["center", "status"]
    search_fields = ["number"]
    exclude = ["name", "id_number", "id_number_hash", "phone", "address"]
