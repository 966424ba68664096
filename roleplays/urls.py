from django.urls import path

from . import views

app_name = "roleplays"
urlpatterns = [
    path("<uuid:uuid>/starta/", views.start, name="start"),
    path("<uuid:uuid>/kort/", views.cards, name="cards"),
    path("<uuid:uuid>/observation/", views.observe, name="observe"),
    path("forsok/<uuid:uuid>/", views.attempt_view, name="attempt"),
]
