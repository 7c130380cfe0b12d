from django.urls import path

from . import views, views_board

urlpatterns = [
    path("profiles/<str:center>/", views.staff_list, name="profiles"),
    path("profiles/<str:center>/new/", views.profile_new, name="profile_new"),
    path("profiles/<str:center>/me/", views.my_profile, name="profile_me"),
    path(
        "profiles/<str:center>/certificates-due/",
        views.certificates_due,
        name="certificates_due",
    ),
    path("profiles/<str:center>/<int:pk>/", views.profile, name="profile"),
    path("profiles/<str:center>/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("profiles/<str:center>/<int:pk>/end/", views.profile_end, name="profile_end"),
    path("profiles/<str:center>/<int:pk>/photo/", views.photo_upload, name="photo_upload"),
    path("profiles/<str:center>/<int:pk>/photo.jpg", views.photo, name="photo"),
    path(
        "profiles/<str:center>/<int:pk>/certificates/",
        views.certificate_add,
        name="certificate_add",
    ),
    path(
        "profiles/<str:center>/<int:pk>/certificates/<int:cert>/remove/",
        views.certificate_remove,
        name="certificate_remove",
    ),
    path("posts/<str:center>/", views_board.posts, name="posts"),
    path("posts/<str:center>/assign/", views_board.post_assign, name="post_assign"),
    path("service-board/<str:center>/", views_board.service_board, name="service_board"),
    path(
        "service-board/<str:center>/<str:code>/",
        views_board.service_board_window,
        name="service_board_window",
    ),
    path("service-screen/<str:center>/", views_board.service_screen, name="service_screen"),
]
