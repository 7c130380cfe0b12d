from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/upkeep/", views.ledger, name="upkeep"),
    path("<str:center>/upkeep/add/", views.add, name="upkeep_add"),
    path("<str:center>/upkeep/<int:pk>/", views.detail, name="upkeep_detail"),
    path("<str:center>/upkeep/<int:pk>/record/", views.record, name="upkeep_record"),
    path("<str:center>/upkeep/<int:pk>/retire/", views.retire, name="upkeep_retire"),
    path("<str:center>/upkeep/log/<int:pk>/file/", views.log_file, name="upkeep_log_file"),
    path("<str:center>/cleaning/", views.cleaning_page, name="cleaning"),
]
