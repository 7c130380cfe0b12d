from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/enquiries/", views.desk, name="enquiries"),
    path("<str:center>/enquiries/<str:number>/", views.detail, name="enquiry"),
    path("<str:center>/enquiries/<str:number>/take/", views.take, name="enquiry_take"),
    path(
        "<str:center>/enquiries/<str:number>/hand-over/", views.hand_over, name="enquiry_hand_over"
    ),
    path("<str:center>/enquiries/<str:number>/close/", views.close, name="enquiry_close"),
    path("<str:center>/enquiries/<str:number>/phone/", views.phone, name="enquiry_phone"),
]
