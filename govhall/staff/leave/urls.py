from django.urls import path

from . import report_views, views

urlpatterns = [
    path("leave/<str:center>/mine/", views.mine, name="leave_mine"),
    path("leave/<str:center>/<int:pk>/cancel/", views.cancel, name="leave_cancel"),
    path("leave/<str:center>/<int:pk>/return/", views.return_, name="leave_return"),
    path("leave/<str:center>/approvals/", views.approvals, name="leave_approvals"),
    path("leave/<str:center>/<int:pk>/decide/", views.decide, name="leave_decide"),
    path("leave/<str:center>/filing/", views.filing, name="leave_filing"),
    path("leave/<str:center>/<int:pk>/file/", views.file, name="leave_file"),
    path("leave/<str:center>/away/", views.away, name="leave_away"),
    path("leave/<str:center>/report/", report_views.report, name="leave_report"),
    path("leave/<str:center>/report.xlsx", report_views.report_xlsx, name="leave_report_xlsx"),
    path("leave/<str:center>/lead-absence/", report_views.lead_absence, name="lead_absence"),
    path(
        "leave/<str:center>/lead-absence/<int:pk>/cancel/",
        report_views.lead_absence_cancel,
        name="lead_absence_cancel",
    ),
]
