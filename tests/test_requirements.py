"""Every package the code imports is pinned, and the lock files (`make lock`) are in
step with requirements*.txt: `make run` and `make test` install from the locks only."""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME, DEV = "requirements.txt", "requirements-dev.txt"
LOCKS = {RUNTIME: "requirements.lock", DEV: "requirements-dev.lock"}
# Code that only tests and developers run: its imports may come from requirements-dev.
DEV_CODE = ("tests/", "bench/")
DEV_FILES = ("factories.py",)


def pins(name: str) -> dict[str, str]:
    """The packages a requirements file asks for (with its -r files): name → version."""
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found |= pins(line.removeprefix("-r ").strip())
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        found[canonicalize_name(requirement.name)] = specifier
    return found


def locked(name: str) -> dict[str, tuple[str, frozenset[str], str]]:
    """A lock file's entries: name → (version, hashes, the "# via" notes)."""
    entries = {}
    text = (ROOT / name).read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if head:
            entries[canonicalize_name(head[1])] = (
                head[2],
                frozenset(re.findall(r"--hash=(sha256:[0-9a-f]{64})", block)),
                " ".join(re.findall(r"#\s*(.*)", block)),
            )
    return entries


@pytest.mark.parametrize("requirements", [RUNTIME, DEV])
def test_every_requirement_is_pinned_to_one_version(requirements):
    for name, specifier in pins(requirements).items():
        assert specifier.operator == "==", f"{name} {specifier} in {requirements}"


@pytest.mark.parametrize("requirements", [RUNTIME, DEV])
def test_the_lock_has_every_requirement_at_its_pinned_version(requirements):
    lock = locked(LOCKS[requirements])
    for name, specifier in pins(requirements).items():
        assert name in lock, f"{name} is not in {LOCKS[requirements]}: run make lock"
        assert lock[name][0] == specifier.version, (
            f"{name} is {lock[name][0]} in {LOCKS[requirements]} but "
            f"{specifier.version} in {requirements}: run make lock"
        )


@pytest.mark.parametrize("requirements", [RUNTIME, DEV])
def test_the_lock_asks_for_nothing_the_requirements_dropped(requirements):
    lock = locked(LOCKS[requirements])
    direct = {
        name
        for name, (_version, _hashes, via) in lock.items()
        if re.search(r"-r requirements(-dev)?\.txt", via)
    }
    assert direct == set(pins(requirements)), "run make lock"


@pytest.mark.parametrize("lock", LOCKS.values())
def test_every_locked_package_has_its_hashes(lock):
    entries = locked(lock)
    assert len(entries) > 40
    for name, (_version, hashes, _via) in entries.items():
        assert hashes, f"{name} has no hash in {lock}"


def test_the_dev_lock_installs_the_runtime_lock_unchanged():
    runtime, dev = locked(LOCKS[RUNTIME]), locked(LOCKS[DEV])
    for name, (version, hashes, _via) in runtime.items():
        assert dev.get(name, (None, None))[:2] == (version, hashes), name


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module)
    return {module.split(".")[0] for module in modules}


def test_every_package_the_code_imports_is_a_requirement():
    distributions = packages_distributions()
    own = {path.name for path in ROOT.iterdir() if path.is_dir()}
    runtime, dev = set(pins(RUNTIME)), set(pins(DEV))
    missing = []
    tops = [path for path in ROOT.iterdir() if not path.name.startswith(".")]
    files = [p for top in tops for p in ([top] if top.is_file() else top.rglob("*"))]
    for path in (path for path in files if path.suffix == ".py"):
        relative = path.relative_to(ROOT).as_posix()
        is_dev = relative.startswith(DEV_CODE) or path.name in DEV_FILES
        for module in imported_packages(path):
            if module in own or module in sys.stdlib_module_names:
                continue
            names = {canonicalize_name(d) for d in distributions.get(module, [module])}
            if not names & (dev if is_dev else runtime):
                missing.append(f"{module} ({relative})")
    assert not missing


def test_make_installs_the_locked_packages_only():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert installs and all("--require-hashes --no-deps" in i for i in installs)
    assert "-r requirements.lock" in makefile
    assert "-r requirements-dev.lock" in makefile
    assert "\nlock:" in makefile and "--generate-hashes" in makefile
