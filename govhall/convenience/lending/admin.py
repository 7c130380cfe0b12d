"""Lending in the admin: the things to lend (kept here too), the loans read-only
without the borrower's name and phone."""

from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin

from ..printing.admin import ReadOnly
from .models import LendingItem, Loan


@admin.register(LendingItem)
class LendingItemAdmin(CenterScopedAdmin):
    list_display = ["label", "kind", "place", "active", "center"]
    list_filter = ["center", "kind", "active"]


@admin.register(Loan)
class LoanAdmin(ReadOnly):
    list_display = ["item", "lent_at", "returned_at", "center"]
    list_filter = ["center"]
    fields = ["center", "item", "note", "lent_at", "lent_by", "returned_at", "returned_to"]
