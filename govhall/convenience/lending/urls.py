from django.urls import path

from . import views

urlpatterns = [
    path("lending/<str:center>/", views.desk, name="lending"),
    path("lending/<str:center>/lend/", views.lend, name="lending_lend"),
    path("lending/<str:center>/<int:pk>/return/", views.give_back, name="lending_return"),
    path("lending/<str:center>/items/", views.item_add, name="lending_item_add"),
]
