from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/tasks/", views.task_list, name="tasks"),
    path("<str:center>/tasks/mine/", views.task_list_mine, name="tasks_mine"),
    path("<str:center>/tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("<str:center>/tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("<str:center>/tasks/<int:pk>/verify/", views.task_verify, name="task_verify"),
    path("<str:center>/tasks/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
]
