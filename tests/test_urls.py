"""Moving views between apps kept their addresses."""

from django.urls import resolve, reverse

from courses.views import mark_complete
from dashboard.views import dashboard
from progress import views as progress_views


def test_min_utveckling_and_its_pages_keep_their_addresses():
    assert reverse("dashboard:index") == "/min-utveckling/"
    assert reverse("courses:mark_complete", args=[7]) == "/min-utveckling/klar/7/"
    assert reverse("progress:statements") == "/min-utveckling/handelser/"
    assert reverse("progress:my_data") == "/min-utveckling/mina-uppgifter.json"
    assert reverse("progress:xapi_export") == "/min-utveckling/xapi.json"
    assert resolve("/min-utveckling/").func is dashboard
    assert resolve("/min-utveckling/klar/7/").func is mark_complete
    assert resolve("/min-utveckling/handelser/").func is progress_views.statements
