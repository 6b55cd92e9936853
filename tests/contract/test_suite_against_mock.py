"""The contract suite passes against the mock: in-process, and over real HTTP as a deployment.

Over HTTP the mock is the ``snapshots-mock`` command, a process of its own, and the suite runs
in its live mode exactly as against a deployment: token from an environment variable,
read-only unless told otherwise, touching only what it created.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from snapshots_mock import Faults, MockConfig
from snapshots_mock.clock import ManualClock
from snapshots_mock.seed_facts import STOPPED_SERVER
from snapshots_mock.testing import running_mock
from tests.contract.runs import (
    MOCK_ONLY,
    ROOT,
    WRITES,
    Report,
    names,
    run_contract,
    stored,
    suite_tests,
)
from tests.mock.helpers import OTHER_TOKEN, SNAPSHOTS, TOKEN, MockProcess, mock_process

# The mock's access log: '"POST /api/v1/snapshots/ " 401 0.3ms'.
ACCESS_LINE = re.compile(r'"([A-Z]+) (/api/v1/snapshots/\S*)" (\d{3}) ')
WRITE_CALLS = {
    ("POST", "/api/v1/snapshots/"),
    ("POST", "/api/v1/snapshots/{snapshot_id}/restore/"),
    ("DELETE", "/api/v1/snapshots/{snapshot_id}/"),
}
TOKENS = {"VPS_API_TOKEN": TOKEN, "CONTRACT_OTHER_TOKEN": OTHER_TOKEN}
WRITE_OPTIONS = ("--allow-writes", "--disposable-server-id", str(STOPPED_SERVER))
FAST_POLLING = ("--poll-interval", "0.05", "--completion-timeout", "60")


def assert_all_passed(report: Report, output: str, skipped: frozenset[str] = frozenset()) -> None:
    assert (report.failures, report.errors, report.skipped) == (0, 0, len(skipped)), output
    assert names(report.passed) == suite_tests() - skipped, output


@pytest.fixture
def mock_server(tmp_path: Path) -> Iterator[tuple[MockProcess, Path]]:
    database = tmp_path / "mock.sqlite3"
    with mock_process(
        tmp_path / "mock.log",
        "--database-url",
        f"sqlite:///{database}",
        # Far longer than a stateful scenario's steps, even on a loaded machine (so its restores
        # of a snapshot it just made are refused every time, as on a deployment, and every
        # scenario sees the same answers), short enough for the restore scenario to wait for.
        "--snapshot-seconds",
        "3",
        "--restore-seconds",
        "2",
    ) as server:
        yield server, database


def test_passes_in_process() -> None:
    run = run_contract("in-process")
    assert run.status == 0, run.output
    assert_all_passed(run.report, run.output)


def test_passes_over_http_with_writes_and_restores(mock_server: tuple[MockProcess, Path]) -> None:
    server, database = mock_server
    seed_snapshots, _ = stored(database)
    run = run_contract(
        "over-http",
        "--base-url",
        server.url,
        "--other-token-env",
        "CONTRACT_OTHER_TOKEN",
        *WRITE_OPTIONS,
        "--allow-restore",
        *FAST_POLLING,
        env=TOKENS,
    )
    assert run.status == 0, run.output
    assert_all_passed(run.report, run.output, frozenset(MOCK_ONLY))
    # Everything the run created is gone; the seed's snapshots were never touched.
    assert stored(database)[0] == seed_snapshots


def test_read_only_run_changes_nothing(mock_server: tuple[MockProcess, Path]) -> None:
    server, database = mock_server
    before = stored(database)
    run = run_contract(
        "read-only",
        "--base-url",
        server.url,
        "--other-token-env",
        "CONTRACT_OTHER_TOKEN",
        env=TOKENS,
    )
    assert run.status == 0, run.output
    assert stored(database) == before
    assert names(run.report.passed) == suite_tests() - WRITES - MOCK_ONLY, run.output
    assert run.report.skipped == len(WRITES | MOCK_ONLY)
    # Apart from the list: creates, restores and deletes that name nothing that exists (the
    # largest id, or no server at all), each refused: by the token checks with 401, by the
    # requests scenario with the document's 400, 404, 413 or 415; and paths without their "/"
    # and methods the paths do not have, refused with 404 and 405.
    requests = ACCESS_LINE.findall(server.log_text())
    writes = [(m, p, status) for m, p, status in requests if (m, _template(p)) in WRITE_CALLS]
    others = [
        (m, p, status) for m, p, status in requests if m != "GET" and (m, p, status) not in writes
    ]
    assert {status for *_, status in writes} <= {"400", "401", "404", "413", "415"}, writes
    assert "401" in {status for *_, status in writes}
    assert {(m, _template(p)) for m, p, _ in writes} == WRITE_CALLS
    assert {status for *_, status in others} <= {"404", "405"}, others


def _template(path: str) -> str:
    return re.sub(r"/snapshots/[^/?]+/", "/snapshots/{snapshot_id}/", path.partition("?")[0])


def test_cleans_up_after_a_failing_check(tmp_path: Path) -> None:
    config = MockConfig(
        database_url=f"sqlite:///{tmp_path / 'mock.sqlite3'}",
        faults=Faults(ignore_limit=True),
    )
    # A clock at the present time: the reference model wants a new snapshot's created_at near it.
    clock = ManualClock(time.time())
    with (
        running_mock(config, clock) as mock,
        httpx.Client(base_url=mock.url, timeout=30) as client,
    ):

        def everything() -> list[int]:
            response = client.get(SNAPSHOTS, headers=mock.auth())
            return [s["id"] for s in response.json()["results"]]

        before = everything()
        run = run_contract(
            "failing-check",
            "--base-url",
            mock.url,
            *WRITE_OPTIONS,
            "-k",
            "sixth",
            env={"VPS_API_TOKEN": TOKEN},
        )
        after = everything()
    assert run.status == 1, run.output
    assert names(run.report.failed) == {"test_sixth_snapshot_is_refused"}, run.output
    assert "over the limit of 5" in run.output
    # The six snapshots the failing test created were deleted all the same.
    assert after == before
    # The reproduction names the variable, in double quotes so that the shell expands it, and
    # the token itself is nowhere: not on the terminal, not in the report.
    assert '-H "Authorization: Bearer $VPS_API_TOKEN"' in run.output
    assert "Seed: 20250116" in run.output
    assert TOKEN not in run.output
    assert TOKEN not in run.report.text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--base-url", "http://127.0.0.1:9", "--allow-writes"), "needs --disposable-server-id"),
        (
            ("--base-url", "http://127.0.0.1:9", *WRITE_OPTIONS[1:], "--allow-restore"),
            "--allow-restore needs --allow-writes",
        ),
        (("--base-url", "http://127.0.0.1:9", "--token-env", "CONTRACT_UNSET"), "holds no token"),
        (("--allow-writes",), "are for a --base-url run"),
        (("--allow-undocumented-properties",), "is for a --base-url run"),
        (("--clock-skew", "-1"), "--clock-skew is a number of seconds"),
    ],
)
def test_refuses_unsafe_or_incomplete_options(arguments: tuple[str, ...], message: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "contract_tests", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "CONTRACT_UNSET"},
    )
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert message in completed.stderr
