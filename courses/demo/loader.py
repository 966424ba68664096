"""The demo course from ``content.py``: its catalog, course and topic pages first
(``load_pages``), their bodies once the lecture, quizzes and practice calls they show
exist (``load_bodies``). Idempotent through ``ecirkel.demo.DemoLoader``.
"""

from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from courses.models import CatalogPage, CoursePage, RelatedTopic, TopicPage
from ecirkel.demo import demo_uuid

from . import content

CHART = Path(__file__).resolve().parent / "assets" / "samtalsfordelning.png"
CHART_TITLE = "Andel samtal som ett kontaktcenter kan besvara"

# Blocks that show another app's demo object: block type → (the block's field, the
# key of the object in the demo: "<prefix>:<ref>"). Left out of new topics if the
# object is gone.
CHOSEN = {
    "lecture": ("lecture", "lecture"),
    "quiz": ("quiz", "quiz"),
    "roleplay": ("scenario", "scenario"),
    "image": ("image", "image"),
}


def course_key() -> str:
    return f"course:{content.COURSE['slug']}"


def loaded_before_records() -> bool:
    """The demo course is in the database (a loader before the records made it)."""
    return CoursePage.objects.filter(uuid=demo_uuid(content.COURSE["slug"])).exists()


def load_pages(loader) -> None:
    """The catalog, the course and its topics; new topics get their body later."""
    catalog = ensure_catalog(loader)
    course = ensure_course(loader, catalog)
    ensure_topics(loader, course, content.TOPICS)


def load_bodies(loader) -> None:
    """Bodies of the topics made in this run, blocks added since, related topics."""
    ensure_call_chart(loader)
    for item in walk(content.TOPICS):
        key = f"topic:{item['slug']}"
        if key in loader.made:
            topic = loader.objects[key]
            topic.body = stream(loader, item["body"])
            topic.save_revision().publish()
    ensure_added_blocks(loader)
    ensure_rewritten_blocks(loader)
    ensure_related(loader, content.TOPICS)


def load_owner(loader) -> None:
    """The demo editor owns the demo course's pages that have no owner, so feedback on
    them reaches someone (pages made in code have none; the admin sets the author)."""
    course = loader.objects.get(course_key())
    editor = loader.objects.get("account:redaktor")
    if course is None or editor is None:  # deleted or renamed away by an administrator
        return
    course.get_descendants(inclusive=True).filter(owner__isnull=True).update(
        owner=editor
    )


def walk(items):
    for item in items:
        yield item
        yield from walk(item.get("children", []))


def ensure_catalog(loader) -> CatalogPage | None:
    return loader.ensure(
        "catalog",
        CatalogPage,
        CatalogPage.objects.first,
        lambda: make_catalog(loader),
    )


def make_catalog(loader) -> CatalogPage:
    root = Page.get_first_root_node()
    catalog = root.add_child(
        instance=CatalogPage(
            title=content.CATALOG["title"],
            slug="kurser",
            intro=content.CATALOG["intro"],
        )
    )
    catalog.save_revision().publish()
    loader.counted(catalog, f"Created the course catalog “{catalog.title}”.")
    # Wagtail's installer leaves a placeholder welcome page as the site root.
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=catalog,
            is_default_site=True,
        )
    else:
        site.root_page = catalog
        site.site_name = "E-cirkel"
        site.save()
    if (
        placeholder is not None
        and placeholder.specific_class is Page
        and not placeholder.get_children().exists()
    ):
        placeholder.delete()
    return catalog


def ensure_course(loader, catalog: CatalogPage | None) -> CoursePage | None:
    data = content.COURSE
    key_uuid = demo_uuid(data["slug"])

    def make():
        if catalog is None:
            return None
        course = catalog.add_child(
            instance=CoursePage(
                uuid=key_uuid,
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                audience=data["audience"],
                estimated_hours=data["estimated_hours"],
            )
        )
        course.save_revision().publish()
        # The demo course is for signed-in learners only (Wagtail's page privacy).
        PageViewRestriction.objects.create(
            page=course, restriction_type=PageViewRestriction.LOGIN
        )
        return loader.counted(
            course, f"Created the course “{course.title}” (login required)."
        )

    return loader.ensure(
        course_key(),
        CoursePage,
        CoursePage.objects.filter(uuid=key_uuid).first,
        make,
    )


