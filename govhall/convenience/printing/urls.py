from django.urls import path

from . import views

urlpatterns = [
    path("print/<str:center>/", views.print_room, name="print_room"),
    path("print/<str:center>/job/", views.print_job, name="print_job"),
    path("print/<str:center>/computer/", views.computer_start, name="print_computer_start"),
    path(
        "print/<str:center>/computer/<int:pk>/end/", views.computer_end, name="print_computer_end"
    ),
    path("print/<str:center>/left-behind/", views.left_behind, name="print_left_behind"),
]
