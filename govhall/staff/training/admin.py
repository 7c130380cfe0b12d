from django.contrib import admin

from govhall.core.admin_scope import CenterScopedAdmin, ScopedTabularInline

from .models import Exam, Invitation, Question, TrainingPlan, TrainingSession


@admin.register(TrainingPlan)
class TrainingPlanAdmin(CenterScopedAdmin):
    list_display = ["title", "center", "first_month", "last_month"]
    list_filter = ["center"]


class InvitationInline(ScopedTabularInline):
    model = Invitation
    center_path = "session__center"
    extra = 0
    fields = ["user", "attendance", "note"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(CenterScopedAdmin):
    list_display = ["topic", "kind", "starts_at", "status", "center"]
    list_filter = ["center", "kind", "status"]
    search_fields = ["topic", "trainer"]
    inlines = [InvitationInline]


class QuestionInline(ScopedTabularInline):
    model = Question
    center_path = "exam__center"
    extra = 0
    fields = ["number", "kind", "text", "points"]


@admin.register(Exam)
class ExamAdmin(CenterScopedAdmin):
    list_display = ["title", "status", "pass_mark", "is_probation", "center"]
    list_filter = ["center", "status", "is_probation"]
    inlines = [QuestionInline]
