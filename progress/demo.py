"""The demo colleagues' progress: topics they visited and completed, recorded once,
when their accounts are made. A part of ``manage.py load_demo`` (``ecirkel.demo``)."""

from ecirkel.demo import DemoPart, register
from progress.activities import activity_for_page
from progress.recording import record

PROGRESS = [
    # (username, slugs of topics completed, slugs only visited)
    ("amina", ["vad-ar-kc", "fordelar", "nackdelar", "effektivisering"], ["forstudie"]),
    ("bertil", ["vad-ar-kc"], ["projektorganisation", "rekrytering"]),
    ("cecilia", [], []),
]


def load(loader) -> None:
    for username, completed, visited in PROGRESS:
        key = f"account:{username}"
        if key not in loader.made:
            continue  # recorded when the account was made, or the account is gone
        user = loader.objects[key]
        for verb, slugs in (
            ("experienced", visited + completed),
            ("completed", completed),
        ):
            for slug in slugs:
                topic = loader.objects.get(f"topic:{slug}")
                if topic is not None:
                    record(user, activity_for_page(topic), verb)


register(DemoPart("progress", load, after=("users", "courses")))
