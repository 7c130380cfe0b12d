"""The platform's bookings in the admin: read-only, scoped to the centre."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin

from .models import PlatformBooking


@admin.register(PlatformBooking)
class PlatformBookingAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ["platform_id", "received_at", "center"]
    exclude = ["booking"]  # its str() is the booking code, which checks the person in
    list_filter = ["center"]
    search_fields = ["platform_id"]
