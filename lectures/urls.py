from django.urls import path

from . import views

app_name = "lectures"
urlpatterns = [
    path("<uuid:uuid>/textning/<str:language>.vtt", views.track_vtt, name="track"),
    path(
        "<uuid:uuid>/transkription/<str:language>.txt", views.transcript_txt, name="txt"
    ),
    path("<uuid:uuid>/visning/", views.start_viewing, name="start_viewing"),
    path("<uuid:uuid>/tittat/", views.watched, name="watched"),
]
