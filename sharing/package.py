"""The sharing package: a zip that carries one course between E-cirkel installations.

Layout (docs/sharing/package-format.md)::

    content.json                      the course content (written by sharing's export)
    files/<sha256>[.<ext>]            media, named by the SHA-256 of their bytes
    manifest.json                     what the package is, and every other member
                                      with its size and SHA-256 (last in the zip)

``PackageWriter`` writes a package deterministically: the same input gives the same
bytes. ``open_package`` reads one that may come from anywhere: before it returns, the
central directory and the manifest are checked against every rule below, and reading
a member checks its size and SHA-256 as it streams. Nothing is ever extracted to
disk; a member is read with a hard cap at its declared size, so a lying header or a
zip bomb stops at the limit instead of filling memory.

Every refusal is a ``PackageError`` with a short ``code`` (for tests and logs) and a
``message`` a person can read, in the active language (Swedish or English).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import posixpath
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

FORMAT = "ecirkel-package"
FORMAT_VERSION = 1

MANIFEST = "manifest.json"
CONTENT = "content.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "manifest.schema.json"

CHUNK = 1024 * 1024
KiB, MiB, GiB = 1024, 1024 * 1024, 1024 * 1024 * 1024
# Members smaller than this may compress better than max_ratio (JSON, captions).
RATIO_FLOOR = MiB

# The only member names a package may hold.
MEMBER_NAME = re.compile(
    r"(manifest\.json|content\.json|files/(?P<sha256>[0-9a-f]{64})(\.[a-z0-9]{1,8})?)"
)
# Media that is compressed already: stored as it is (deflating it again costs time
# and gains nothing). Everything else (JSON, captions, SVG, text) is deflated.
STORED_EXTENSIONS = frozenset(
    "mp4 m4v m4a mov webm mkv ogv oga ogg opus mp3 aac flac "
    "jpg jpeg png gif webp avif heic "
    "zip gz bz2 xz 7z docx xlsx pptx odt ods odp epub woff woff2".split()
)

# Fixed member metadata, so the same content always gives the same bytes.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_EXTERNAL_ATTR = (stat.S_IFREG | 0o644) << 16
ZIP_CREATE_SYSTEM = 3  # Unix: the external attributes hold a Unix mode

LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # the zip "local file header", 30 bytes
LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
# The end of central directory record, and zip64's locator and record (APPNOTE 4.3).
END_RECORD = struct.Struct("<4s4H2LH")
END_RECORD_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
ZIP64_END_RECORD_SIGNATURE = b"PK\x06\x06"


class PackageError(Exception):
    """A package is refused. ``code``: short and stable; ``message``: human text.

    The message is translated when it is read, so a background job can keep the
    error and show it later in the language of whoever looks.
    """

    def __init__(self, code: str, template, **params: Any):
        self.code = code
        self.template = template
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Picklable (a task queue may carry it): the lazy template travels, not text.
        return (_rebuild_error, (self.code, self.template, self.params))


def _rebuild_error(code: str, template, params: dict) -> PackageError:
    return PackageError(code, template, **params)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class Limits:
    """How large a package may be. Defaults come from settings (SHARING_MAX_*)."""

    max_members: int = field(
        default_factory=lambda: _setting("SHARING_MAX_FILES", 10_000)
    )
    max_total_bytes: int = field(
        default_factory=lambda: _setting("SHARING_MAX_PACKAGE_BYTES", 20 * GiB)
    )
    max_member_bytes: int = field(
        default_factory=lambda: _setting("SHARING_MAX_FILE_BYTES", 10 * GiB)
    )
    max_ratio: int = field(
        default_factory=lambda: _setting("SHARING_MAX_COMPRESSION_RATIO", 200)
    )
    max_manifest_bytes: int = field(
        default_factory=lambda: _setting("SHARING_MAX_MANIFEST_BYTES", MiB)
    )
    max_json_bytes: int = field(
        default_factory=lambda: _setting("SHARING_MAX_CONTENT_BYTES", 64 * MiB)
    )


def _shown(name: str) -> str:
    """A member name fit for a message: control characters escaped, length capped."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
    return shown if len(shown) <= 200 else shown[:200] + "…"


