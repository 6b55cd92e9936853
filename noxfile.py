"""Every documented command of the VPS.org Snapshots API toolkit is a session here.

``nox -l`` lists them. Sessions tagged ``main`` make things (the README's main job:
``nox -t main``); sessions tagged ``test`` only check (the README's test command:
``nox -t test``, which is what CI runs).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
REQUIREMENTS = ROOT / "requirements"
SCRIPTS = ROOT / "scripts"
TESTS = ROOT / "tests"
GENERATED = ROOT / "generated"
PYTHON_CLIENT = GENERATED / "python"
PYTHON_CLIENT_DIST = ROOT / "dist" / "python"
PACKAGE_LOCK = ROOT / "package-lock.json"
NODE_MODULES = ROOT / "node_modules"
REDOCLY = NODE_MODULES / ".bin" / "redocly"
TSC = NODE_MODULES / ".bin" / "tsc"
TS_CLIENT = GENERATED / "typescript"
TS_TESTS = TESTS / "typescript"
TS_DIST = ROOT / "dist" / "typescript"
# The contract suite's wheel, with the document inside (scripts/package_contract.py).
CONTRACT_DIST = ROOT / "dist" / "contract"
DIST_SITE = ROOT / "dist" / "site"
# The command-line tool's and the MCP server's wheels go to dist/cli/ and dist/mcp/
# (scripts/package_tools.py; each target's folder is in its package's target module).
DIST = ROOT / "dist"
PYTHON_SOURCES = (
    "noxfile.py",
    "scripts",
    "tests",
    "spec_changes",
    "snapshots_mock",
    "contract_tests",
    "bench",
    "snapshots_cli",
    "snapshots_mcp",
)
# The pytest suite's workers (pytest-xdist): one more than the cores this process may use, since
# the tests spend much of their time waiting on servers, builds and a browser (tests/parallel.py
# says how the tests are shared out; docs/decisions.md why this count). `-- -n 0`: one process.
PYTEST_WORKERS = (
    "--numprocesses",
    str(len(os.sched_getaffinity(0)) + 1),
    "--dist",
    "loadgroup",
)
NPM_QUIET = ("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn")
# The TypeScript tests' mock (scripts/with_mock.py): the shipped seed data; snapshots complete
# and restores end at once, so that the tests need no clock and leave no server restoring.
TS_MOCK_OPTIONS = ("--snapshot-seconds", "0", "--restore-seconds", "0")

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


def _build_python_client(session: nox.Session, out_dir: Path) -> Path:
    """Build the generated Python client's sdist and wheel into ``out_dir``; return the wheel."""
    session.run(
        "uv",
        "build",
        "--quiet",
        "--clear",
        "--no-create-gitignore",
        "--build-constraints",
        str(REQUIREMENTS / "build.txt"),
        "--out-dir",
        str(out_dir),
        str(PYTHON_CLIENT),
    )
    (wheel,) = out_dir.glob("*.whl")
    return wheel


def _scratch(session: nox.Session, name: str) -> Path:
    """A folder of the session's own under .nox/ for what it builds on the way.

    Not ``session.create_tmp()``: that also points TMPDIR there, and the tests' temporary files
    belong in the system's temporary folder, short and open to every user: Chromium's socket
    path must fit in 108 bytes and PostgreSQL, running as its own user, must reach its data
    directory, however deep or private the folder the repository is cloned into.
    """
    folder = Path(session.virtualenv.location).resolve() / "tmp" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _install_python_client(session: nox.Session) -> Path:
    """Install the Python client as users get it, from a freshly built wheel; return its dist."""
    dist = _scratch(session, "dist-python")
    wheel = _build_python_client(session, dist)
    session.install(
        "--constraint",
        str(REQUIREMENTS / "tests.txt"),
        # The version only changes with the document's, so force the fresh wheel in.
        "--reinstall-package",
        "vps-snapshots-client",
        str(wheel),
    )
    return dist


def _pack_typescript(session: nox.Session, destination: Path) -> Path:
    # Built in a copy so that generated/ holds exactly what the generator wrote; tsc checks
    # strictly before it writes dist/ (noEmitOnError), so the build is the type check too.
    package = _scratch(session, "typescript-package")
    shutil.rmtree(package, ignore_errors=True)
    shutil.copytree(TS_CLIENT, package, ignore=shutil.ignore_patterns("dist", "node_modules"))
    session.run(str(TSC), "--project", str(package), external=True)
    shutil.rmtree(destination, ignore_errors=True)
    destination.mkdir(parents=True)
    with session.chdir(package):
        session.run(
            "npm", "pack", *NPM_QUIET, "--pack-destination", str(destination), external=True
        )
    (tarball,) = destination.glob("*.tgz")
    return tarball


