from django.urls import path

from . import views

urlpatterns = [
    path("lost/<str:center>/", views.desk, name="lost_desk"),
    path("lost/<str:center>/register/", views.register, name="lost_register"),
    path("lost/<str:center>/writeoffs/", views.writeoffs, name="lost_writeoffs"),
    path("lost/<str:center>/public/", views.public, name="lost_public"),
    path("lost/<str:center>/<int:pk>/", views.detail, name="lost_detail"),
    path("lost/<str:center>/<int:pk>/store/", views.store, name="lost_store"),
    path("lost/<str:center>/<int:pk>/claim/", views.claim, name="lost_claim"),
    path("lost/<str:center>/<int:pk>/writeoff/", views.writeoff_request, name="lost_writeoff"),
    path("lost/<str:center>/<int:pk>/decide/", views.writeoff_decide, name="lost_decide"),
    path("lost/<str:center>/<int:pk>/reveal/", views.reveal, name="lost_reveal"),
    path("lost/<str:center>/<int:pk>/photo.jpg", views.photo, name="lost_photo"),
    path("lost/<str:center>/<int:pk>/signature.png", views.signature, name="lost_signature"),
]