def _size(n: int) -> str:
    for unit, factor in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} B"


@functools.cache
def manifest_validator():
    """The JSON Schema validator for manifest.json (draft 2020-12)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_manifest(manifest: Any) -> None:
    """Raise PackageError unless ``manifest`` is a manifest this version can read."""
    if not isinstance(manifest, dict):
        raise PackageError(
            "manifest_invalid",
            _("The package's manifest is not valid: %(detail)s"),
            detail=_("it is not a JSON object"),
        )
    if manifest.get("format") != FORMAT:
        raise PackageError(
            "wrong_format",
            _("This is not an E-cirkel package (its manifest says format %(format)s)."),
            format=_shown(repr(manifest.get("format"))),
        )
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool):
        if version > FORMAT_VERSION:
            raise PackageError(
                "newer_format",
                _(
                    "The package was made by a newer E-cirkel (package format "
                    "%(version)d; this installation reads up to %(supported)d). "
                    "Update E-cirkel before importing it."
                ),
                version=version,
                supported=FORMAT_VERSION,
            )
    error = best_match(manifest_validator().iter_errors(manifest))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(manifest)"
        raise PackageError(
            "manifest_invalid",
            _("The package's manifest is not valid: %(detail)s"),
            detail=_shown(f"{where}: {error.message}"),
        )
    paths = [entry["path"] for entry in manifest["files"]]
    if len(set(paths)) != len(paths):
        raise PackageError(
            "manifest_invalid",
            _("The package's manifest is not valid: %(detail)s"),
            detail=_("it lists a file twice"),
        )


def _check_name(name: str) -> None:
    """Refuse (ValueError: a bug in the caller) a name a package may not hold."""
    if MEMBER_NAME.fullmatch(name) is None:
        raise ValueError(f"not a package member name: {name!r}")


def _compression_for(name: str) -> int:
    ext = posixpath.splitext(name)[1].lstrip(".")
    return zipfile.ZIP_STORED if ext in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED


def _zipinfo(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.external_attr = ZIP_EXTERNAL_ATTR
    info.create_system = ZIP_CREATE_SYSTEM
    info.compress_type = compress_type
    return info


def _stream_length(fileobj) -> int | None:
    """The bytes left in a seekable binary file, or None when it cannot tell."""
    try:
        if not fileobj.seekable():
            return None
        here = fileobj.tell()
        end = fileobj.seek(0, io.SEEK_END)
        fileobj.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return end - here


class PackageWriter:
    """Writes a package to a binary file, deterministically.

    Add members in sorted order — ``content.json``, then ``files/…`` sorted by name —
    and call ``finish(manifest)`` last; it writes ``manifest.json`` with the list of
    files. The writer does not close the file it was given. After a PackageError the
    writer is done: the partial file has no manifest and is the caller's to delete.
    """

    def __init__(self, fileobj: IO[bytes], limits: Limits | None = None):
        self.limits = limits or Limits()
        self._zip = zipfile.ZipFile(fileobj, "w", allowZip64=True)
        self._files: list[dict] = []
        self._finished = False

    def _start(self, name: str) -> None:
        if self._finished:
            raise ValueError("the package is finished")
        _check_name(name)
        if name == MANIFEST:
            raise ValueError("finish() writes manifest.json")
        if self._files and name <= self._files[-1]["path"]:
            raise ValueError(
                f"members must be added once each, in sorted order: {name!r} "
                f"after {self._files[-1]['path']!r}"
            )

    def add_json(self, name: str, data: Any) -> tuple[int, str]:
        """Add ``data`` as sorted, compact UTF-8 JSON. Returns (size, sha256)."""
        self._start(name)
        raw = json_bytes(data)
        if len(raw) > self.limits.max_json_bytes:
            raise self._abandon(
                "content_too_large",
                _(
                    "The course content is too large to share: %(size)s "
                    "(at most %(limit)s)."
                ),
                size=_size(len(raw)),
                limit=_size(self.limits.max_json_bytes),
            )
        self._zip.writestr(_zipinfo(name, zipfile.ZIP_DEFLATED), raw)
        return self._record(name, len(raw), hashlib.sha256(raw).hexdigest())

    def add_file(self, name: str, src: IO[bytes]) -> tuple[int, str]:
        """Stream ``src`` into the package in 1 MiB chunks. Returns (size, sha256).

        ``name`` is ``files/<sha256>[.<ext>]``; if the bytes read do not have that
        SHA-256 (the file changed since it was hashed), PackageError.
        """
        self._start(name)
        info = _zipinfo(name, _compression_for(name))
        length = _stream_length(src)
        if length is not None:
            info.file_size = length
        digest = hashlib.sha256()
        size = 0
        with self._zip.open(info, "w", force_zip64=length is None) as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        sha256 = digest.hexdigest()
        expected = MEMBER_NAME.fullmatch(name)["sha256"]
        if expected != sha256:
            raise self._abandon(
                "checksum_mismatch",
                _(
                    "The file %(name)s changed while it was being packed "
                    "(its SHA-256 is now %(sha256)s). Export the course again."
                ),
                name=name,
                sha256=sha256,
            )
        return self._record(name, size, sha256)

    def _abandon(self, code: str, template, **params) -> PackageError:
        """Close the zip (without a manifest, so no reader accepts it) and return
        the error to raise. The partial file is the caller's to delete."""
        self._finished = True
        self._zip.close()
        return PackageError(code, template, **params)

    def _record(self, name: str, size: int, sha256: str) -> tuple[int, str]:
        self._files.append({"path": name, "size": size, "sha256": sha256})
        return size, sha256

    def finish(self, manifest: dict) -> dict:
        """Write manifest.json (with "files" filled in) and close the zip.

        ``format`` and ``format_version`` are filled in when missing. Returns the
        manifest as written.
        """
        if self._finished:
            raise ValueError("the package is finished")
        if not any(entry["path"] == CONTENT for entry in self._files):
            raise ValueError("a package needs content.json")
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest}
        manifest["files"] = sorted(self._files, key=lambda entry: entry["path"])
        try:
            validate_manifest(manifest)
        except PackageError as error:
            raise self._abandon(error.code, error.template, **error.params) from None
        self._zip.writestr(
            _zipinfo(MANIFEST, zipfile.ZIP_DEFLATED), json_bytes(manifest)
        )
        self._zip.close()
        self._finished = True
        return manifest