def ensure_topics(loader, parent, items) -> None:
    """Topics by slug, key "topic:<slug>" (None where deleted)."""
    for item in items:
        key_uuid = demo_uuid(item["slug"])

        def make(item=item, key_uuid=key_uuid):
            if parent is None:
                return None
            topic = TopicPage(
                uuid=key_uuid,
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                body=[],
            )
            parent.add_child(instance=topic)
            topic.tags.set(item.get("tags", []))
            return loader.counted(topic, f"Created the topic “{topic.title}”.")

        topic = loader.ensure(
            f"topic:{item['slug']}",
            TopicPage,
            TopicPage.objects.filter(uuid=key_uuid).first,
            make,
            in_first_demo=True,
        )
        ensure_topics(loader, topic, item.get("children", []))


def chosen(loader, kind: str, ref: str):
    """The demo object a ``kind`` block shows (None if gone or not in the demo)."""
    return loader.objects.get(f"{CHOSEN[kind][1]}:{ref}")


def ensure_added_blocks(loader) -> None:
    """Blocks the demo gained after it was first published (content.ADDED_BLOCKS):
    once per block, at the start of a topic made before, and never again.

    A topic made now already has the block in its body. An editor's draft of
    the topic is kept: the block is added to the draft, which they publish. A
    block whose topic or object is gone is recorded as gone, not made.
    """
    for slug, kind, ref in content.ADDED_BLOCKS:
        key = f"block:{slug}:{kind}"
        if key in loader.records:
            continue
        topic_key = f"topic:{slug}"
        topic = loader.objects.get(topic_key)
        shown = chosen(loader, kind, ref)
        if topic is None or shown is None:
            loader.remember(key, None)
            continue
        if topic_key not in loader.made and not has_block(topic, kind, shown):
            add_block(loader, topic, kind, shown)
        loader.remember(key, topic.pk)


def has_block(topic, kind, shown) -> bool:
    field = CHOSEN[kind][0]
    latest = topic.get_latest_revision_as_object()
    return any(
        block["type"] == kind and block["value"].get(field) == shown.pk
        for block in latest.body.raw_data
    )


def add_block(loader, topic, kind, shown) -> None:
    draft = topic.has_unpublished_changes
    page = topic.get_latest_revision_as_object() if draft else topic
    page.body.insert(0, (kind, {CHOSEN[kind][0]: shown}))
    revision = page.save_revision()
    if draft:
        loader.log(
            f"Added the {kind} “{shown.title}” to the draft of “{page.title}”; "
            "publish the draft to show it."
        )
    else:
        revision.publish()
        loader.log(f"Added the {kind} “{shown.title}” to “{page.title}”.")
    loader.created += 1


def ensure_rewritten_blocks(loader) -> None:
    """Blocks the demo rewrote after it was first published
    (content.REWRITTEN_BLOCKS): once per block, in a topic made before, and only
    where the block is still as the demo wrote it (in the editor's draft if there
    is one, which they publish). Recorded either way, so never again."""
    for slug, name, old, new in content.REWRITTEN_BLOCKS:
        key = f"rewrite:{slug}:{name}"
        if key in loader.records:
            continue
        topic = loader.objects.get(f"topic:{slug}")
        if topic is not None and f"topic:{slug}" not in loader.made:
            rewrite_block(loader, topic, stream(loader, [old])[0], stream(loader, new))
        loader.remember(key, topic.pk if topic is not None else None)


def same_block(raw: dict, kind: str, value) -> bool:
    """Whether a stored block is ``(kind, value)`` as the demo wrote it (a fact
    box by its title and text)."""
    if raw["type"] != kind:
        return False
    if isinstance(value, dict):
        return all(
            raw["value"].get(field) == value[field] for field in ("title", "text")
        )
    return raw["value"] == value


