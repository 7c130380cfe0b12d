from django.urls import path

from . import change_views, views

urlpatterns: list = [
    path("<str:center>/rota/", views.rota, name="rota"),
    path("<str:center>/rota/generate/", views.rota_generate, name="rota_generate"),
    path("<str:center>/rota/swap/", views.rota_swap, name="rota_swap"),
    path("<str:center>/rota/set/", views.rota_set, name="rota_set"),
    path("<str:center>/rota/managers/", views.manager_name, name="rota_manager_name"),
    path("<str:center>/rota/managers/remove/", views.manager_remove, name="rota_manager_remove"),
    path("<str:center>/changes/", change_views.changes, name="changes"),
    path("<str:center>/changes/new/", change_views.change_new, name="change_new"),
    path("<str:center>/changes/<int:pk>/decide/", change_views.change_decide, name="change_decide"),
    path("<str:center>/tenure/", change_views.tenure, name="tenure"),
]
