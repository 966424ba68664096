"""Addresses for bringing learners in (users.onboarding) and for the invitation
link (users.invitations); included at the site's root by ecirkel/urls.py."""

from django.urls import path

from . import invitations, onboarding

app_name = "onboarding"
urlpatterns = [
    path("cirklar/deltagare/", onboarding.learners, name="learners"),
    path("cirklar/deltagare/ny/", onboarding.add_learner, name="add_learner"),
    path(
        "cirklar/deltagare/importera/",
        onboarding.import_learners,
        name="import_learners",
    ),
    path("cirklar/deltagare/<int:pk>/bjud-in/", onboarding.invite, name="invite"),
    path(
        "konto/inbjudan/<str:token>/",
        invitations.accept,
        name="accept_invitation",
    ),
]