def rewrite_block(loader, topic, old, new) -> None:
    draft = topic.has_unpublished_changes
    page = topic.get_latest_revision_as_object() if draft else topic
    raw = list(page.body.raw_data)
    index = next((i for i, b in enumerate(raw) if same_block(b, *old)), None)
    if index is None:
        return  # an editor changed it: their text stays
    page.body[index] = new[0]
    for offset, block in enumerate(new[1:], 1):
        page.body.insert(index + offset, block)
    revision = page.save_revision()
    if draft:
        loader.log(f"Rewrote a block of the draft of “{page.title}”; publish it.")
    else:
        revision.publish()
        loader.log(f"Rewrote a block of “{page.title}” to use local facts.")
    loader.created += 1


def ensure_related(loader, items) -> None:
    for item in items:
        page = loader.objects[f"topic:{item['slug']}"]
        for order, slug in enumerate(item.get("related", [])):
            key = f"related:{item['slug']}:{slug}"
            if key in loader.records:
                continue  # made once; an editor may have removed it since
            other = loader.objects.get(f"topic:{slug}")

            def find(page=page, other=other):
                if page is None or other is None:
                    return None
                return RelatedTopic.objects.filter(page=page, topic=other).first()

            def make(page=page, other=other, order=order):
                if page is None or other is None:
                    return None
                return loader.counted(
                    RelatedTopic.objects.create(
                        page=page, topic=other, sort_order=order
                    )
                )

            loader.ensure(key, RelatedTopic, find, make, in_first_demo=True)
        ensure_related(loader, item.get("children", []))


def stream(loader, blocks) -> list:
    """The tuples of ``content.py`` as StreamField data."""
    data = []
    for kind, *args in blocks:
        if kind == "h":
            data.append(("heading", {"text": args[0], "level": "h2"}))
        elif kind == "p":
            data.append(("paragraph", args[0]))
        elif kind == "facts":
            title, text, figures = args
            data.append(
                (
                    "fact_box",
                    {
                        "title": title,
                        "text": text,
                        "figures": [{"value": v, "label": lbl} for v, lbl in figures],
                    },
                )
            )
        elif kind == "quote":
            data.append(("quote", {"text": args[0], "attribution": args[1]}))
        elif kind == "links":
            title, links = args
            data.append(
                (
                    "further_reading",
                    {
                        "title": title,
                        "links": [
                            link
                            for link in (link_value(loader, *link) for link in links)
                            if link is not None
                        ],
                    },
                )
            )
        elif kind == "image":
            ref, alt = args
            data.append(
                (
                    "image",
                    {
                        "image": chosen(loader, kind, ref),
                        "decorative": False,
                        "alt_text": alt,
                    },
                )
            )
        elif kind in CHOSEN:
            data.append((kind, {CHOSEN[kind][0]: chosen(loader, kind, args[0])}))
        else:
            raise ValueError(f"Unknown block kind {kind!r} in the demo content.")
    # A new topic may point at something an administrator deleted: leave it out.
    fields = [field for field, _prefix in CHOSEN.values()]
    return [
        (name, value)
        for name, value in data
        if not (
            isinstance(value, dict)
            and any(field in value and value[field] is None for field in fields)
        )
    ]


def link_value(loader, title, target, description) -> dict | None:
    if target.startswith("page:"):
        key = f"topic:{target.removeprefix('page:')}"
        page = TopicPage.objects.filter(pk=loader.records.get(key)).first()
        if page is None:
            return None
        return {"title": title, "page": page, "url": "", "description": description}
    return {"title": title, "page": None, "url": target, "description": description}


def ensure_call_chart(loader):
    """The chart of how calls divide (drawn by ``make_chart.py``, committed)."""
    Image = get_image_model()

    def make():
        with CHART.open("rb") as handle:
            image = Image(
                title=CHART_TITLE,
                file=ImageFile(handle, name=CHART.name),
                description=(
                    "85 % av samtalen är frågor och vägledning, "
                    "15 % kräver handläggning."
                ),
            )
            image.save()
        return loader.counted(image, "Added the chart of how calls divide.")

    return loader.ensure(
        "image:samtalsfordelning",
        Image,
        Image.objects.filter(title=CHART_TITLE).first,
        make,
        in_first_demo=True,
    )
