from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/special-groups/", views.special_groups, name="groups_special"),
]
