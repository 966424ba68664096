"""The demo course "Kontaktcenter i kommunen" (``content.py``), in two parts of
``manage.py load_demo`` (see ``ecirkel.demo``): its pages come first, so that other
apps can place their demo content under them; the topics' bodies come once the
lecture, quizzes and practice calls the bodies show have been made."""

from ecirkel.demo import DemoPart, register

from . import loader

register(
    DemoPart(
        "courses",
        loader.load_pages,
        loaded_before_records=loader.loaded_before_records,
    )
)
register(
    DemoPart(
        "courses.bodies",
        loader.load_bodies,
        after=("courses", "lectures", "quizzes", "roleplays"),
    )
)
# After the bodies: publishing a revision writes back the page as the revision saw it,
# owner included.
register(
    DemoPart("courses.owner", loader.load_owner, after=("courses.bodies", "users"))
)
