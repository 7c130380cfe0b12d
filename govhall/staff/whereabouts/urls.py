from django.urls import path

from . import views

urlpatterns = [
    path("whereabouts/<str:center>/", views.centre, name="whereabouts"),
    path("whereabouts/<str:center>/board/", views.board, name="whereabouts_board"),
    path("whereabouts/<str:center>/away/", views.centre_away, name="whereabouts_away_for"),
    path("whereabouts/<str:center>/back/", views.centre_back, name="whereabouts_back_for"),
    path("whereabouts/<str:center>/me/", views.me, name="whereabouts_me"),
    path("whereabouts/<str:center>/me/away/", views.me_away, name="whereabouts_me_away"),
    path("whereabouts/<str:center>/me/back/", views.me_back, name="whereabouts_me_back"),
]
