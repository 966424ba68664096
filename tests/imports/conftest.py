"""Helpers for the import tests: a stand-in for the sharing engine (the real one is
used in test_real_engine.py) and uploads. Running the queue: worker.py."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import engine


def zip_bytes(members=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (members or {"manifest.json": b"{}"}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def package_upload(name="kurs.zip", data=None):
    return SimpleUploadedFile(name, zip_bytes() if data is None else data)


class FakePlan:
    def __init__(self, data):
        self.data = data

    def as_dict(self):
        return self.data


def new_course_plan(title="Delad kurs"):
    return {
        "update": False,
        "course": {"uuid": "c0ffee00-0000-4000-8000-000000000001", "title": title},
        "items": [
            {
                "uuid": "c0ffee00-0000-4000-8000-000000000001",
                "kind": "courses.coursepage",
                "title": title,
                "status": "new",
            },
            {
                "uuid": "c0ffee00-0000-4000-8000-000000000002",
                "kind": "courses.topicpage",
                "title": "Första ämnet",
                "status": "new",
            },
        ],
    }


CONFLICT = "c0ffee00-0000-4000-8000-00000000000c"
THEIRS = "c0ffee00-0000-4000-8000-00000000000d"


def update_plan(page_id=None):
    return {
        "update": True,
        "course": {"uuid": "c0ffee00-0000-4000-8000-000000000001", "title": "Testkurs"},
        "items": [
            {
                "uuid": CONFLICT,
                "kind": "courses.topicpage",
                "title": "Vad är KC?",
                "status": "conflict",
                "local_id": page_id,
                "is_page": True,
                "changes": ["Brödtexten är ändrad"],
            },
            {
                "uuid": THEIRS,
                "kind": "courses.topicpage",
                "title": "Förstudie",
                "status": "changed_upstream",
            },
            {
                "uuid": "c0ffee00-0000-4000-8000-00000000000e",
                "kind": "courses.topicpage",
                "title": "Fördelar",
                "status": "unchanged",
            },
        ],
    }


@pytest.fixture
def fake_engine(monkeypatch, course):
    """The sharing engine's two calls, recorded: ``inspect`` returns ``plan`` or
    raises ``refuse``; ``import_package`` reports progress and returns ``course``."""
    state = SimpleNamespace(
        plan=new_course_plan(), refuse=None, crash=None, imports=[], course=course
    )

    def inspect(path):
        assert path.is_file()
        if state.refuse:
            code, message = state.refuse
            raise engine.PackageError(code, message)
        if state.crash:
            raise state.crash
        return FakePlan(state.plan)

    def import_package(
        path, *, decisions=None, user=None, source_url="", progress=None
    ):
        assert path.is_file()
        progress(40, "Writing the pages")
        state.imports.append(
            {"decisions": decisions, "user": user, "source_url": source_url}
        )
        return SimpleNamespace(course=state.course, as_dict=lambda: {"created": 2})

    monkeypatch.setattr(engine, "inspect", inspect)
    monkeypatch.setattr(engine, "import_package", import_package)
    return state


@pytest.fixture(autouse=True)
def _own_work_dir(settings, tmp_path):
    """Each test its own private working folder, so leftovers are its own."""
    settings.SHARING_WORK_DIR = tmp_path / "sharing"
