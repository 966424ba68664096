from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("<uuid:uuid>/starta/", views.start, name="start"),
    path("forsok/<uuid:uuid>/", views.attempt_view, name="attempt"),
]
