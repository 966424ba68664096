"""An object as it travels, and back: the generic part of the travel registry.

An object's travelling form is a JSON dict::

    {"kind": "courses.topicpage", "uuid": "…", "parent": "<page uuid>" (pages),
     "fields": {name: value}, "children": {relation: [{name: value}, …]},
     "tags": {manager: [names]}}

Found by field introspection: concrete fields (foreign keys as the target's uuid,
files as the package member holding them), ParentalKey child rows in order, tags by
name; StreamField and rich text have their references (page links, image embeds,
documents, choosers) rewritten from database ids to uuids and back. Wagtail's own
admin relations (comments) never travel.

``serialize`` takes two callbacks so the same code serves export (ids → uuids, files
into the package), and the import's comparison of local content with the package.
``apply`` does the reverse with a ``resolve(model, uuid) -> pk`` callback.
"""

import hashlib
import json
import re
import uuid as uuid_module
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from . import richtext, travel
from .models import SharedIdentity

# --- Identities ----


def has_own_uuid(model) -> bool:
    try:
        return isinstance(model._meta.get_field("uuid"), models.UUIDField)
    except FieldDoesNotExist:
        return False


def concrete(obj):
    """A page as its specific class; other objects as they are."""
    if isinstance(obj, Page):
        return obj.specific
    return obj


def uuid_of(obj, *, create=True) -> str | None:
    """The uuid an object travels under: its own, else its SharedIdentity (made on
    first use when ``create``)."""
    obj = concrete(obj)
    if has_own_uuid(type(obj)):
        return str(obj.uuid)
    content_type = ContentType.objects.get_for_model(type(obj))
    if create:
        identity, _created = SharedIdentity.objects.get_or_create(
            content_type=content_type, object_id=str(obj.pk)
        )
        return str(identity.uuid)
    identity = SharedIdentity.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).first()
    return str(identity.uuid) if identity else None


def find_local(model, uuid: str):
    """The local object of ``model`` (a concrete class) with this travelling uuid."""
    if has_own_uuid(model):
        return model.objects.filter(uuid=uuid).first()
    content_type = ContentType.objects.get_for_model(model)
    identity = SharedIdentity.objects.filter(
        content_type=content_type, uuid=uuid
    ).first()
    if identity is None:
        return None
    return model.objects.filter(pk=identity.object_id).first()


def record_identity(obj, uuid: str) -> None:
    """Remember the package's uuid for an object without a uuid field."""
    if has_own_uuid(type(obj)):
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    # An identity left by a deleted object gives its uuid to the new one.
    SharedIdentity.objects.filter(uuid=uuid).exclude(
        content_type=content_type, object_id=str(obj.pk)
    ).delete()
    SharedIdentity.objects.update_or_create(
        content_type=content_type, object_id=str(obj.pk), defaults={"uuid": uuid}
    )


def content_hash(data: dict) -> str:
    """The hash of an object's travelling form (what ImportedObject.base_hash holds).
    The slug is left out: an import may have to change it to fit its new parent."""
    data = dict(data, fields={k: v for k, v in data["fields"].items() if k != "slug"})
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


# --- Which fields travel ----


def travelling_fields(model, entry: travel.Travel | None, *, child=False, skip=()):
    exclude = (entry.exclude if entry else travel.ALWAYS_EXCLUDED) | set(skip)
    for field in model._meta.concrete_fields:
        if field.name in exclude or field.primary_key:
            continue
        if isinstance(field, models.OneToOneField) and field.remote_field.parent_link:
            continue
        if child and (field.name in ("uuid", "sort_order", "id")):
            continue
        if child and isinstance(field, ParentalKey):
            continue
        yield field


def child_relations(model, entry: travel.Travel | None):
    skipped = entry.exclude_children if entry else set()
    for relation in get_all_child_relations(model):
        related = relation.related_model
        name = relation.get_accessor_name()
        if name in skipped or issubclass(related, TaggedItemBase):
            continue
        if related._meta.app_label.startswith("wagtail"):
            continue
        yield name, related


def tag_managers(model):
    return [f for f in model._meta.get_fields() if isinstance(f, TaggableManager)]


def references(model):
    """The targets of a model's foreign keys and its StreamField/rich text content
    are found while serializing; this says whether a field is a reference."""
    return [f for f in model._meta.concrete_fields if f.is_relation]


