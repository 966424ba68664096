"""Catalog feeds as tests write them."""

import hashlib
import io
import json
import uuid

from sharing.package import PackageWriter


def course_entry(package_url: str, body: bytes = b"PK package", **fields) -> dict:
    entry = {
        "uuid": str(uuid.uuid4()),
        "title": "Bemötande i kontaktcenter",
        "summary": "Grunderna i bemötande.",
        "language": "sv",
        "version": "2026-01-15T10:00:00Z",
        "license": {
            "id": "CC-BY-SA-4.0",
            "name": "Creative Commons Attribution-ShareAlike 4.0 International",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        },
        "attribution": "Exempelkommunen",
        "package_url": package_url,
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
        "updated_at": "2026-01-15T10:00:00Z",
    }
    return entry | fields


def feed(*courses, organisation="Exempelkommunen") -> dict:
    return {
        "format": "ecirkel-catalog",
        "format_version": 1,
        "publisher": {"organisation": organisation, "url": "https://example.se"},
        "courses": list(courses),
    }


def feed_bytes(*courses, **kwargs) -> bytes:
    return json.dumps(feed(*courses, **kwargs)).encode()


PACKAGE_UUID = "0b6f1f5e-8a4e-4c1a-9a43-3f0f5c2f1d10"
PACKAGE_VERSION = "2026-01-15T10:00:00Z"


def package_bytes(course_uuid=PACKAGE_UUID, version=PACKAGE_VERSION) -> bytes:
    """A small valid package (sharing's format) of the course ``course_uuid``."""
    out = io.BytesIO()
    writer = PackageWriter(out)
    writer.add_json(
        "content.json", {"pages": [{"uuid": course_uuid, "title": "Bemötande"}]}
    )
    writer.finish(
        {
            "course": {
                "uuid": course_uuid,
                "title": "Bemötande i kontaktcenter",
                "slug": "bemotande",
                "language": "sv",
                "version": version,
            },
            "source": {"organisation": "Exempelkommunen", "url": "https://example.se"},
            "license": {
                "id": "CC-BY-SA-4.0",
                "name": "Creative Commons Attribution-ShareAlike 4.0 International",
                "url": "https://creativecommons.org/licenses/by-sa/4.0/",
            },
            "attribution": "Exempelkommunen",
            "created_at": version,
            "placeholders": [],
        }
    )
    return out.getvalue()
