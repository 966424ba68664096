from django.contrib.auth import views as auth_views
from django.urls import path

from . import password_reset

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            template_name="users/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Forgotten password: a link by e-mail (users/password_reset.py).
    path(
        "glomt-losenord/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "glomt-losenord/skickat/",
        password_reset.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt-losenord/klart/",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
