from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/assessment/", views.manage, name="assessment_manage"),
    path("<str:center>/assessment/scheme/", views.scheme, name="assessment_scheme"),
    path("<str:center>/assessment/run/", views.run, name="assessment_run"),
    path("<str:center>/assessment/<int:pk>/publish/", views.publish, name="assessment_publish"),
    path("<str:center>/assessment/<int:pk>/finalize/", views.finalize, name="assessment_finalize"),
    path(
        "<str:center>/assessment/objections/<int:pk>/answer/",
        views.answer,
        name="assessment_answer",
    ),
    path("<str:center>/assessment/public/", views.public, name="assessment_public"),
    path(
        "<str:center>/assessment/results/<int:pk>/object/", views.object_, name="assessment_object"
    ),
    path("<str:center>/assessment/department/", views.department, name="assessment_department"),
]