# --- Rich text ----

TAG = re.compile(r"<(a|embed)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
LINK_KINDS = {"page": "page", "document": "document"}


def rewrite_rich_text(html: str, convert) -> str:
    """``convert(kind, value) -> value`` for each ``<a linktype="page|document"
    id>`` and ``<embed embedtype="image" id>``; kind "page", "document", "image"."""
    if not html:
        return html

    def tag(match):
        attrs = dict(ATTRIBUTE.findall(match.group(2)))
        kind = None
        if match.group(1).lower() == "a":
            kind = LINK_KINDS.get(attrs.get("linktype", ""))
        elif attrs.get("embedtype") == "image":
            kind = "image"
        if kind is None or "id" not in attrs:
            return match.group(0)
        new = convert(kind, attrs["id"]) or ""
        body = re.sub(r'\bid="[^"]*"', f'id="{new}"', match.group(2), count=1)
        return f"<{match.group(1)}{body}>"

    return TAG.sub(tag, html)


def rich_text_model(kind: str):
    if kind == "page":
        return Page
    if kind == "image":
        from wagtail.images import get_image_model

        return get_image_model()
    from wagtail.documents import get_document_model

    return get_document_model()


# --- StreamField ----


def map_stream(block, value, chooser, rich_text):
    """``value`` (raw JSON of ``block``) with each chooser's value replaced by
    ``chooser(model, value)`` and each rich text by ``rich_text(html)``."""
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock):
        out = []
        for item in value:
            child = block.child_blocks.get(item.get("type"))
            if child is None:
                continue  # a block type the model no longer has
            item = dict(
                item, value=map_stream(child, item.get("value"), chooser, rich_text)
            )
            out.append(item)
        return out
    if isinstance(block, blocks.ListBlock):
        out = []
        for item in value:
            if (
                isinstance(item, dict)
                and item.get("type") == "item"
                and "value" in item
            ):
                out.append(
                    dict(
                        item,
                        value=map_stream(
                            block.child_block, item["value"], chooser, rich_text
                        ),
                    )
                )
            else:
                out.append(map_stream(block.child_block, item, chooser, rich_text))
        return out
    if isinstance(block, ImageBlock) and not isinstance(value, dict):
        value = {"image": value, "decorative": False, "alt_text": ""}
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            return value
        out = dict(value)
        for name, child in block.child_blocks.items():
            if name in out:
                out[name] = map_stream(child, out[name], chooser, rich_text)
        return out
    if isinstance(block, blocks.ChooserBlock):
        return chooser(block.target_model, value)
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value)
    return value


# --- Serializing ----


class Refs:
    """What serializing needs from its caller.

    ``ref(model, pk)``: the uuid to write for a reference (None: leave it out);
    ``file(fieldfile)``: the package member name for a stored file."""

    def ref(self, model, pk):  # pragma: no cover - interface
        raise NotImplementedError

    def file(self, fieldfile):  # pragma: no cover - interface
        raise NotImplementedError


def field_value(obj, field, refs: Refs):
    if field.is_relation:
        pk = getattr(obj, field.attname)
        if pk is None:
            return None
        return refs.ref(field.related_model, pk)
    if isinstance(field, models.FileField):
        fieldfile = getattr(obj, field.name)
        return refs.file(fieldfile) if fieldfile else None
    if isinstance(field, StreamField):
        raw = getattr(obj, field.name).raw_data
        return map_stream(
            field.stream_block,
            list(raw),
            refs.ref,
            lambda html: rewrite_rich_text(
                html, lambda kind, pk: refs.ref(rich_text_model(kind), pk)
            ),
        )
    value = field.value_from_object(obj)
    if isinstance(field, RichTextField):
        return rewrite_rich_text(
            value, lambda kind, pk: refs.ref(rich_text_model(kind), pk)
        )
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, uuid_module.UUID):
        return str(value)
    if isinstance(field, models.DateTimeField | models.DateField | models.TimeField):
        return value.isoformat()
    if isinstance(field, models.FloatField):
        return float(value)
    return value


