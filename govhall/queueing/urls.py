from django.urls import path

from . import views

app_name = "queueing"
urlpatterns = [
    path("", views.hub, name="hub"),
    path("<str:center>/kiosk/", views.kiosk, name="kiosk"),
    path("<str:center>/kiosk/take/", views.kiosk_take, name="kiosk_take"),
    path("<str:center>/display/", views.display, name="display"),
    path("<str:center>/notices/<str:screen>/", views.notices, name="notices"),
    path("<str:center>/today/", views.day_report, name="day_report"),
    path("window/<str:code>/", views.console, name="console"),
    path("window/<str:code>/<str:step>/", views.console_action, name="console_action"),
    path("ticket/<str:token>/slip/", views.slip, name="slip"),
]
