from django.urls import path

from . import views

app_name = "catalogs"

urlpatterns = [
    path("katalog.json", views.feed, name="feed"),
    path("paket/<uuid:uuid>.zip", views.package, name="package"),
]
