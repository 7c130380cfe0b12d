from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/rules/", views.rule_list, name="rules"),
    path("<str:center>/rules/upload/", views.rule_upload, name="rule_upload"),
    path("<str:center>/rules/<int:pk>/", views.rule_file, name="rule_file"),
]
