"""Every documented command of the VPS.org Snapshots API toolkit is a session here.

``nox -l`` lists them. Sessions tagged ``main`` make things (the README's main job:
``nox -t main``); sessions tagged ``test`` only check (the README's test command:
``nox -t test``, which is what CI runs).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
REQUIREMENTS = ROOT / "requirements"
SCRIPTS = ROOT / "scripts"
TESTS = ROOT / "tests"
PACKAGE_LOCK = ROOT / "package-lock.json"
NODE_MODULES = ROOT / "node_modules"
REDOCLY = NODE_MODULES / ".bin" / "redocly"
PYTHON_SOURCES = ("noxfile.py", "scripts", "tests", "snapshots_mock")

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = True
nox.options.sessions = ["lint", "tests"]


def _install(session: nox.Session, *locks: str, npm: bool = False, project: bool = False) -> None:
    """Install the pinned requirements ``locks``; with ``project`` this project (editable, its
    dependencies being in the locks); with ``npm`` the npm lock file."""
    for lock in locks:
        session.install("-r", str(REQUIREMENTS / f"{lock}.txt"))
    if project:
        session.install("--no-deps", "-e", str(ROOT))
    if npm:
        _npm_ci(session)


def _npm_ci(session: nox.Session) -> None:
    # npm ci deletes and refills node_modules; skip it while the lock file is unchanged.
    stamp = NODE_MODULES / ".npm-ci.sha256"
    digest = hashlib.sha256(PACKAGE_LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    session.run(sys.executable, str(SCRIPTS / "system_deps.py"), "npm", external=True)
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    stamp.write_text(digest)


@nox.session(tags=["main", "test"])
def lint(session: nox.Session) -> None:
    """Validate and lint the OpenAPI document; lint and type-check the project's Python."""
    _install(session, "tests", npm=True, project=True)
    session.run("openapi-spec-validator", str(OPENAPI))
    session.run(str(REDOCLY), "lint", "--format", "stylish", str(OPENAPI), external=True)
    session.run("ruff", "check", "--no-cache", *PYTHON_SOURCES)
    session.run("ruff", "format", "--no-cache", "--check", *PYTHON_SOURCES)
    session.run("mypy", "--strict", *PYTHON_SOURCES)


@nox.session(tags=["test"])
def tests(session: nox.Session) -> None:
    """Run the pytest suite: spec checks, mock server, clients, contract and docs tests."""
    _install(session, "tests", npm=True, project=True)
    session.run("pytest", *(session.posargs or (str(TESTS),)))


@nox.session
def mock(session: nox.Session) -> None:
    """Run the mock server on 127.0.0.1 until Ctrl-C; arguments go to snapshots-mock (--help)."""
    _install(session, "mock", project=True)
    session.run("snapshots-mock", *session.posargs)
