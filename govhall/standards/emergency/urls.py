from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/emergency/", views.overview, name="emergency"),
    path("<str:center>/emergency/<str:kind>/", views.plan_page, name="emergency_plan"),
    path("<str:center>/emergency/<str:kind>/reveal/", views.reveal, name="emergency_reveal"),
    path("<str:center>/emergency/<str:kind>/drill/", views.drill, name="emergency_drill"),
]
