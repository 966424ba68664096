from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("<str:code>/", views.certificate, name="certificate"),
    path("<str:code>/intyg.pdf", views.certificate_pdf, name="pdf"),
]
