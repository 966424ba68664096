from django.urls import path

from . import views

app_name = "circles"
urlpatterns = [
    path("", views.circle_list, name="list"),
    path("<uuid:uuid>/", views.circle_report, name="report"),
    path(
        "<uuid:uuid>/export.csv", views.circle_export, {"fmt": "csv"}, name="export_csv"
    ),
    path(
        "<uuid:uuid>/export.xlsx",
        views.circle_export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "<uuid:uuid>/observerade.csv",
        views.circle_export,
        {"fmt": "sessions"},
        name="export_sessions_csv",
    ),
]
