"""The windows settings pages, under /settings/<centre>/windows/."""

from django.urls import path

from . import inventory_views, settings_views

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
    # The facility inventory (001 表2-表12, 003, 002 二(四)).
    path("<str:center>/facilities/", inventory_views.facilities, name="facilities"),
    path("<str:center>/facilities/profile/", inventory_views.profile, name="hall_profile"),
    path("<str:center>/facilities/zones/", inventory_views.zone_add, name="zone_add"),
    path(
        "<str:center>/facilities/<int:pk>/remove/",
        inventory_views.facility_remove,
        name="facility_remove",
    ),
]
