from django.urls import path

from . import exam_views, views

P = "<str:center>/training/"
urlpatterns = [
    path(P, views.plan, name="training_plan"),
    path(P + "plans/add/", views.plan_add, name="training_plan_add"),
    path(P + "sessions/", views.session_list, name="training_sessions"),
    path(P + "sessions/new/", views.session_new, name="training_session_new"),
    path(P + "sessions/<int:pk>/", views.session_detail, name="training_session"),
    path(P + "sessions/<int:pk>/attendance/", views.attendance, name="training_attendance"),
    path(P + "sessions/<int:pk>/cancel/", views.session_cancel, name="training_session_cancel"),
    path(P + "exams/", exam_views.exam_list, name="training_exams"),
    path(P + "exams/new/", exam_views.exam_new, name="training_exam_new"),
    path(P + "exams/<int:pk>/", exam_views.exam_editor, name="training_exam"),
    path(P + "exams/<int:pk>/questions/", exam_views.question_add, name="training_question_add"),
    path(
        P + "exams/<int:pk>/questions/<int:question>/remove/",
        exam_views.question_remove,
        name="training_question_remove",
    ),
    path(P + "exams/<int:pk>/publish/", exam_views.exam_publish, name="training_exam_publish"),
    path(P + "exams/<int:pk>/close/", exam_views.exam_close, name="training_exam_close"),
    path(P + "exams/<int:pk>/results/", exam_views.results, name="training_results"),
    path(P + "mine/", exam_views.mine, name="training_mine"),
    path(P + "exams/<int:pk>/take/", exam_views.take, name="training_take"),
    path(P + "exams/<int:pk>/start/", exam_views.start, name="training_start"),
    path(
        P + "exams/<int:pk>/attempts/<int:attempt>/submit/",
        exam_views.submit,
        name="training_submit",
    ),
    path(P + "attempts/<int:pk>/", exam_views.attempt_result, name="training_attempt"),
    path(P + "records/", views.records, name="training_records"),
    path(P + "records/<int:user_id>/", views.record, name="training_record"),
]