@nox.session(tags=["main", "test"])
def lint(session: nox.Session) -> None:
    """Validate and lint the OpenAPI document and the Arazzo workflow; ruff and mypy on Python."""
    _install(session, "tests", npm=True, project=True)
    session.run("openapi-spec-validator", str(OPENAPI))
    session.run(str(REDOCLY), "lint", "--format", "stylish", str(OPENAPI), external=True)
    arazzo = OPENAPI.parent / "arazzo"
    session.run(
        str(REDOCLY),
        "lint",
        "--config",
        str(arazzo / "redocly.yaml"),
        "--format",
        "stylish",
        str(arazzo / "snapshots.arazzo.yaml"),
        external=True,
    )
    session.run("ruff", "check", "--no-cache", *PYTHON_SOURCES)
    session.run("ruff", "format", "--no-cache", "--check", *PYTHON_SOURCES)
    session.run("mypy", "--strict", *PYTHON_SOURCES)


@nox.session(tags=["main"])
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from the document: every target, or those named after ``--``."""
    _install(session, "generate", npm=True)
    session.run("python", "-m", "scripts.regenerate", *session.posargs)


@nox.session(tags=["main"])
def build(session: nox.Session) -> None:
    """Build the release bundle dist/ (each client as its tools install it; contract, CLI, MCP)."""
    # docs: the tool bundle's Belarusian help comes from the reference's catalog (Babel).
    _install(session, "build", "generate", "docs", npm=True)
    _build_python_client(session, PYTHON_CLIENT_DIST)
    session.run("python", "-m", "scripts.package_contract", str(CONTRACT_DIST))
    session.run("python", "-m", "scripts.package_tools", str(DIST))
    _pack_typescript(session, TS_DIST)
    # Every other target's dist/<target>/ (a Go module proxy folder, a Maven repository, a Cargo
    # directory source): package_bindings packages each the registry gives a packager
    # (scripts/targets/__init__.py).
    session.run("python", "-m", "scripts.package_bindings")


# Before `docs`: nox runs the sessions of a tag in the order they are defined here, so the run
# that raises info.version prints the change report (and writes CHANGELOG.md) before the docs
# build asks for the version's entry in the readers' changelog, docs/reference/changelog.md,
# and its translation (tests/test_main_job.py).
@nox.session(tags=["main"])
def changelog(session: nox.Session) -> None:
    """Print the change report; once info.version is raised, add its CHANGELOG.md entry."""
    _install(session, "changes")
    session.run("python", "-m", "spec_changes", "changelog", *session.posargs)


@nox.session(tags=["main"])
def docs(session: nox.Session) -> None:
    """Build the reference site (each release and latest, English and Belarusian) into dist/site."""
    # The project too: the code samples name the seed data's token (snapshots_mock.seed_facts).
    _install(session, "docs", "mock", npm=True, project=True)
    session.run("python", "-m", "scripts.build_site", *(session.posargs or (str(DIST_SITE),)))


@nox.session
def translations(session: nox.Session) -> None:
    """List the reference's missing and stale translations with coverage; ``-- update`` merges."""
    # The project too: loading the document names the seed data (snapshots_mock.seed_facts).
    _install(session, "docs", "mock", project=True)
    session.run("python", "-m", "scripts.docs_i18n", *session.posargs)


@nox.session(tags=["test"])
def drift(session: nox.Session) -> None:
    """Fail, naming each file, where generated/ differs from what the document makes."""
    _install(session, "generate", npm=True)
    session.run("python", "-m", "scripts.regenerate", "--check", *session.posargs)


@nox.session(tags=["test"])
def typescript(session: nox.Session) -> None:
    """Build, install and type-check the packed TypeScript client; test it against the mock."""
    _install(session, "mock", npm=True, project=True)
    tarball = _pack_typescript(session, _scratch(session, "typescript-dist"))
    # The tests import the client as its users do: the packed tarball, installed by name.
    for scratch in ("node_modules", "build"):
        shutil.rmtree(TS_TESTS / scratch, ignore_errors=True)
    with session.chdir(TS_TESTS):
        session.run(
            "npm", "install", *NPM_QUIET, "--no-save", "--offline", str(tarball), external=True
        )
    session.run(str(TSC), "--project", str(TS_TESTS), external=True)
    compiled = sorted(str(path) for path in (TS_TESTS / "build").glob("*.test.js"))
    # One fresh mock for the whole run, stopped when node ends (tests/typescript/mock.test.ts
    # says how the tests share it).
    session.run(
        "python",
        "-m",
        "scripts.with_mock",
        *TS_MOCK_OPTIONS,
        "--",
        "node",
        "--test",
        *(session.posargs or compiled),
    )


