"""How practice calls travel in a sharing package (the registry: ``sharing.travel``):
a scenario with its steps (their recordings as media files) and choices. Learners'
attempts and observed sessions never travel."""

from sharing import travel

from .models import Scenario

travel.register(Scenario, order=40)
