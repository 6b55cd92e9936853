"""Fixtures shared by every test suite.

Mock server (``snapshots_mock``), a real uvicorn server in a thread of the test process:

- ``mock_server`` (session): the server, started once; a SQLite file in a temporary directory,
  response validation on (every answer is checked against the document), snapshots taking
  ``SNAPSHOT_SECONDS`` and restores ``RESTORE_SECONDS`` on a manual clock that starts at the
  page's create example (2025-01-16T16:15:00Z). It is a `snapshots_mock.testing.RunningMock`:
  ``.url`` (``http://127.0.0.1:PORT``), ``.reset()``, ``.clock.advance(seconds)``,
  ``.clock_running()`` (a block during which the clock runs), ``.config``,
  ``.auth(token)`` (the Authorization header; ``seed_facts.TOKEN`` by default).
- ``mock`` (function): the same server, reset to the seed data (and the clock to its start)
  before the test. Use this one in tests.
- ``api`` (function): an ``httpx.Client`` on ``mock``'s URL that sends ``seed_facts.TOKEN``.

The fast loop: the suites in ``SLOW`` below are marked ``slow`` when collected, and
``nox -s fast`` runs ``pytest -m "not slow"`` (CONTRIBUTING.md). A test marked
``@pytest.mark.slow`` in its own module counts the same.

PostgreSQL (started by the tests themselves, never skipped; see tests/postgres.py):

- ``postgres_server`` (session): a throwaway PostgreSQL on 127.0.0.1 (``.url(db)``,
  ``.new_database(name)``).
- ``postgres_url`` (function): the database URL of a new, empty database on it.
- ``sqlite_url`` (function): the URL of a new SQLite file; ``database_url`` (function, run twice):
  a new, empty database on each of the two, for tests that must hold on both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from xdist.remote import Producer
from xdist.scheduler import Scheduling

from snapshots_mock import MockConfig
from snapshots_mock.testing import RunningMock, running_mock
from tests import summaries
from tests.parallel import GroupScheduling
from tests.postgres import PostgresServer, running_postgres

SNAPSHOT_SECONDS = 60.0
RESTORE_SECONDS = 120.0

# What the fast loop leaves out, by node id prefix: each takes seconds to tens of seconds on its
# own (a whole suite, a subprocess per case, a generator, a browser, a build, a benchmark). The
# full test command runs them all; keep this list to suites, so that a part is fast or it is not.
SLOW = {
    "tests/bench/": "every benchmark for a second, with Prism and wrk",
    "tests/contract/": "the whole contract suite, in-process, over HTTP, per fault, and st run",
    "tests/docs/test_docs_build.py": "the reference page's build (Redocly)",
    "tests/docs/test_docs_page.py": "the page in a real browser",
    "tests/docs/test_samples_run.py": "every sample compiled, type-checked and run",
    "tests/python_client/test_package.py": "mypy --strict on the client and its README",
    "tests/python_client/test_regenerate.py": "the generators, run again and again",
    "tests/spec/test_lint_rules.py": "Redocly CLI, once per rule",
    "tests/changes/test_workflow.py": "python -m spec_changes in a git repository, per case",
    "tests/changes/test_clones.py": "git clones, and the gate in each",
    "tests/mock/test_server_process.py": "the mock's command as processes, with workers",
    "tests/mock/test_with_mock.py": "scripts.with_mock's processes",
    # Suites other branches add (issues 15 and 17): processes killed and flooded, a database
    # outage under load; the Go, Java and Rust bindings compiled, and the shared scenario in each.
    "tests/mock/test_hostile_processes.py": "multi-worker mocks killed and flooded",
    "tests/mock/test_hostile_outages.py": "a database outage under load",
    "tests/bindings/": "the Go, Java and Rust bindings built and checked",
    "tests/scenario/": "the shared scenario in every language",
    # And what the reference's two editions, the client layers and the hostile sweep added.
    "tests/docs/test_editions.py": "both editions in a real browser, at two sizes, with axe-core",
    "tests/docs/test_keyboard.py": "both editions walked by keyboard in a real browser",
    "tests/docs/test_guide_examples.py": "the guide's examples type-checked, compiled and run",
    "tests/docs/test_translations.py": "the reference built again per case",
    "tests/docs/test_reader_view.py": "both editions walked whole in a real browser",
    "tests/docs/test_markdown.py": "the reference built (Redocly) to read its Markdown pages",
    "tests/docs/test_site.py": "every release in both editions built, read in a real browser",
    "tests/mock/test_hostile_inputs.py": "the hostile sweep, on SQLite and PostgreSQL",
    "tests/python_client/test_layer.py": "retries and waits against the misbehaving mock",
    "tests/changes/test_layer_names.py": "the pinned TypeScript generator, run on samples",
    # Issue 24: a fresh machine.
    "tests/test_apt_locks.py": "apt-get update and install, waiting out another process's locks",
    # Issue 22: every documented session's --help, in venvs nox builds afresh.
    "tests/test_session_environments.py": "a dozen nox sessions, each in a new venv",
    # Issue 24: trailer floods and Host headers over raw sockets; a locked SQLite file waited
    # out and a PostgreSQL restart, each under the mock's command.
    "tests/mock/test_hostile_framing.py": "raw-socket floods, on SQLite and PostgreSQL",
    "tests/mock/test_database_stalls.py": "mock processes, a lock waited out, a restart",
    # Issue 27: the command-line tool and the MCP server, built, installed and run.
    "tests/tools/test_cli_installed.py": "vps-snapshots built, installed in a venv, run per case",
    "tests/tools/test_mcp_installed.py": "vps-snapshots-mcp built, installed, driven over stdio",
    # Issue 23: a new field carried by every part.
    "tests/changes/test_a_new_field_flows.py": "the five clients regenerated from an edited copy",
}


# The suites that write to the same fixed place, each run whole by one of pytest-xdist's workers
# (tests/parallel.py): .build-bindings/ (tests/targets/<name>.py builds each client once per run
# and every program against it) and dist/docs (tests/docs/conftest.py builds the reference where
# the docs session does, and the browser tests leave their screenshots beside it).
GROUPS = {
    "tests/bindings/": "builds",
    "tests/scenario/": "builds",
    "tests/docs/test_samples_run.py": "builds",
    # The site's tests build it in their own temporary folder: not tied to dist/docs, so they
    # may run beside the reference's group (the first matching prefix names the group).
    "tests/docs/test_site.py": "site",
    "tests/docs/": "reference",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(tuple(SLOW)):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> Scheduling | None:
    if config.getvalue("dist") != "loadgroup":
        return None
    return GroupScheduling(config, log, GROUPS)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    summaries.record(report)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    summaries.write(terminalreporter)


def mock_config(database_url: str) -> MockConfig:
    """The tests' configuration of the mock on `database_url`."""
    return MockConfig(
        database_url=database_url,
        snapshot_seconds=SNAPSHOT_SECONDS,
        restore_seconds=RESTORE_SECONDS,
        validate_responses=True,
    )


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    database = tmp_path_factory.mktemp("mock") / "mock.sqlite3"
    with running_mock(mock_config(f"sqlite:///{database}")) as server:
        yield server


@pytest.fixture
def mock(mock_server: RunningMock) -> RunningMock:
    mock_server.reset()
    return mock_server


@pytest.fixture
def api(mock: RunningMock) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock.url, headers=mock.auth(), timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> str:
    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return postgres_server.new_database(f"t_{name}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The database URL of a new SQLite file (created on first use)."""
    return f"sqlite:///{tmp_path / 'mock.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """A new, empty database: once a SQLite file, once a PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_url
    url: str = request.getfixturevalue("postgres_url")
    return url
