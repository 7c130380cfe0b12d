from django.contrib import admin

from .models import RectificationTask


@admin.register(RectificationTask)
class RectificationTaskAdmin(admin.ModelAdmin):
    list_display = ("title", "center", "source", "ref", "status", "owner", "due")
    list_filter = ("status", "source", "center")
    search_fields = ("title", "ref")
