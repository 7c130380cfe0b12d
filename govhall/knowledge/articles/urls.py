from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/articles/", views.articles, name="articles"),
    path("<str:center>/articles/new/", views.article_new, name="article_new"),
    path("<str:center>/articles/versions/<int:pk>/", views.article_edit, name="article_edit"),
    path(
        "<str:center>/articles/versions/<int:pk>/submit/",
        views.article_submit,
        name="article_submit",
    ),
    path("<str:center>/articles/<int:pk>/revise/", views.article_revise, name="article_revise"),
    path("<str:center>/articles/review/", views.review_queue, name="article_queue"),
    path("<str:center>/articles/review/<int:pk>/", views.review, name="article_review"),
    path("<str:center>/kb/<str:code>/", views.article_public, name="article_public"),
]
