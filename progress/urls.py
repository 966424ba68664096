from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("handelser/", views.statements, name="statements"),
    path("mina-uppgifter.json", views.my_data, name="my_data"),
    path("xapi.json", views.xapi_export, name="xapi_export"),
]
