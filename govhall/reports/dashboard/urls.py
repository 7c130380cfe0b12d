from django.urls import path

from . import views

urlpatterns = [
    path("district/<str:district>/", views.district_page, name="district"),
    path("<str:center>/", views.index, name="index"),
    path("<str:center>/live/", views.live_page, name="live"),
    path("<str:center>/live/panel/", views.live_panel, name="live_panel"),
    path("<str:center>/monthly/", views.monthly_list, name="monthly"),
    path("<str:center>/monthly/make/", views.monthly_make, name="monthly_make"),
    path("<str:center>/monthly/<int:pk>.pdf", views.monthly_pdf, name="monthly_pdf"),
]
# Any registered report by name: after every feature's own pages (reports/urls.py
# appends these last, so `<center>/<report>/` and the district's
# `district/<district>/<report>/` shadow no other page, e.g. the district's supervision).
last = [
    path(
        "district/<str:district>/<str:report>.xlsx",
        views.district_report_xlsx,
        name="district_report_xlsx",
    ),
    path(
        "district/<str:district>/<str:report>/",
        views.district_report_page,
        name="district_report",
    ),
    path("<str:center>/<str:report>.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<str:center>/<str:report>/", views.report_page, name="report"),
]
