"""The sharing engine as the import jobs use it: one place to swap in tests.

``inspect(path)`` checks a whole package and returns its plan; ``import_package``
writes it. Both raise ``PackageError`` (with ``.message`` and ``.code``) when the
package is refused.
"""

from sharing.importing import import_package, inspect
from sharing.package import PackageError

__all__ = ["PackageError", "import_package", "inspect"]
