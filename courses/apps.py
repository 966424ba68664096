from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ecirkel import caching, pagecache
from progress import kinds
from progress import structure as ledger


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # The models are loaded only now; the ledger asks through this registration.
        from .models import TopicPage
        from .structure import COURSES

        ledger.register(COURSES)
        # Pages of every app (courses, lectures, quizzes …) are Wagtail pages; one
        # listener for all of them moves the content version on (ecirkel.caching).
        caching.connect()
        # Settings, snippets, images, documents and videos that pages show, too
        # (ecirkel.pagecache).
        pagecache.connect()
        kinds.register(
            "topic",
            _("Topic"),
            "http://adlnet.gov/expapi/activities/module",
            pages=[TopicPage],
        )
