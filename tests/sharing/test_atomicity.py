"""An import is all or nothing: a failure late in the import, or a package whose
content does not hold together, leaves the database and the media folder exactly
as they were."""

import io
import uuid
import zipfile

import pytest

from sharing import importing
from sharing.importing import import_package, inspect
from sharing.package import PackageError, PackageWriter
from tests.sharing.conftest import content_of, export, snapshot, wipe


def rewrite(package: bytes, path, change) -> None:
    """The package with its content changed by ``change(content)``, files kept."""
    content = content_of(package)
    change(content)
    with zipfile.ZipFile(io.BytesIO(package)) as archive, path.open("wb") as out:
        manifest = __import__("json").loads(archive.read("manifest.json"))
        writer = PackageWriter(out)
        writer.add_json("content.json", content)
        for name in sorted(archive.namelist()):
            if name.startswith("files/"):
                with archive.open(name) as source:
                    writer.add_file(name, source)
        manifest.pop("files")
        writer.finish(manifest)


@pytest.fixture
def wiped(demo, tmp_path):
    package = tmp_path / "kurs.zip"
    data = export(demo, package)
    wipe(demo)
    return package, data


def test_a_failure_late_in_the_import_leaves_nothing_behind(wiped, media, monkeypatch):
    package, _data = wiped
    before = snapshot(media)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importing, "record_import", fail)
    with pytest.raises(RuntimeError):
        import_package(package)
    assert snapshot(media) == before
    monkeypatch.undo()
    # The same package imports afterwards.
    import_package(package)
    assert snapshot(media) != before


def test_a_reference_to_content_that_is_nowhere_is_refused(wiped, media, tmp_path):
    _package, data = wiped
    broken = tmp_path / "broken.zip"

    def dangling(content):
        lecture = next(
            o for o in content["objects"] if o["kind"] == "lectures.lecturepage"
        )
        lecture["fields"]["video"] = str(uuid.uuid4())

    rewrite(data, broken, dangling)
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        inspect(broken)
    assert refused.value.code == "unresolved_reference"
    assert "hänvisar till innehåll som varken finns" in refused.value.message
    with pytest.raises(PackageError):
        import_package(broken)
    assert snapshot(media) == before


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            lambda c: c["objects"].append(
                {"kind": "h5p.content", "uuid": str(uuid.uuid4()), "fields": {}}
            ),
            "unknown_kind",
        ),  # noqa: E501
        (lambda c: c.update(objects="nope"), "content_structure"),
        (lambda c: c["objects"][0].update(uuid="not-a-uuid"), "bad_uuid"),
        (lambda c: c.update(format_version=99), "content_version"),
    ],
)
def test_content_that_does_not_hold_together_is_refused(
    wiped, media, tmp_path, change, code
):
    _package, data = wiped
    broken = tmp_path / "broken.zip"
    rewrite(data, broken, change)
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        import_package(broken)
    assert refused.value.code == code
    assert snapshot(media) == before


def test_a_video_that_is_not_one_is_refused(wiped, media, tmp_path):
    _package, data = wiped
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        video = next(n for n in archive.namelist() if n.endswith(".webm"))
    content = content_of(data)
    media_object = next(
        o for o in content["objects"] if o["fields"].get("file") == video
    )
    fake = b"<html>not a video</html>"
    import hashlib

    name = f"files/{hashlib.sha256(fake).hexdigest()}.webm"
    media_object["fields"]["file"] = name
    with zipfile.ZipFile(io.BytesIO(data)) as archive, broken.open("wb") as out:
        manifest = __import__("json").loads(archive.read("manifest.json"))
        writer = PackageWriter(out)
        writer.add_json("content.json", content)
        writer.add_file(name, io.BytesIO(fake))
        for member in sorted(archive.namelist()):
            if member.startswith("files/") and member != video:
                with archive.open(member) as source:
                    writer.add_file(member, source)
        manifest.pop("files")
        writer.finish(manifest)
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        import_package(broken)
    assert refused.value.code == "bad_file"
    assert "ingen video- eller ljudfil" in refused.value.message
    assert snapshot(media) == before
