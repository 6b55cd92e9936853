"""The reference model in live mode: a deployment's undocumented properties and its clock.

Each test runs the suite over HTTP against a mock server in this process whose answers break
one of the model's rules, as a deployment would, and checks what the options change.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from snapshots_mock import Faults, MockConfig
from snapshots_mock.clock import PAGE_TIME, ManualClock
from snapshots_mock.seed_facts import STOPPED_SERVER, TOKEN
from snapshots_mock.testing import RunningMock, running_mock
from tests.contract.runs import run_contract

TOKENS = {"VPS_API_TOKEN": TOKEN}


@pytest.fixture
def leaky_deployment(tmp_path: Path) -> Iterator[RunningMock]:
    config = MockConfig(
        database_url=f"sqlite:///{tmp_path / 'mock.sqlite3'}",
        validate_responses=False,
        faults=Faults(extra_property=True),
    )
    with running_mock(config, ManualClock(time.time())) as mock:
        yield mock


def test_undocumented_properties_fail_a_deployment_run(leaky_deployment: RunningMock) -> None:
    run = run_contract(
        "undocumented", "--base-url", leaky_deployment.url, "-k", "list_is_consistent", env=TOKENS
    )
    assert run.status == 1, run.output
    assert "undocumented property results[0].storage_path" in run.report.failure_text


def test_allowed_undocumented_properties_are_listed(leaky_deployment: RunningMock) -> None:
    run = run_contract(
        "undocumented-allowed",
        "--base-url",
        leaky_deployment.url,
        "--allow-undocumented-properties",
        "-k",
        "list_is_consistent",
        env=TOKENS,
    )
    assert run.status == 0, run.output
    assert "undocumented properties (allowed by --allow-undocumented-properties)" in run.output
    assert "results[0].storage_path in the answer to call #1: GET /api/v1/snapshots/" in run.output
    assert 'name="undocumented_property" value="results[0].storage_path"' in run.report.text


@pytest.mark.parametrize(("skew", "passes"), [("300", False), (str(10 * 365 * 86400), True)])
def test_clock_skew_bounds_a_new_snapshots_created_at(
    tmp_path: Path, skew: str, passes: bool
) -> None:
    # A deployment whose clock stands at the original page's date, long ago.
    config = MockConfig(database_url=f"sqlite:///{tmp_path / 'mock.sqlite3'}")
    with running_mock(config, ManualClock(PAGE_TIME)) as mock:
        run = run_contract(
            f"clock-skew-{skew}",
            "--base-url",
            mock.url,
            "--allow-writes",
            "--disposable-server-id",
            str(STOPPED_SERVER),
            "--clock-skew",
            skew,
            "-k",
            "lifecycle",
            env=TOKENS,
        )
    assert (run.status == 0) is passes, run.output
    if not passes:
        assert "(--clock-skew) of the run's clock" in run.report.failure_text
        assert "[model rule created-at-window]" in run.report.failure_text
