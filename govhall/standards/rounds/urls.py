from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/rounds/", views.schedule, name="rounds"),
    path("<str:center>/rounds/plan/", views.plan, name="round_plan"),
    path("<str:center>/rounds/<int:pk>/", views.report, name="round"),
    path("<str:center>/rounds/<int:pk>/walk/", views.walk, name="round_walk"),
    path("<str:center>/rounds/<int:pk>/check/", views.check, name="round_check"),
    path("<str:center>/rounds/<int:pk>/close/", views.close, name="round_close"),
    path("<str:center>/rounds/<int:pk>/cancel/", views.cancel, name="round_cancel"),
    path("<str:center>/rounds/check/<int:pk>/photo/", views.photo, name="round_photo"),
]
