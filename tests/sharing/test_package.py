"""The package format (sharing/package.py): a package written twice is the same bytes,
a package read back is checked, and every kind of hostile or broken archive is
refused with its own reason, before anything is written anywhere.

Every archive is built here, in code: good ones with PackageWriter, bad ones with
zipfile and hand-made ZipInfo, and lying headers by patching the bytes.
"""

import hashlib
import io
import json
import os
import random
import stat
import struct
import tracemalloc
import warnings
import zipfile

import pytest
from django.conf import settings
from django.utils import translation

from sharing.package import (
    FORMAT,
    FORMAT_VERSION,
    Limits,
    PackageError,
    PackageWriter,
    json_bytes,
    manifest_validator,
    open_package,
)

MiB = 1024 * 1024
COURSE_UUID = "0b6f1f5e-8a4e-4c1a-9a43-3f0f5c2f1d10"
CONTENT = {"pages": [{"uuid": COURSE_UUID, "title": "Bemötande i telefon"}]}
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:02.000\nV\xc3\xa4lkommen!\n" * 50
VIDEO = random.Random(13).randbytes(3 * 1024 * 1024)  # noqa: S311 - like video


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_name(data: bytes, ext: str) -> str:
    return f"files/{sha256(data)}.{ext}"


def manifest(**changes) -> dict:
    """A manifest without "files" (PackageWriter.finish adds them)."""
    data = {
        "course": {
            "uuid": COURSE_UUID,
            "title": "Bemötande i telefon",
            "slug": "bemotande-i-telefon",
            "language": "sv",
            "version": "2026-11-20T09:30:00Z",
        },
        "source": {"organisation": "Sundsvalls kommun", "url": "https://sundsvall.se"},
        "license": {
            "id": "CC-BY-SA-4.0",
            "name": "Creative Commons Erkännande-DelaLika 4.0",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        },
        "attribution": "Kontaktcenter, Sundsvalls kommun",
        "created_at": "2026-11-20T09:30:00Z",
        "placeholders": ["municipality_name", "phone"],
    }
    data.update(changes)
    return data


def write_package(media=None, *, limits=None, **manifest_changes) -> bytes:
    """A good package: content.json and media {name: bytes}, added in sorted order."""
    if media is None:
        media = {
            media_name(CAPTIONS, "vtt"): CAPTIONS,
            media_name(VIDEO, "mp4"): VIDEO,
        }
    out = io.BytesIO()
    writer = PackageWriter(out, limits)
    writer.add_json("content.json", CONTENT)
    for name in sorted(media):
        writer.add_file(name, io.BytesIO(media[name]))
    writer.finish(manifest(**manifest_changes))
    return out.getvalue()


def full_manifest(members: dict[str, bytes], **changes) -> dict:
    """A complete manifest that lists ``members`` truthfully."""
    files = [
        {"path": name, "size": len(data), "sha256": sha256(data)}
        for name, data in sorted(members.items())
    ]
    return {"format": FORMAT, "format_version": FORMAT_VERSION} | manifest(
        files=files, **changes
    )


def member(name, compress_type=None, **attributes):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.compress_type = (
        zipfile.ZIP_DEFLATED if compress_type is None else compress_type
    )
    for key, value in attributes.items():
        setattr(info, key, value)
    return info


