"""The centre's settings pages (core/settings_views.py): /settings/<centre>/…
The hall's windows and the queues have their own modules under the same path."""

from django.urls import path

from . import settings_views

app_name = "settings"
urlpatterns = [
    path("<str:center>/", settings_views.hub, name="hub"),
    path("<str:center>/hours/", settings_views.hours, name="hours"),
    path("<str:center>/rules/", settings_views.rules, name="rules"),
]
