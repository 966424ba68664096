"""How courses travel in a sharing package (the registry: ``sharing.travel``): a
course pulls in its live pages; a topic's body, tags and related topics travel by
introspection, its references (lectures, quizzes, practice calls, images, pages)
by uuid."""

from sharing import travel

from .models import CoursePage, TopicPage

travel.register(CoursePage, descendants=True, order=60)
travel.register(TopicPage, order=60)
