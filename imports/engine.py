"""The sharing engine as the import jobs use it: one place to swap in tests.

``inspect(path)`` checks a whole package and returns its plan; ``import_package``
writes it. Both raise ``PackageError`` (with ``.message`` and ``.code``) when the
package is refused.
"""

try:
    from sharing.importing import import_package, inspect
    from sharing.package import PackageError
except ImportError:  # pragma: no cover - until branch i13-engine is merged

    class PackageError(Exception):
        def __init__(self, message, code="refused"):
            super().__init__(message)
            self.message = message
            self.code = code

    def inspect(path):
        raise PackageError("The sharing engine is not installed.", "no_engine")

    def import_package(path, **kwargs):
        raise PackageError("The sharing engine is not installed.", "no_engine")


__all__ = ["PackageError", "import_package", "inspect"]
