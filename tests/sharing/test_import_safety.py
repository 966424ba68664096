"""What an import must not do on the installation that receives it: make a login-only
course public, link learners to the package's download address or to anything that
is not a web address, or take a course made here for one that came from elsewhere."""

import pytest

from sharing.importing import import_package, inspect
from sharing.models import ImportedCourse
from sharing.package import PackageError
from tests.sharing.conftest import export, snapshot


def test_a_package_of_a_course_made_here_is_refused(demo, tmp_path, media):
    package = tmp_path / "kurs.zip"
    export(demo, package)
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        inspect(package)
    assert refused.value.code == "made_here"
    assert "är gjord här" in refused.value.message
    assert demo.title in refused.value.message
    with pytest.raises(PackageError):
        import_package(package)
    assert not ImportedCourse.objects.exists()
    assert snapshot(media) == before
