"""The third-party test inputs in tests/fixtures are in the repository, unchanged."""

import hashlib

import pytest

from tests.conftest import FIXTURES, fixture_bytes

THIRD_PARTY = ["webvtt", "gift", "aiken"]  # the folders SHA256SUMS covers


def listed_checksums() -> dict[str, str]:
    sums = {}
    for line in (FIXTURES / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    return sums


def test_every_fixture_has_the_bytes_its_checksum_names():
    sums = listed_checksums()
    changed = [
        name
        for name, digest in sums.items()
        if hashlib.sha256(fixture_bytes(name)).hexdigest() != digest
    ]
    assert changed == []
    # The caption and question-file tests read these; they must never be absent.
    assert len(sums) == 98


def test_every_third_party_fixture_is_listed_in_the_checksums():
    present = {
        path.relative_to(FIXTURES).as_posix()
        for folder in THIRD_PARTY
        for path in (FIXTURES / folder).rglob("*")
        if path.is_file()
    }
    assert present == set(listed_checksums())


def test_git_never_converts_line_endings_in_the_fixtures():
    rules = (FIXTURES / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "* -text" in rules


def test_a_missing_fixture_fails_the_test_instead_of_skipping_it():
    with pytest.raises(pytest.fail.Exception, match="tests/fixtures/gift/gone.txt"):
        fixture_bytes("gift/gone.txt")
