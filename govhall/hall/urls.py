from django.urls import path

from . import views

app_name = "hall"
urlpatterns = [
    path("<str:center>/", views.duty_calls, name="duty"),
    path("<str:center>/call/", views.duty_call, name="duty_call"),
    path("<str:center>/<int:pk>/resolve/", views.duty_resolve, name="duty_resolve"),
]
