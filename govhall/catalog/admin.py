"""Catalog admin. Edits of a guide go through the version workflow services;
published versions are read-only here as everywhere."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import actor_for_user
from govhall.core.errors import DomainError

from . import services
from .models import EDITABLE, ItemVersion, Material, ServiceItem, Stationing


class StationingInline(admin.TabularInline):
    model = Stationing
    extra = 0
    readonly_fields = ["taken_recent"]


class ServiceItemForm(forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = ["code", "department", "domain", "aliases"]

    def clean_aliases(self):
        try:
            services.clean_aliases(self.cleaned_data.get("aliases", ""))
        except DomainError as exc:
            raise forms.ValidationError(exc.fields.get("aliases") or exc.message) from exc
        return self.cleaned_data["aliases"]


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    form = ServiceItemForm
    list_display = ["code", "published_name", "domain", "department"]
    list_filter = ["domain", "department"]
    search_fields = ["code", "versions__name"]
    inlines = [StationingInline]
    actions = ["new_draft"]
    fields = ["code", "department", "domain", "aliases"]

    def get_readonly_fields(self, request, obj=None):
        # An item is created through its first guide (services.item_create); here
        # only its search words change, through the service.
        return ["code", "department", "domain"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        aliases = form.cleaned_data.get("aliases", "")
        try:
            services.item_set_aliases(actor=actor_for_user(request.user), item=obj, aliases=aliases)
        except DomainError as exc:
            messages.error(request, f"{obj}: {exc.message}")

    @admin.display(description=_("现行名称"))
    def published_name(self, obj):
        return obj.published_version.name if obj.published_version else "—"

    @admin.action(description=_("新建修订草稿"))
    def new_draft(self, request, queryset):
        _run(
            request,
            queryset,
            lambda actor, item: services.version_new_draft(actor=actor, item=item),
        )


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _editable(self, obj):
        return obj is None or obj.status in EDITABLE

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "item",
        "number",
        "status",
        "submitted_at",
        "publish_due",
        "publish_due_provisional",
        "overdue_flagged_at",
        "published_at",
    ]
    list_filter = ["status", "approval_mode", "item__domain"]
    search_fields = ["name", "item__code"]
    inlines = [MaterialInline]
    readonly_fields = [
        "status",
        "submitted_at",
        "submitted_by",
        "publish_due",
        "publish_due_provisional",
        "reviewed_at",
        "reviewed_by",
        "review_note",
        "published_at",
        "published_by",
        "overdue_flagged_at",
    ]
    actions = ["submit", "approve", "publish"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status not in EDITABLE:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # a version starts from an item ("新建修订草稿")

    @admin.action(description=_("部门提交审核"))
    def submit(self, request, queryset):
        _run(request, queryset, lambda actor, v: services.version_submit(actor=actor, version=v))

    @admin.action(description=_("中心审核通过"))
    def approve(self, request, queryset):
        _run(
            request,
            queryset,
            lambda actor, v: services.version_review(actor=actor, version=v, approve=True),
        )

    @admin.action(description=_("发布"))
    def publish(self, request, queryset):
        _run(request, queryset, lambda actor, v: services.version_publish(actor=actor, version=v))


def _run(request, queryset, step) -> None:
    actor = actor_for_user(request.user)
    done = 0
    for obj in queryset:
        try:
            step(actor, obj)
            done += 1
        except DomainError as exc:
            messages.error(request, f"{obj}: {exc.message}")
    if done:
        messages.success(request, _("已处理 %(n)s 项") % {"n": done})
