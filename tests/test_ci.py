"""CI (.ci/run) lints the tree before it runs the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith(("make", "env"))]


def test_ci_runs_make_lint_before_the_tests():
    run = commands(ROOT / ".ci" / "run")
    first_test = next(i for i, line in enumerate(run) if "make test" in line)
    assert "make lint" in run[:first_test]


def test_make_lint_checks_code_format_and_templates():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check ." in lint
    assert "ruff format --check ." in lint
    assert "djhtml --check" in lint


def test_make_lint_checks_the_import_layers():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in lint
    assert "import-linter==" in (ROOT / "requirements-dev.txt").read_text()
