from django.urls import path

from . import views

urlpatterns = [
    path("district/<str:district>/", views.district_view, name="district"),
    path("<str:center>/audit/", views.audit_page, name="audit"),
    path("<str:center>/audit/run/", views.audit_run, name="audit_run"),
    path("<str:center>/audit/report.pdf", views.report_pdf, name="audit_report"),
    path("<str:center>/audit/evidence/", views.evidence_upload, name="evidence_upload"),
    path(
        "<str:center>/audit/evidence/<int:pk>/confirm/",
        views.evidence_confirm,
        name="evidence_confirm",
    ),
    path("<str:center>/audit/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
