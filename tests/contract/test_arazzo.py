"""The lifecycle scenario as an Arazzo workflow (openapi/arazzo/), run by an outside runner:
Redocly CLI's ``respect``, pinned in package.json, against the mock served over HTTP, as a
deployment would be run (docs/contract-tests.md): the token and the server as inputs from the
environment, the server URL as ``--server``. The workflow is linted, and a mock that breaks a
rule it walks makes it fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from snapshots_mock import Faults, MockConfig
from snapshots_mock.seed_facts import STOPPED_SERVER, TOKEN
from snapshots_mock.testing import mock_process, running_mock
from tests.contract.runs import ROOT

WORKFLOW = ROOT / "openapi" / "arazzo" / "snapshots.arazzo.yaml"
LINT_CONFIG = ROOT / "openapi" / "arazzo" / "redocly.yaml"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
# The longest a run may take: two waits of a few seconds on this mock.
TIMEOUT = 300


def _redocly(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert REDOCLY.exists(), "Redocly CLI is not installed: run the tests through nox (npm ci)"
    return subprocess.run(
        [str(REDOCLY), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _respect(base_url: str, workflow: Path = WORKFLOW) -> subprocess.CompletedProcess[str]:
    # The inputs as docs/contract-tests.md passes them: from the environment, never the command
    # line (the token would show in process lists).
    inputs = f"token={TOKEN},server_id={STOPPED_SERVER}"
    return _redocly(
        "respect",
        str(workflow),
        "--server",
        f"snapshots={base_url}",
        env={"REDOCLY_CLI_RESPECT_INPUT": inputs},
    )


def test_the_workflow_lints() -> None:
    linted = _redocly("lint", "--config", str(LINT_CONFIG), str(WORKFLOW))
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_lint_finds_a_broken_workflow(tmp_path: Path) -> None:
    # The control: the linter reads the file as Arazzo (a misspelt required field fails).
    shutil.copy(ROOT / "openapi" / "openapi.yaml", tmp_path / "openapi.yaml")
    broken = tmp_path / "arazzo" / WORKFLOW.name
    broken.parent.mkdir()
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("workflowId:", "workflooId:"),
        encoding="utf-8",
    )
    linted = _redocly("lint", "--config", str(LINT_CONFIG), str(broken))
    assert linted.returncode != 0
    assert "workflowId" in linted.stdout + linted.stderr


def test_the_workflow_passes_against_the_mock(tmp_path: Path) -> None:
    options = ["--snapshot-seconds", "1", "--restore-seconds", "2"]
    database = f"sqlite:///{tmp_path / 'mock.sqlite3'}"
    with mock_process(tmp_path / "mock.log", "--database-url", database, *options) as mock:
        run = _respect(mock.url)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Workflows: 1 passed, 1 total" in output
    assert "Retrying step waitUntilCompleted" in output  # it did wait for the snapshot
    assert TOKEN not in output  # the token input is a password: masked


def test_the_workflow_fails_against_a_mock_that_breaks_a_rule(tmp_path: Path) -> None:
    # A name in use refused as invalid_parameters instead of duplicate_snapshot_name: the third
    # step fails, before any wait.
    config = MockConfig(
        database_url=f"sqlite:///{tmp_path / 'mock.sqlite3'}",
        access_log=False,
        faults=Faults(duplicate_name_as_invalid=True),
    )
    with running_mock(config) as mock:
        run = _respect(mock.url)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Workflows: 1 failed, 1 total" in output
    assert "stepId - duplicateName" in output  # the failing step, in respect's failure list
