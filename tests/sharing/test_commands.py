"""``export_package`` and ``import_package``: what they write, their refusals on
stderr and their exit status."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from sharing.package import open_package
from tests.sharing.conftest import wipe


def test_export_writes_the_package_and_says_so(demo, tmp_path):
    out = io.StringIO()
    target = tmp_path / "kurs.zip"
    call_command("export_package", demo.slug, str(target), stdout=out)
    assert target.exists() and "Exported" in out.getvalue()
    assert not list(tmp_path.glob("*.partial"))
    with open_package(target) as package:
        package.verify()
        assert package.manifest["course"]["uuid"] == str(demo.uuid)


def test_export_refuses_an_unknown_course_and_a_missing_folder(demo, tmp_path):
    with pytest.raises(CommandError, match="No course has the slug"):
        call_command("export_package", "finns-inte", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_package", demo.slug, str(tmp_path / "nej" / "x.zip"))


def test_import_then_again_and_with_an_unknown_user(demo, tmp_path):
    target = tmp_path / "kurs.zip"
    call_command("export_package", demo.slug, str(target), stdout=io.StringIO())
    wipe(demo)
    out = io.StringIO()
    call_command("import_package", str(target), "--user", "redaktor", stdout=out)
    assert "Imported" in out.getvalue()
    out = io.StringIO()
    call_command("import_package", str(target), "--take-theirs", stdout=out)
    assert "nothing changed" in out.getvalue()
    with pytest.raises(CommandError, match="No user"):
        call_command("import_package", str(target), "--user", "nobody")


def test_import_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_package", str(tmp_path / "saknas.zip"))


def test_a_refused_package_exits_non_zero_with_the_reason_on_stderr(tmp_path):
    bad = tmp_path / "trasig.zip"
    bad.write_bytes(b"this is not a zip file at all")
    done = subprocess.run(  # noqa: S603 (this interpreter, our manage.py)
        [sys.executable, "manage.py", "import_package", str(bad)],
        cwd=settings.BASE_DIR,
        env=dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="ecirkel.settings.test",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            LANGUAGE_CODE="en",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "The package was not imported" in done.stderr
    assert done.stdout == ""
