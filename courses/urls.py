from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    # Under /min-utveckling/ with the learner's other progress (see ecirkel/urls.py).
    path("klar/<int:page_id>/", views.mark_complete, name="mark_complete"),
]