def raw_zip(entries) -> bytes:
    """A zip of [(name or ZipInfo, bytes)], exactly as given (duplicates included)."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(out, "w") as archive:
            for info, data in entries:
                if isinstance(info, str):
                    stored = info.endswith(".mp4")  # as PackageWriter does
                    info = member(info, zipfile.ZIP_STORED if stored else None)
                archive.writestr(info, data)
    return out.getvalue()


def raw_package(extra=(), *, members=None, manifest_data=None, **changes) -> bytes:
    """content.json (+ ``members``) listed in a true manifest, plus ``extra`` entries
    the manifest does not mention, written with plain zipfile."""
    members = {"content.json": json_bytes(CONTENT)} | (members or {})
    if manifest_data is None:
        manifest_data = json_bytes(full_manifest(members, **changes))
    entries = [*members.items(), *extra, ("manifest.json", manifest_data)]
    return raw_zip(entries)


def central_entries(data: bytes):
    """(offset, name) of each central directory record."""
    position = data.find(b"PK\x01\x02")
    while position != -1 and data[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from(
            "<3H", data, position + 28
        )
        name = data[position + 46 : position + 46 + name_length].decode()
        yield position, name
        position += 46 + name_length + extra_length + comment_length


# Field offsets in the local header and the central directory record.
FIELDS = {
    "flags": (6, 8, "<H"),
    "crc": (14, 16, "<L"),
    "file_size": (22, 24, "<L"),
    "header_offset": (None, 42, "<L"),
}


def patch(data: bytes, name: str, field: str, value: int) -> bytes:
    """Set a header field of member ``name`` in both its local and central headers."""
    data = bytearray(data)
    local_offset, central_offset, fmt = FIELDS[field]
    for position, entry_name in list(central_entries(bytes(data))):
        if entry_name != name:
            continue
        if local_offset is not None:
            (header,) = struct.unpack_from("<L", data, position + 42)
            struct.pack_into(fmt, data, header + local_offset, value)
        struct.pack_into(fmt, data, position + central_offset, value)
        return bytes(data)
    raise AssertionError(f"{name} not in the central directory")


def refused(data, code, limits=None, *, read=False) -> PackageError:
    """Open ``data`` (and verify it when ``read``); return the PackageError."""
    with pytest.raises(PackageError) as caught:
        with open_package(io.BytesIO(data), limits) as package:
            if read:
                package.verify()
    error = caught.value
    assert error.code == code, f"{error.code}: {error.message}"
    assert error.message and error.message != code
    return error


# The happy path ---------------------------------------------------------------------


def test_a_written_package_reads_back_with_its_manifest_content_and_media():
    data = write_package()
    with open_package(io.BytesIO(data)) as package:
        assert package.manifest["format"] == FORMAT
        assert package.manifest["format_version"] == FORMAT_VERSION
        assert package.manifest["course"]["title"] == "Bemötande i telefon"
        assert package.names() == sorted(
            [
                "content.json",
                media_name(CAPTIONS, "vtt"),
                media_name(VIDEO, "mp4"),
                "manifest.json",
            ]
        )
        assert package.manifest["files"] == sorted([
            {"path": "content.json", "size": len(json_bytes(CONTENT)),
             "sha256": sha256(json_bytes(CONTENT))},
            {"path": media_name(CAPTIONS, "vtt"), "size": len(CAPTIONS),
             "sha256": sha256(CAPTIONS)},
            {"path": media_name(VIDEO, "mp4"), "size": len(VIDEO),
             "sha256": sha256(VIDEO)},
        ], key=lambda entry: entry["path"])  # fmt: skip
        assert package.read_json("content.json") == CONTENT
        with package.open(media_name(VIDEO, "mp4")) as stream:
            assert stream.size == len(VIDEO)
            assert stream.read() == VIDEO
        with package.open(media_name(CAPTIONS, "vtt")) as stream:
            assert stream.read(10) + stream.read() == CAPTIONS
        package.verify()


def test_a_package_can_be_opened_from_a_path(tmp_path):
    path = tmp_path / "kurs.zip"
    path.write_bytes(write_package())
    with open_package(path) as package:
        assert package.read_json("content.json") == CONTENT
    with open_package(str(path)) as package:
        package.verify()


def test_the_same_input_gives_the_same_bytes():
    first, second = write_package(), write_package()
    assert first == second
    assert sha256(first) == sha256(second)


def test_members_have_fixed_metadata_and_sorted_order_with_the_manifest_last():
    with zipfile.ZipFile(io.BytesIO(write_package())) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names[-1] == "manifest.json"
    assert names[:-1] == sorted(names[:-1])
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr == (stat.S_IFREG | 0o644) << 16
        assert info.create_system == 3
    methods = {info.filename.rsplit(".", 1)[-1]: info.compress_type for info in infos}
    assert methods["mp4"] == zipfile.ZIP_STORED  # media compressed already
    assert methods["vtt"] == zipfile.ZIP_DEFLATED
    assert methods["json"] == zipfile.ZIP_DEFLATED


def test_the_manifest_is_sorted_compact_json():
    with zipfile.ZipFile(io.BytesIO(write_package())) as archive:
        raw = archive.read("manifest.json")
    assert raw == json_bytes(json.loads(raw))
    assert "Bemötande".encode() in raw  # UTF-8, not \u escapes


def test_the_schema_is_valid_draft_2020_12_and_accepts_x_extensions():
    assert manifest_validator().schema["$schema"].endswith("2020-12/schema")
    data = write_package(**{"x-sambruk-catalog": {"id": 7}})
    with open_package(io.BytesIO(data)) as package:
        assert package.manifest["x-sambruk-catalog"] == {"id": 7}


def test_a_package_without_media_is_fine():
    with open_package(io.BytesIO(write_package({}))) as package:
        assert package.names() == ["content.json", "manifest.json"]


def test_the_writer_streams_a_file_from_a_non_seekable_source():
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            return self._data.readinto(buffer)

    out = io.BytesIO()
    writer = PackageWriter(out)
    writer.add_json("content.json", CONTENT)
    size, digest = writer.add_file(media_name(VIDEO, "mp4"), Pipe(VIDEO))
    assert (size, digest) == (len(VIDEO), sha256(VIDEO))
    writer.finish(manifest())
    with open_package(io.BytesIO(out.getvalue())) as package:
        package.verify()


# The writer refuses to make a bad package ------------------------------------------


def test_the_writer_wants_members_in_sorted_order_once_each():
    writer = PackageWriter(io.BytesIO())
    writer.add_file(media_name(CAPTIONS, "vtt"), io.BytesIO(CAPTIONS))
    with pytest.raises(ValueError, match="sorted order"):
        writer.add_json("content.json", CONTENT)
    with pytest.raises(ValueError, match="sorted order"):
        writer.add_file(media_name(CAPTIONS, "vtt"), io.BytesIO(CAPTIONS))


@pytest.mark.parametrize(
    "name", ["manifest.json", "../content.json", "files/x.mp4", "other.json"]
)
def test_the_writer_refuses_names_a_package_may_not_hold(name):
    with pytest.raises(ValueError):
        PackageWriter(io.BytesIO()).add_json(name, {})


def test_the_writer_refuses_a_file_whose_bytes_are_not_its_name():
    writer = PackageWriter(io.BytesIO())
    with pytest.raises(PackageError) as caught:
        writer.add_file(media_name(CAPTIONS, "vtt"), io.BytesIO(b"changed"))
    assert caught.value.code == "checksum_mismatch"


def test_the_writer_refuses_content_over_the_limit():
    writer = PackageWriter(io.BytesIO(), Limits(max_json_bytes=100))
    with pytest.raises(PackageError) as caught:
        writer.add_json("content.json", {"text": "x" * 200})
    assert caught.value.code == "content_too_large"


def test_the_writer_refuses_a_manifest_that_does_not_match_the_schema():
    writer = PackageWriter(io.BytesIO())
    writer.add_json("content.json", CONTENT)
    with pytest.raises(PackageError) as caught:
        writer.finish(manifest(license={"id": "CC-BY-SA-4.0"}))
    assert caught.value.code == "manifest_invalid"
    assert "license" in caught.value.message


def test_the_writer_needs_content():
    with pytest.raises(ValueError, match="content.json"):
        PackageWriter(io.BytesIO()).finish(manifest())


# Broken and hostile archives: each refused with its reason --------------------------


def test_a_file_that_is_not_a_zip_is_refused():
    error = refused(b"%PDF-1.7 not a zip at all", "not_zip")
    assert "zip" in error.message


def test_an_empty_file_is_refused():
    refused(b"", "not_zip")


def test_a_truncated_package_is_refused():
    data = write_package()
    refused(data[: len(data) // 2], "truncated")
    refused(data[:-10], "truncated")


def test_a_package_whose_member_data_is_cut_off_is_refused():
    # The central directory survives but claims data beyond the end of the archive.
    data = raw_package()
    position, _name = next(central_entries(data))
    patched = bytearray(data)
    struct.pack_into("<L", patched, position + 42, len(data) - 40)
    refused(bytes(patched), "truncated")


def test_an_absolute_path_is_refused():
    error = refused(raw_package([("/etc/passwd", b"root")]), "absolute_path")
    assert "/etc/passwd" in error.message


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "files/../../etc/passwd", "files/../content.json"]
)
def test_a_path_that_escapes_the_package_is_refused(name):
    error = refused(raw_package([(name, b"x")]), "path_escape")
    assert name in error.message


def test_the_escape_message_is_swedish_by_default_and_english_on_request():
    data = raw_package([("../../etc/passwd", b"x")])
    with translation.override("sv"):
        error = refused(data, "path_escape")
        assert error.message == (
            "Paketet innehåller en sökväg som pekar utanför paketet: ../../etc/passwd"
        )
    with translation.override("en"):
        assert error.message == (
            "The package contains a path that points outside the package: "
            "../../etc/passwd"
        )


@pytest.mark.parametrize(
    "name", ["files\\..\\..\\evil.txt", "C:/Windows/evil.txt", "c:evil.txt"]
)
def test_backslashes_and_drive_letters_are_refused(name):
    refused(raw_package([(name, b"x")]), "windows_path")


def test_a_symbolic_link_is_refused():
    link = member(
        media_name(b"/etc/passwd", "txt"),
        zipfile.ZIP_STORED,
        external_attr=(stat.S_IFLNK | 0o777) << 16,
        create_system=3,
    )
    refused(raw_package([(link, b"/etc/passwd")]), "symlink")


def test_a_directory_entry_is_refused():
    refused(raw_package([("files/", b"")]), "directory")


def test_duplicate_names_are_refused():
    data = raw_package([("content.json", json_bytes(CONTENT))])
    error = refused(data, "duplicate_name")
    assert "content.json" in error.message


def test_names_that_differ_only_in_case_are_duplicates():
    refused(raw_package([("CONTENT.json", b"{}")]), "duplicate_name")


def test_names_that_differ_only_in_unicode_normalisation_are_duplicates():
    composed, decomposed = "files/\u00e5.txt", "files/a\u030a.txt"
    refused(raw_package([(composed, b"1"), (decomposed, b"2")]), "duplicate_name")


@pytest.mark.parametrize(
    "name",
    [
        "evil.exe",
        "files/not-a-checksum.mp4",
        "files/" + "A" * 64 + ".mp4",
        "files/" + "a" * 64 + ".toolongext",
        "files/sub/" + "a" * 64,
        "content.json.bak",
    ],
)
def test_a_member_with_a_name_a_package_does_not_use_is_refused(name):
    error = refused(raw_package([(name, b"x")]), "unexpected_name")
    assert name[:40] in error.message


def test_too_many_members_are_refused():
    extra = [(media_name(bytes([n]), "txt"), bytes([n])) for n in range(5)]
    error = refused(raw_package(extra), "too_many_members", Limits(max_members=4))
    assert "7" in error.message and "4" in error.message


def test_a_package_that_unpacks_to_more_than_the_total_limit_is_refused():
    limits = Limits(max_total_bytes=len(VIDEO))
    refused(write_package(), "too_large", limits)


def test_a_member_over_the_file_limit_is_refused():
    limits = Limits(max_member_bytes=MiB)
    error = refused(write_package(), "member_too_large", limits)
    assert media_name(VIDEO, "mp4") in error.message


def test_a_zip_bomb_member_is_refused_by_its_compression_ratio():
    zeros = bytes(8 * MiB)  # deflates about 1000 to 1
    data = raw_package(members={media_name(zeros, "txt"): zeros})
    error = refused(data, "compression_ratio")
    assert "200" in error.message


def test_a_small_member_may_compress_more_than_the_ratio():
    spaces = b" " * (MiB // 2)  # 512 KiB of one byte: far over 200:1, but small
    data = raw_package(members={media_name(spaces, "txt"): spaces})
    with open_package(io.BytesIO(data)) as package:
        package.verify()


def test_a_member_that_inflates_beyond_its_declared_size_is_stopped_at_it():
    # The header (and the manifest) say 1 000 bytes; the data inflates to 800 000.
    real = b"Ring kommunens kontaktcenter. " * 26_000
    declared = real[:1000]
    name = media_name(declared, "txt")
    data = raw_zip(
        [
            ("content.json", json_bytes(CONTENT)),
            (name, real),
            (
                "manifest.json",
                json_bytes(
                    full_manifest({"content.json": json_bytes(CONTENT), name: declared})
                ),
            ),
        ]
    )
    data = patch(data, name, "file_size", 1000)
    with open_package(io.BytesIO(data)) as package:  # the headers look consistent
        with package.open(name) as stream:
            with pytest.raises(PackageError) as caught:
                stream.read()
    assert caught.value.code == "size_mismatch"
    assert name in caught.value.message
    refused(data, "size_mismatch", read=True)


def test_a_member_shorter_than_its_declared_size_is_refused():
    real = CAPTIONS
    name = media_name(real, "vtt")
    data = raw_package(members={name: real})
    # Header and manifest both claim 100 bytes more than there are.
    manifest_data = full_manifest({"content.json": json_bytes(CONTENT), name: real})
    manifest_data["files"][1]["size"] = len(real) + 100
    data = raw_package(members={name: real}, manifest_data=json_bytes(manifest_data))
    data = patch(data, name, "file_size", len(real) + 100)
    refused(data, "size_mismatch", read=True)


def test_a_stored_member_whose_sizes_disagree_is_refused():
    name = media_name(VIDEO, "mp4")
    data = raw_package(members={name: VIDEO})
    data = patch(data, name, "file_size", len(VIDEO) - 1)
    refused(data, "size_mismatch")


def test_an_oversized_manifest_is_refused():
    padding = {"x-padding": "a" * (MiB + 1)}
    error = refused(raw_package(**padding), "manifest_too_large")
    assert "1.0 MiB" in error.message


def test_an_oversized_content_json_is_refused():
    limits = Limits(max_json_bytes=10)
    refused(write_package(), "content_too_large", limits)


def test_a_manifest_that_is_not_json_is_refused():
    refused(raw_package(manifest_data=b"{not json"), "manifest_not_json")
    refused(raw_package(manifest_data=b"\xff\xfe"), "manifest_not_json")


@pytest.mark.parametrize(
    "changes, where",
    [
        ({"license": {"id": "CC-BY-SA-4.0", "name": "CC BY-SA"}}, "license"),
        ({"placeholders": ["Telefon nummer"]}, "placeholders/0"),
        ({"course": {"uuid": "1", "title": "t", "slug": "t", "language": "sv",
                     "version": "2026-11-20T09:30:00Z"}}, "course/uuid"),
        ({"course": {"uuid": COURSE_UUID, "title": "t", "slug": "t",
                     "language": "sv", "version": 3}}, "course/version"),
        ({"source": {"organisation": "", "url": ""}}, "source/organisation"),
        ({"evil": True}, "evil"),
        ({"created_at": "yesterday"}, "created_at"),
        ({"source": {"organisation": "X", "url": "file:///etc/passwd"}}, "source/url"),
    ],
)  # fmt: skip
def test_a_manifest_that_breaks_the_schema_is_refused(changes, where):
    error = refused(raw_package(**changes), "manifest_invalid")
    assert where in error.message or where.split("/")[0] in error.message


def test_a_manifest_that_is_a_list_is_refused():
    refused(raw_package(manifest_data=b"[]"), "manifest_invalid")


def test_another_format_is_refused():
    error = refused(raw_package(format="scorm"), "wrong_format")
    assert "scorm" in error.message


def test_a_newer_format_version_is_refused_as_made_by_a_newer_e_cirkel():
    error = refused(raw_package(format_version=FORMAT_VERSION + 1), "newer_format")
    with translation.override("en"):
        assert "newer E-cirkel" in error.message
    with translation.override("sv"):
        assert "nyare E-cirkel" in error.message


def test_a_file_the_manifest_lists_but_the_package_lacks_is_refused():
    name = media_name(CAPTIONS, "vtt")
    listing = full_manifest({"content.json": json_bytes(CONTENT), name: CAPTIONS})
    error = refused(raw_package(manifest_data=json_bytes(listing)), "missing_file")
    assert name in error.message


def test_a_member_the_manifest_does_not_list_is_refused():
    name = media_name(CAPTIONS, "vtt")
    error = refused(raw_package([(name, CAPTIONS)]), "unlisted_member")
    assert name in error.message


def test_a_listed_size_that_differs_from_the_member_is_refused():
    listing = full_manifest({"content.json": json_bytes(CONTENT)})
    listing["files"][0]["size"] += 1
    refused(raw_package(manifest_data=json_bytes(listing)), "size_mismatch")


def test_a_listed_checksum_that_differs_from_the_content_is_refused_when_read():
    listing = full_manifest({"content.json": json_bytes(CONTENT)})
    listing["files"][0]["sha256"] = "0" * 64
    data = raw_package(manifest_data=json_bytes(listing))
    with open_package(io.BytesIO(data)) as package:
        with pytest.raises(PackageError) as caught:
            package.read_json("content.json")
    assert caught.value.code == "checksum_mismatch"
    refused(data, "checksum_mismatch", read=True)


def test_a_media_file_whose_name_and_listed_checksum_disagree_is_refused():
    name = media_name(CAPTIONS, "vtt")
    listing = full_manifest({"content.json": json_bytes(CONTENT), name: CAPTIONS})
    listing["files"][1]["sha256"] = "f" * 64
    data = raw_package(members={name: CAPTIONS}, manifest_data=json_bytes(listing))
    refused(data, "checksum_mismatch")


def test_a_media_file_whose_bytes_are_not_its_checksum_fails_at_the_end_of_reading():
    # Name and manifest agree on a checksum the bytes do not have; the zip's own
    # CRC is right, so only the SHA-256 at the end of the stream can tell.
    impostor = VIDEO[::-1]
    name = media_name(VIDEO, "mp4")
    listing = full_manifest({"content.json": json_bytes(CONTENT), name: VIDEO})
    entries = {"content.json": json_bytes(CONTENT), name: impostor}
    data = raw_package(members=entries, manifest_data=json_bytes(listing))
    with open_package(io.BytesIO(data)) as package:
        with package.open(name) as stream:
            assert stream.read(MiB) == impostor[:MiB]  # streams until the end
            with pytest.raises(PackageError) as caught:
                while stream.read(MiB):
                    pass
            with pytest.raises(PackageError):  # and stays failed
                stream.read(1)
    assert caught.value.code == "checksum_mismatch"
    assert name in caught.value.message


def test_a_member_with_a_flipped_byte_is_refused_as_damaged():
    name = media_name(VIDEO, "mp4")
    data = bytearray(raw_package(members={name: VIDEO}))
    data[data.find(VIDEO[:4096]) + 100] ^= 0xFF
    refused(bytes(data), "damaged", read=True)


def test_corrupt_deflate_data_is_refused_as_damaged():
    name = media_name(CAPTIONS, "vtt")
    data = bytearray(raw_package(members={name: CAPTIONS}))
    start = data.find(name.encode()) + len(name)
    data[start + 2 : start + 40] = bytes(38)
    with pytest.raises(PackageError) as caught:
        with open_package(io.BytesIO(bytes(data))) as package:
            package.verify()
    assert caught.value.code in {"damaged", "size_mismatch"}


def test_an_encrypted_member_is_refused():
    data = patch(raw_package(), "content.json", "flags", 0x1)
    error = refused(data, "encrypted")
    assert "content.json" in error.message


def test_an_unsupported_compression_method_is_refused():
    info = member(media_name(CAPTIONS, "vtt"), zipfile.ZIP_BZIP2)
    refused(raw_package([(info, CAPTIONS)]), "unsupported_compression")


def test_a_package_without_a_manifest_is_refused():
    data = raw_zip([("content.json", json_bytes(CONTENT))])
    refused(data, "missing_manifest")


def test_a_package_without_content_is_refused():
    data = raw_zip([("manifest.json", json_bytes(full_manifest({})))])
    refused(data, "missing_content")


def test_members_whose_data_overlap_are_refused():
    # Two central directory records point at the same bytes (the overlapping-file
    # zip bomb); the second also fails its own local header check.
    name = media_name(CAPTIONS, "vtt")
    data = raw_package(members={name: CAPTIONS})
    records = {entry: position for position, entry in central_entries(data)}
    (content_offset,) = struct.unpack_from("<L", data, records["content.json"] + 42)
    patched = bytearray(data)
    struct.pack_into("<L", patched, records[name] + 42, content_offset + 10)
    refused(bytes(patched), "overlapping_members")


def test_a_local_header_that_disagrees_with_the_directory_is_refused():
    data = bytearray(raw_package())
    local = data.find(b"content.json")
    data[local : local + 12] = b"Content.json"
    refused(bytes(data), "damaged", read=True)


# Nothing is written, and memory stays flat ------------------------------------------


HOSTILE = [
    raw_package([("../../etc/passwd", b"root")]),
    raw_package([("/etc/passwd", b"root")]),
    raw_package(members={media_name(bytes(8 * MiB), "txt"): bytes(8 * MiB)}),
    raw_package(format_version=FORMAT_VERSION + 1),
    write_package()[:1000],
]


def tree(root) -> dict:
    root = str(root)
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            found[path] = os.stat(path).st_mtime_ns
    return found


@pytest.mark.parametrize("data", HOSTILE)
def test_opening_a_hostile_package_writes_nothing_to_disk(tmp_path, data):
    path = tmp_path / "hostile.zip"
    path.write_bytes(data)
    roots = (settings.MEDIA_ROOT, settings.SHARING_WORK_DIR, tmp_path)
    before = [tree(root) for root in roots]
    with pytest.raises(PackageError):
        with open_package(path) as package:
            package.verify()
    assert [tree(root) for root in roots] == before


def test_reading_and_writing_a_large_file_stream_in_bounded_memory(tmp_path):
    big = os.urandom(24 * MiB)
    source = tmp_path / "video.mp4"
    source.write_bytes(big)
    name = media_name(big, "mp4")
    del big
    target = tmp_path / "package.zip"
    tracemalloc.start()
    try:
        with source.open("rb") as src, target.open("wb") as out:
            writer = PackageWriter(out)
            writer.add_json("content.json", CONTENT)
            writer.add_file(name, src)
            writer.finish(manifest())
        _now, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with open_package(target) as package:
            package.verify()
        _now, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert write_peak < 8 * MiB, write_peak
    assert read_peak < 8 * MiB, read_peak


def test_a_member_stream_gives_django_its_name_and_size():
    from django.core.files import File

    with open_package(io.BytesIO(write_package())) as package:
        stream = package.open(media_name(CAPTIONS, "vtt"))
        wrapped = File(stream)
        assert wrapped.size == len(CAPTIONS)
        assert b"".join(wrapped.chunks()) == CAPTIONS


def test_limits_come_from_settings(settings):
    settings.SHARING_MAX_FILES = 3
    settings.SHARING_MAX_COMPRESSION_RATIO = 50
    limits = Limits()
    assert (limits.max_members, limits.max_ratio) == (3, 50)
    refused(write_package(), "too_many_members")


def test_crc_is_checked_even_when_the_manifest_has_no_say():
    # manifest.json is not listed in itself: its zip CRC guards it.
    data = raw_package()
    records = {entry: position for position, entry in central_entries(data)}
    (crc,) = struct.unpack_from("<L", data, records["manifest.json"] + 16)
    refused(patch(data, "manifest.json", "crc", crc ^ 1), "damaged")


def test_a_source_without_a_web_address_is_fine():
    data = write_package(source={"organisation": "Ånge kommun", "url": ""})
    with open_package(io.BytesIO(data)) as package:
        assert package.manifest["source"] == {"organisation": "Ånge kommun", "url": ""}


def never_parse(monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("the central directory was parsed")

    monkeypatch.setattr("sharing.package.zipfile.ZipFile", parse)


def test_a_directory_declaring_millions_of_members_is_refused_before_it_is_read(
    monkeypatch,
):
    data = bytearray(write_package())
    never_parse(monkeypatch)
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<2H", data, end + 8, 0xFFFE, 0xFFFE)  # entries: here, in all
    error = refused(bytes(data), "too_many_members")
    assert "65534" in error.message


def test_a_zip64_directory_is_counted_too(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(0x10000):  # one more than a plain end record can count
            archive.writestr(member(f"files/{n:064x}"), b"")
    never_parse(monkeypatch)
    refused(out.getvalue(), "too_many_members")


def test_a_package_error_survives_pickling_and_translates_late():
    import pickle

    error = refused(raw_package([("../x", b"")]), "path_escape")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (copy.code, copy.params) == ("path_escape", {"name": "../x"})
    with translation.override("sv"):
        assert copy.message.startswith("Paketet innehåller en sökväg")
    with translation.override("en"):
        assert copy.message.startswith("The package contains a path")