def json_bytes(data: Any) -> bytes:
    """The package's JSON encoding: sorted keys, compact, UTF-8."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


# Reading ---------------------------------------------------------------------------


def open_package(path_or_fileobj, limits: Limits | None = None) -> Package:
    """Open and check a package (a path or a seekable binary file).

    Checks the zip's central directory (names, types, sizes, compression ratios,
    encryption) and the manifest (JSON Schema, format version, the files it lists)
    before returning; member bytes are checked when they are read (``Package.open``,
    ``read_json``, ``verify``). Raises PackageError with the first reason found.
    """
    return Package(path_or_fileobj, limits)


class Package:
    """An open package. Use as a context manager, or call close()."""

    manifest: dict

    def __init__(self, path_or_fileobj, limits: Limits | None = None):
        self.limits = limits or Limits()
        if isinstance(path_or_fileobj, str | Path):
            self._fp = open(path_or_fileobj, "rb")  # closed in close()
            self._owns_fp = True
        else:
            self._fp = path_or_fileobj
            self._owns_fp = False
        self._zip: zipfile.ZipFile | None = None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # Opening: the central directory, then the manifest.

    def _open(self) -> None:
        self._fp.seek(0, io.SEEK_END)
        self._archive_size = self._fp.tell()
        self._fp.seek(0)
        head = self._fp.read(4)
        declared = self._declared_members()
        if declared is not None and declared > self.limits.max_members:
            raise self._too_many(declared)
        self._fp.seek(0)
        try:
            self._zip = zipfile.ZipFile(self._fp)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
            raise self._unreadable(head) from error
        except (ValueError, struct.error, NotImplementedError) as error:
            raise self._unreadable(head) from error
        infos = self._zip.infolist()
        self._check_members(infos)
        self._infos = {info.filename: info for info in infos}
        self.manifest = self._read_manifest()
        self._files = {entry["path"]: entry for entry in self.manifest["files"]}
        self._check_listing()

    def _declared_members(self) -> int | None:
        """The member count the end of the archive declares, read before zipfile
        builds a ZipInfo for each (so a directory of millions is refused cheaply).
        None when there is no end record: zipfile then says what is wrong."""
        tail_size = min(self._archive_size, END_RECORD.size + 0xFFFF)
        self._fp.seek(self._archive_size - tail_size)
        tail = self._fp.read(tail_size)
        position = tail.rfind(END_RECORD_SIGNATURE)
        if position < 0 or position + END_RECORD.size > len(tail):
            return None
        count = END_RECORD.unpack_from(tail, position)[4]
        locator = position - ZIP64_LOCATOR.size
        if count != 0xFFFF or locator < 0:
            return count
        signature, _disk, offset, _disks = ZIP64_LOCATOR.unpack_from(tail, locator)
        if signature != ZIP64_LOCATOR_SIGNATURE or offset > self._archive_size:
            return None
        self._fp.seek(offset)
        record = self._fp.read(ZIP64_END_RECORD.size)
        if len(record) != ZIP64_END_RECORD.size or not record.startswith(
            ZIP64_END_RECORD_SIGNATURE
        ):
            return None
        return ZIP64_END_RECORD.unpack(record)[7]

    def _too_many(self, count: int) -> PackageError:
        return PackageError(
            "too_many_members",
            _("The package holds too many files: %(count)d (at most %(limit)d)."),
            count=count,
            limit=self.limits.max_members,
        )

    def _unreadable(self, head: bytes) -> PackageError:
        if head[:2] != b"PK":
            return PackageError(
                "not_zip",
                _("The file is not an E-cirkel package: it is not a zip archive."),
            )
        return PackageError(
            "truncated",
            _(
                "The package is damaged or incomplete (was the download or upload "
                "cut short?). Get it again."
            ),
        )

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(infos) > limits.max_members:
            raise self._too_many(len(infos))
        for info in infos:
            self._check_member_kind(info)
        seen: dict[str, str] = {}
        for info in infos:
            key = unicodedata.normalize("NFC", info.filename).casefold()
            if key in seen:
                raise PackageError(
                    "duplicate_name",
                    _("The package holds two files with the same name: %(name)s"),
                    name=_shown(info.filename),
                )
            seen[key] = info.filename
        for info in infos:
            if MEMBER_NAME.fullmatch(info.filename) is None:
                raise PackageError(
                    "unexpected_name",
                    _(
                        "The package holds a file E-cirkel does not expect: %(name)s "
                        "(only manifest.json, content.json and files/… belong in "
                        "a package)."
                    ),
                    name=_shown(info.filename),
                )
        total = 0
        for info in infos:
            self._check_member_size(info)
            total += info.file_size
            if total > limits.max_total_bytes:
                raise PackageError(
                    "too_large",
                    _("The package unpacks to more than %(limit)s, the most allowed."),
                    limit=_size(limits.max_total_bytes),
                )
        self._check_layout(infos)

    def _check_member_kind(self, info: zipfile.ZipInfo) -> None:
        name = info.orig_filename
        shown = _shown(name)
        if name != info.filename or "\x00" in name:
            raise PackageError(
                "unexpected_name",
                _("The package holds a file with an invalid name: %(name)s"),
                name=shown,
            )
        if name.startswith("/"):
            raise PackageError(
                "absolute_path",
                _("The package contains an absolute path: %(name)s"),
                name=shown,
            )
        if "\\" in name or re.match(r"[A-Za-z]:", name):
            raise PackageError(
                "windows_path",
                _(
                    "The package contains a Windows path (a backslash or a drive "
                    "letter): %(name)s"
                ),
                name=shown,
            )
        if ".." in name.split("/"):
            raise PackageError(
                "path_escape",
                _(
                    "The package contains a path that points outside the package: "
                    "%(name)s"
                ),
                name=shown,
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(
                "symlink",
                _("The package contains a symbolic link: %(name)s"),
                name=shown,
            )
        if info.is_dir() or stat.S_ISDIR(mode):
            raise PackageError(
                "directory",
                _("The package contains a folder entry: %(name)s"),
                name=shown,
            )
        if info.flag_bits & 0x1:
            raise PackageError(
                "encrypted",
                _(
                    "The package contains an encrypted file: %(name)s. Packages "
                    "are never encrypted."
                ),
                name=shown,
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageError(
                "unsupported_compression",
                _("The package compresses %(name)s in a way E-cirkel does not read."),
                name=shown,
            )

    def _check_member_size(self, info: zipfile.ZipInfo) -> None:
        limits, name = self.limits, _shown(info.filename)
        if info.file_size > limits.max_member_bytes:
            raise PackageError(
                "member_too_large",
                _("The file %(name)s is %(size)s; at most %(limit)s is allowed."),
                name=name,
                size=_size(info.file_size),
                limit=_size(limits.max_member_bytes),
            )
        if info.filename == MANIFEST and info.file_size > limits.max_manifest_bytes:
            raise PackageError(
                "manifest_too_large",
                _("The package's manifest is %(size)s; at most %(limit)s is allowed."),
                size=_size(info.file_size),
                limit=_size(limits.max_manifest_bytes),
            )
        if info.filename == CONTENT and info.file_size > limits.max_json_bytes:
            raise PackageError(
                "content_too_large",
                _(
                    "The course content is too large to share: %(size)s "
                    "(at most %(limit)s)."
                ),
                size=_size(info.file_size),
                limit=_size(limits.max_json_bytes),
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise PackageError(
                "compression_ratio",
                _(
                    "The file %(name)s is compressed more than %(limit)d times "
                    "(a zip bomb?)."
                ),
                name=name,
                limit=limits.max_ratio,
            )
        if (
            info.compress_type == zipfile.ZIP_STORED
            and info.compress_size != info.file_size
        ):
            raise self._size_lie(info)

    def _size_lie(self, info: zipfile.ZipInfo) -> PackageError:
        return PackageError(
            "size_mismatch",
            _(
                "The file %(name)s is not the size the package says it is "
                "(%(size)d bytes)."
            ),
            name=_shown(info.filename),
            size=info.file_size,
        )

    def _check_layout(self, infos: list[zipfile.ZipInfo]) -> None:
        """Every member's bytes lie inside the archive, and no two overlap."""
        end_of_data = self._zip.start_dir
        ordered = sorted(infos, key=lambda info: info.header_offset)
        for info, following in zip(ordered, ordered[1:] + [None], strict=True):
            limit = following.header_offset if following else end_of_data
            minimal_end = (
                info.header_offset
                + LOCAL_HEADER.size
                + len(info.orig_filename.encode("utf-8"))
                + info.compress_size
            )
            if minimal_end > min(limit, self._archive_size):
                if following is not None and minimal_end <= end_of_data:
                    raise PackageError(
                        "overlapping_members",
                        _("The package is malformed: files %(name)s overlap."),
                        name=_shown(f"{info.filename}, {following.filename}"),
                    )
                raise self._unreadable(LOCAL_HEADER_SIGNATURE)

    def _read_manifest(self) -> dict:
        if MANIFEST not in self._infos:
            raise PackageError(
                "missing_manifest",
                _(
                    "The package has no manifest.json, so it is not an E-cirkel "
                    "package."
                ),
            )
        raw = self._read_all(self._infos[MANIFEST], None)
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise PackageError(
                "manifest_not_json",
                _("The package's manifest.json is not valid JSON."),
            ) from error
        validate_manifest(manifest)
        return manifest

    def _check_listing(self) -> None:
        for path, entry in self._files.items():
            info = self._infos.get(path)
            if info is None:
                raise PackageError(
                    "missing_file",
                    _("The manifest lists %(name)s, but the package does not hold it."),
                    name=path,
                )
            if info.file_size != entry["size"]:
                raise self._size_lie(info)
            named = MEMBER_NAME.fullmatch(path)["sha256"]
            if named is not None and named != entry["sha256"]:
                raise PackageError(
                    "checksum_mismatch",
                    _("The file %(name)s does not have the checksum its name says."),
                    name=path,
                )
        for name in self._infos:
            if name != MANIFEST and name not in self._files:
                raise PackageError(
                    "unlisted_member",
                    _("The package holds %(name)s, which its manifest does not list."),
                    name=_shown(name),
                )
        if CONTENT not in self._files:
            raise PackageError(
                "missing_content",
                _("The package has no content.json, so it carries no course."),
            )

    # Reading members.

    def names(self) -> list[str]:
        """Every member's name, sorted (manifest.json included)."""
        return sorted(self._infos)

    @property
    def files(self) -> dict[str, dict]:
        """The manifest's files by path: {"path", "size", "sha256"}."""
        return dict(self._files)

    def open(self, name: str) -> MemberStream:
        """A binary stream of a listed member; reading it to the end verifies its
        size and SHA-256 (PackageError otherwise). Streams share the package's file,
        so do not read one package from several threads."""
        if name not in self._files:
            raise KeyError(name)
        return self._stream(self._infos[name], self._files[name])

    def read_json(self, name: str) -> Any:
        """The JSON member ``name`` (content.json), size-limited and verified."""
        if name not in self._files:
            raise KeyError(name)
        raw = self._read_all(self._infos[name], self._files[name])
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise PackageError(
                "content_not_json",
                _("The file %(name)s in the package is not valid JSON."),
                name=name,
            ) from error

    def verify(self) -> None:
        """Read every listed member once, checking its size and SHA-256."""
        for name in sorted(self._files):
            with self.open(name) as stream:
                while stream.read(CHUNK):
                    pass

    def _read_all(self, info: zipfile.ZipInfo, entry: dict | None) -> bytes:
        with self._stream(info, entry) as stream:
            return stream.read()

    def _stream(self, info: zipfile.ZipInfo, entry: dict | None) -> MemberStream:
        if self._zip is None:
            raise ValueError("the package is closed")
        return MemberStream(self, info, entry)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self._owns_fp and not self._fp.closed:
            self._fp.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class MemberStream(io.RawIOBase):
    """One member's bytes, inflated as they are read, with a hard cap at the size
    the zip declares. At the end it checks the size, the zip's CRC-32 and the
    manifest's SHA-256; a mismatch raises PackageError (and every read after it).

    ``name`` and ``size`` are set, so Django's ``File(stream)`` knows both without
    seeking.
    """

    def __init__(self, package: Package, info: zipfile.ZipInfo, entry: dict | None):
        super().__init__()
        self._package = package
        self._fp = package._fp
        self._info = info
        self.name = info.filename
        self.size = info.file_size
        self._expected_sha256 = entry["sha256"] if entry else None
        self._left = info.compress_size
        self._produced = 0
        self._crc = 0
        self._sha256 = hashlib.sha256()
        self._inflater = (
            zlib.decompressobj(-zlib.MAX_WBITS)
            if info.compress_type == zipfile.ZIP_DEFLATED
            else None
        )
        self._error: PackageError | None = None
        self._done = False
        self._pos = self._data_offset()

    def _data_offset(self) -> int:
        info = self._info
        self._fp.seek(info.header_offset)
        header = self._fp.read(LOCAL_HEADER.size)
        if len(header) != LOCAL_HEADER.size:
            raise self._package._unreadable(LOCAL_HEADER_SIGNATURE)
        (signature, _version, flags, method, *_rest, name_length, extra_length) = (
            LOCAL_HEADER.unpack(header)
        )
        if signature != LOCAL_HEADER_SIGNATURE:
            raise self._package._unreadable(LOCAL_HEADER_SIGNATURE)
        if flags & 0x1:
            raise PackageError(
                "encrypted",
                _(
                    "The package contains an encrypted file: %(name)s. Packages "
                    "are never encrypted."
                ),
                name=_shown(info.filename),
            )
        raw_name = self._fp.read(name_length)
        encoding = "utf-8" if flags & 0x800 else "cp437"
        if method != info.compress_type or raw_name.decode(encoding, "replace") != (
            info.orig_filename
        ):
            raise PackageError(
                "damaged",
                _(
                    "The package is malformed: the entry for %(name)s does not "
                    "match the package's table of contents."
                ),
                name=_shown(info.filename),
            )
        offset = info.header_offset + LOCAL_HEADER.size + name_length + extra_length
        if offset + info.compress_size > self._package._zip.start_dir:
            raise self._package._unreadable(LOCAL_HEADER_SIGNATURE)
        return offset

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        parts, wanted = [], size
        while wanted > 0:
            data = self._next(min(wanted, CHUNK))
            if not data:
                break
            parts.append(data)
            wanted -= len(data)
        return b"".join(parts)

    def readall(self) -> bytes:
        parts = []
        while data := self._next(CHUNK):
            parts.append(data)
        return b"".join(parts)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _next(self, size: int) -> bytes:
        if self._error is not None:
            raise self._error
        if self._done:
            return b""
        try:
            return self._take(size)
        except PackageError as error:
            self._error = error
            raise

    def _take(self, size: int) -> bytes:
        # Ask for one byte more than may remain: if it comes, the member inflates
        # beyond the size its header declares.
        remaining = self._info.file_size - self._produced
        data = self._produce(min(size, remaining + 1))
        if len(data) > remaining:
            raise self._package._size_lie(self._info)
        if not data:
            self._finish()
            return b""
        self._produced += len(data)
        self._crc = zlib.crc32(data, self._crc)
        self._sha256.update(data)
        return data

    def _raw(self, size: int) -> bytes:
        size = min(size, self._left)
        if size <= 0:
            return b""
        self._fp.seek(self._pos)
        data = self._fp.read(size)
        if len(data) != size:
            raise self._package._unreadable(LOCAL_HEADER_SIGNATURE)
        self._pos += size
        self._left -= size
        return data

    def _produce(self, size: int) -> bytes:
        inflater = self._inflater
        if inflater is None:
            return self._raw(size)
        while not inflater.eof:
            source = inflater.unconsumed_tail or self._raw(CHUNK)
            if not source:
                raise self._damaged()
            try:
                data = inflater.decompress(source, size)
            except zlib.error as error:
                raise self._damaged() from error
            if data:
                return data
        return b""

    def _finish(self) -> None:
        info = self._info
        if self._produced != info.file_size:
            raise self._package._size_lie(info)
        if self._left or (self._inflater is not None and self._inflater.unused_data):
            raise self._damaged()
        if self._crc != info.CRC:
            raise self._damaged()
        if (
            self._expected_sha256 is not None
            and self._sha256.hexdigest() != self._expected_sha256
        ):
            raise PackageError(
                "checksum_mismatch",
                _(
                    "The file %(name)s is not the file the manifest lists (its "
                    "SHA-256 differs). The package was changed or damaged."
                ),
                name=_shown(info.filename),
            )
        self._done = True

    def _damaged(self) -> PackageError:
        return PackageError(
            "damaged",
            _("The file %(name)s in the package is damaged."),
            name=_shown(self._info.filename),
        )
