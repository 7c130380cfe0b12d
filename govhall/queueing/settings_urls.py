"""The queues and calling-profile settings pages, under /settings/<centre>/."""

from django.urls import path

from . import settings_quotas, settings_views

app_name = "queues"
urlpatterns = [
    path("<str:center>/queues/", settings_views.queues, name="list"),
    path("<str:center>/queues/<int:pk>/", settings_views.queue_edit, name="edit"),
    path(
        "<str:center>/queues/<int:pk>/deactivate/",
        settings_views.queue_deactivate,
        name="deactivate",
    ),
    path("<str:center>/queues/<int:pk>/activate/", settings_views.queue_activate, name="activate"),
    path("<str:center>/quotas/", settings_quotas.quotas_page, name="quotas"),
    path("<str:center>/quotas/items/", settings_quotas.item_quota_add, name="item_quota_add"),
    path("<str:center>/quotas/<int:pk>/clear/", settings_quotas.quota_clear, name="quota_clear"),
    path("<str:center>/windows/<str:code>/profile/", settings_views.profile, name="profile"),
]
