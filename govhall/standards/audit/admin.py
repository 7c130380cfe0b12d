from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ReadOnlyAdmin, SharedAdmin

from .models import AuditRun, Evidence, Requirement


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyAdmin, SharedAdmin):
    """Loaded from audit/data/requirements.json by a migration: read here only."""

    list_display = ("ref", "text", "applies_district", "applies_department", "applies_town")
    list_filter = ("seed", "table", "check_kind")
    search_fields = ("ref", "text", "seed_text")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ("requirement", "center", "uploaded_at", "uploaded_by", "confirmed_by")
    list_filter = ("center",)


@admin.register(AuditRun)
class AuditRunAdmin(ReadOnlyAdmin, CenterScopedAdmin):
    list_display = ("center", "run_at", "run_by", "score", "tasks_opened")
    list_filter = ("center",)
