from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("synpunkter/ny/", views.new, name="new"),
    path("synpunkter/skickad/<uuid:uuid>/", views.sent, name="sent"),
    path("mina-synpunkter/", views.mine, name="mine"),
]
