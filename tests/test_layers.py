"""The import layers in .importlinter: the code keeps them, they cover every app and
every core module, and an import that points the wrong way breaks them."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from importlinter.adapters.building import GraphBuilder
from importlinter.api import read_configuration
from importlinter.application import use_cases
from importlinter.application.app_config import settings as linter_settings

ROOT = Path(__file__).resolve().parent.parent
CONFIG = str(ROOT / ".importlinter")


def layers_contract() -> dict:
    (contract,) = [
        c
        for c in read_configuration(CONFIG)["contracts_options"]
        if c["type"] == "layers"
    ]
    return contract


def layered_modules() -> set[str]:
    return {
        name.strip("() ")
        for layer in layers_contract()["layers"]
        for name in re.split(r"[|:]", layer)
    }


class GraphWithImports(GraphBuilder):
    """Builds the real import graph, then adds ``extra`` (importer, imported) pairs."""

    def __init__(self, extra):
        self.extra = extra

    def build(self, *args, **kwargs):
        graph = super().build(*args, **kwargs)
        for importer, imported in self.extra:
            graph.add_import(
                importer=importer,
                imported=imported,
                line_number=1,
                line_contents=f"import {imported}",
            )
        return graph


def contracts_kept(monkeypatch, extra=()) -> bool:
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.setitem(
        linter_settings._config, "GRAPH_BUILDER", GraphWithImports(extra)
    )
    return use_cases.lint_imports(config_filename=CONFIG, cache_dir=None, no_logo=True)


def test_every_app_and_core_module_is_in_a_layer():
    ours = {
        config.name
        for config in apps.get_app_configs()
        if (ROOT / config.name / "apps.py").exists()
    }
    roots = set(read_configuration(CONFIG)["session_options"]["root_packages"])
    core = {
        f"ecirkel.{path.stem}"
        for path in (ROOT / "ecirkel").iterdir()
        if path.suffix == ".py"
        and path.stem != "__init__"
        or (path / "__init__.py").exists()
    }
    assert ours and ours <= roots
    assert ours - layered_modules() == set()
    assert core - layered_modules() == set()


def test_the_code_keeps_the_layers(monkeypatch):
    assert contracts_kept(monkeypatch)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("progress.activities", "courses.models"),  # the ledger reaching content
        ("progress.completion", "circles.models"),  # the ledger reaching a view
        ("lectures.models", "courses.models"),  # one content app needing another
        ("roleplays.models", "quizzes.models"),
        ("roleplays.views", "circles.models"),  # content reaching a view above it
        ("certificates.issuing", "dashboard.views"),
        ("ecirkel.placements", "progress.models"),  # the core reaching the ledger
    ],
)
def test_an_import_that_points_the_wrong_way_breaks_the_layers(
    monkeypatch, importer, imported
):
    assert not contracts_kept(monkeypatch, [(importer, imported)])
