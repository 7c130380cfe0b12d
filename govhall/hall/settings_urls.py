"""The windows settings pages, under /settings/<centre>/windows/."""

from django.urls import path

from . import settings_views

app_name = "windows"
urlpatterns = [
    path("<str:center>/windows/", settings_views.windows, name="list"),
    path("<str:center>/windows/<str:code>/", settings_views.window_edit, name="edit"),
    path(
        "<str:center>/windows/<str:code>/deactivate/",
        settings_views.window_deactivate,
        name="deactivate",
    ),
    path(
        "<str:center>/windows/<str:code>/activate/",
        settings_views.window_activate,
        name="activate",
    ),
]
