from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """E-cirkel's user. Own model from the first migration so fields can be added."""
