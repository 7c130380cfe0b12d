"""The centre's settings pages (core/settings_views.py): /settings/<centre>/…
The hall's windows and the queues have their own modules under the same path."""

from django.urls import path

from . import settings_announcements as notices
from . import settings_views

app_name = "settings"
urlpatterns = [
    path("<str:center>/", settings_views.hub, name="hub"),
    path("<str:center>/hours/", settings_views.hours, name="hours"),
    path("<str:center>/rules/", settings_views.rules, name="rules"),
    path("<str:center>/announcements/", notices.announcements, name="announcements"),
    path("<str:center>/announcements/<int:pk>/", notices.announcement_edit, name="announcement"),
    path(
        "<str:center>/announcements/<int:pk>/end/",
        notices.announcement_end,
        name="announcement_end",
    ),
    path(
        "<str:center>/announcements/<int:pk>/withdraw/",
        notices.announcement_withdraw,
        name="announcement_withdraw",
    ),
]
