from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/exchange/", views.overview, name="exchange"),
    path("<str:center>/exchange/messages/<int:pk>/", views.message_page, name="exchange_message"),
    path(
        "<str:center>/exchange/messages/<int:pk>/resend/",
        views.resend,
        name="exchange_resend",
    ),
    path(
        "<str:center>/exchange/receivers/<str:destination>/",
        views.receiver,
        name="exchange_receiver",
    ),
]