@nox.session(tags=["test"])
def tests(session: nox.Session) -> None:
    """Run the pytest suite: spec checks, mock server, clients, contract and docs tests."""
    _install(session, "tests", npm=True, project=True)
    dist = _install_python_client(session)
    session.run(
        "pytest",
        *PYTEST_WORKERS,
        *(session.posargs or (str(TESTS),)),
        env={"PYTHON_CLIENT_DIST": str(dist)},
    )


# Not tagged `test`: the edit-test loop; the tests session runs the same tests and the slow ones.
@nox.session
def fast(session: nox.Session) -> None:
    """Run the pytest suite but the tests marked slow (tests/conftest.py), in under a minute."""
    _install(session, "tests", npm=True, project=True)
    dist = _install_python_client(session)
    session.run(
        "pytest",
        *PYTEST_WORKERS,
        "-m",
        "not slow",
        *(session.posargs or (str(TESTS),)),
        env={"PYTHON_CLIENT_DIST": str(dist)},
    )


# Not tagged `test`: the tests session runs the same files; this one runs only the Go, Java and
# Rust clients' strict builds, every client's README followed, and the shared scenario (table).
@nox.session
def bindings(session: nox.Session) -> None:
    """Build the Go, Java and Rust clients strictly; follow every README; run the scenario."""
    _install(session, "tests", npm=True, project=True)
    dist = _install_python_client(session)
    paths = (str(TESTS / "bindings"), str(TESTS / "scenario"))
    session.run("pytest", *(session.posargs or paths), env={"PYTHON_CLIENT_DIST": str(dist)})


@nox.session
def mock(session: nox.Session) -> None:
    """Run the mock server on 127.0.0.1 until Ctrl-C; arguments go to snapshots-mock (--help)."""
    _install(session, "mock", project=True)
    session.run("snapshots-mock", *session.posargs)


# Not tagged `test`: the tests session runs the same suite against the mock (tests/contract),
# in-process and over HTTP, with the fault matrix; this one is for a deployment, or by hand.
@nox.session
def contract(session: nox.Session) -> None:
    """Contract-test the mock, or with ``--base-url URL`` a deployment (``-- --help``)."""
    _install(session, "contract", project=True)
    session.run("python", "-m", "contract_tests", *session.posargs)


# Not tagged `test`: it takes minutes and measures the machine as much as the code; the tests
# run each benchmark for a second (tests/bench) so that none of them rots.
@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark the mock (against Prism), the Python client and the pipeline; see bench/run.py."""
    _install(session, "tests", npm=True, project=True)
    _install_python_client(session)
    # pip compiles bytecode as it installs, uv does not: without it each server start would
    # compile its imports, and the figures (start-up, peak memory) would count that.
    venv_lib = Path(session.virtualenv.location) / "lib"
    session.run("python", "-m", "compileall", "-q", "-j", "0", str(venv_lib), "snapshots_mock")
    session.run(sys.executable, str(SCRIPTS / "system_deps.py"), "wrk", external=True)
    session.run("python", "-m", "bench.run", *session.posargs)


# Not tagged `test`: it runs for minutes (10 by default) against a mock with several workers
# and a PostgreSQL it restarts half-way; the hostile suites (tests/mock) are its short form.
@nox.session
def soak(session: nox.Session) -> None:
    """Soak the mock: mixed and hostile load, a database restart; ``-- --minutes N`` (10)."""
    _install(session, "tests", project=True)
    session.run("python", "-m", "scripts.soak", *session.posargs)


# Not tagged `test`: the gate compares with the last release (openapi/releases/), and between
# two releases the document may change many times under one raised version; CI on every commit
# would fail each edit until the version is raised. The rules and the gate are tested by
# tests/changes; run this when a release is prepared, or on a pull request: `-s changes -- BASE`.
@nox.session
def changes(session: nox.Session) -> None:
    """Report the document's changes since the last release (or BASE); check info.version."""
    _install(session, "changes")
    session.run("python", "-m", "spec_changes", "check", *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Check info.version and record the document as released in openapi/releases/."""
    _install(session, "changes")
    session.run("python", "-m", "spec_changes", "release", *session.posargs)
