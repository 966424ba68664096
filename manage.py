#!/usr/bin/env python
"""Django's command line for E-cirkel.

There is no default settings module. `make run`, `make test` and CI set
DJANGO_SETTINGS_MODULE themselves; by hand, export it or name the settings on the
command line: `python manage.py shell --settings=ecirkel.settings.dev`. A command typed
on a server without it stops instead of quietly using the development settings and
database.
"""

import os
import sys


def settings_named(argv: list[str]) -> bool:
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        return True
    return any(arg == "--settings" or arg.startswith("--settings=") for arg in argv)


if __name__ == "__main__":
    if not settings_named(sys.argv[1:]):
        from ecirkel.settings import MISSING

        sys.exit(f"{MISSING} Or pass --settings=ecirkel.settings.dev to this command.")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
