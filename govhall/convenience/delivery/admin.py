from django.contrib import admin

from .models import Manifest, Parcel, Reconciliation


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    list_display = ("number", "center", "case_number", "city", "status", "tracking_number")
    list_filter = ("center", "status", "city")
    search_fields = ("number", "case_number", "tracking_number")
    exclude = ("recipient_name", "recipient_phone", "address")
    readonly_fields = [
        f.name
        for f in Parcel._meta.fields
        if f.name not in ("recipient_name", "recipient_phone", "address")
    ]


@admin.register(Manifest)
class ManifestAdmin(admin.ModelAdmin):
    list_display = ("number", "center", "day", "status", "parcel_count", "sent_at")
    list_filter = ("center", "status")
    readonly_fields = [f.name for f in Manifest._meta.fields]


@admin.register(Reconciliation)
class ReconciliationAdmin(admin.ModelAdmin):
    list_display = ("center", "month", "filename", "our_count", "their_count", "matched")
    readonly_fields = [f.name for f in Reconciliation._meta.fields]