def serialize(obj, refs: Refs) -> dict:
    obj = concrete(obj)
    model = type(obj)
    entry = travel.for_model(model)
    data = {
        "kind": travel.kind_of(model),
        "uuid": uuid_of(obj),
        "fields": {
            f.name: field_value(obj, f, refs) for f in travelling_fields(model, entry)
        },
    }
    if isinstance(obj, Page):
        data["parent"] = None  # filled in by the exporter, which knows the root
    children = {}
    for name, related in child_relations(model, entry):
        rows = list(getattr(obj, name).all())
        rows.sort(key=lambda row: (getattr(row, "sort_order", None) or 0, row.pk or 0))
        child_fields = list(
            travelling_fields(
                related, None, child=True, skip=travel.child_exclusions(entry, name)
            )
        )
        children[name] = [
            {f.name: field_value(row, f, refs) for f in child_fields} for row in rows
        ]
    if children:
        data["children"] = children
    tags = {}
    for manager in tag_managers(model):
        tags[manager.name] = sorted(
            {tag.name for tag in getattr(obj, manager.name).all()}
        )
    if tags:
        data["tags"] = tags
    return data


def referenced(obj, refs_found: set) -> None:
    """Collect (model, pk) of everything ``obj`` references into ``refs_found``."""

    class Collect(Refs):
        def ref(self, model, pk):
            if pk not in (None, ""):
                refs_found.add((model, str(pk)))
            return None

        def file(self, fieldfile):
            return None

    serialize(obj, Collect())


# --- Applying ----


class Unresolved(Exception):
    def __init__(self, model, uuid):
        super().__init__(f"{model._meta.label} {uuid}")
        self.model = model
        self.uuid = uuid


def apply_field(obj, field, value, resolve, file_name):
    if field.is_relation:
        target = None if value in (None, "") else resolve(field.related_model, value)
        setattr(obj, field.attname, target)
        return
    if isinstance(field, models.FileField):
        # Past the descriptor: an image field would open the file for its size.
        obj.__dict__[field.attname] = file_name(value, obj, field) if value else ""
        return
    if isinstance(field, StreamField):
        raw = map_stream(
            field.stream_block,
            value or [],
            lambda model, uuid: resolve(model, uuid) if uuid else None,
            lambda html: rewrite_rich_text(
                richtext.clean(html),
                lambda kind, uuid: resolve(rich_text_model(kind), uuid) if uuid else "",
            ),
        )
        setattr(obj, field.name, raw)
        return
    if isinstance(field, RichTextField):
        value = rewrite_rich_text(
            richtext.clean(value),
            lambda kind, uuid: resolve(rich_text_model(kind), uuid) if uuid else "",
        )
    elif value is not None:
        value = field.to_python(value)
    setattr(obj, field.attname, value)


def apply(obj, data: dict, resolve, file_name, *, children=True) -> None:
    """Set ``obj``'s travelling fields, child rows (in place by position) and tags
    from ``data``. ``resolve(model, uuid) -> pk`` raises Unresolved;
    ``file_name(member, obj, field) -> stored name``."""
    model = type(obj)
    entry = travel.for_model(model)
    fields = data.get("fields", {})
    for field in travelling_fields(model, entry):
        if field.name in fields:
            apply_field(obj, field, fields[field.name], resolve, file_name)
    if not children:
        return
    for name, related in child_relations(model, entry):
        rows_data = data.get("children", {}).get(name, [])
        existing = list(getattr(obj, name).all())
        existing.sort(
            key=lambda row: (getattr(row, "sort_order", None) or 0, row.pk or 0)
        )
        child_fields = list(
            travelling_fields(
                related, None, child=True, skip=travel.child_exclusions(entry, name)
            )
        )
        rows = []
        for position, row_data in enumerate(rows_data):
            row = existing[position] if position < len(existing) else related()
            for field in child_fields:
                if field.name in row_data:
                    apply_field(row, field, row_data[field.name], resolve, file_name)
            if hasattr(row, "sort_order"):
                row.sort_order = position
            rows.append(row)
        setattr(obj, name, rows)
    for manager in tag_managers(model):
        if isinstance(manager, ClusterTaggableManager):
            getattr(obj, manager.name).set(data.get("tags", {}).get(manager.name, []))


def apply_plain_tags(obj, data: dict) -> None:
    """Tags of a model without cluster tags (images, media): set once it is saved."""
    for manager in tag_managers(type(obj)):
        if not isinstance(manager, ClusterTaggableManager):
            getattr(obj, manager.name).set(data.get("tags", {}).get(manager.name, []))
