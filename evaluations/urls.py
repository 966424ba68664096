from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("<uuid:uuid>/", views.answer, name="answer"),
    path("<uuid:uuid>/resultat/", views.results, name="results"),
]
