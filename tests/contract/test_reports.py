"""The reports a CI user reads: a line per failure, a reproduction that runs and sends what the
failing call sent (the token as its variable), a Markdown summary with the table of statuses,
JUnit XML without Hypothesis' base64 statistics; and, against the mock, a documented status
never answered fails the run.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from schemathesis.specs.openapi import _auth_retry

from contract_tests import findings
from snapshots_mock import Faults, MockConfig
from snapshots_mock.clock import ManualClock
from snapshots_mock.seed_facts import TOKEN
from snapshots_mock.testing import running_mock
from tests.contract.runs import run_contract

LINE = re.compile(r"^\[(\w+)\] ([A-Z]+ /\S*): the document says (.+); got (.+)$", re.MULTILINE)
REPRODUCTION = re.compile(r"^Reproduce with:\n    (curl .+)$", re.MULTILINE)


def _curl_status(command: str) -> int:
    """Run a printed reproduction as a user would paste it, with the token in its variable."""
    completed = subprocess.run(
        ["bash", "-c", command + " --silent --output /dev/null --write-out '%{http_code}'"],
        env={"PATH": "/usr/bin:/bin", "VPS_API_TOKEN": TOKEN},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(completed.stdout)


@pytest.fixture(scope="module")
def skip_auth_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Path, Path, str]]:
    """A read-only run over HTTP against a mock that takes any token, or none; its output, its
    summaries, and the mock's URL (kept running for the reproductions)."""
    folder = tmp_path_factory.mktemp("skip-auth")
    summary, step_summary = folder / "summary.md", folder / "step-summary.md"
    step_summary.write_text("earlier step\n", encoding="utf-8")
    config = MockConfig(
        database_url=f"sqlite:///{folder / 'mock.sqlite3'}", faults=Faults(skip_auth=True)
    )
    # A clock at the present time: the reference model wants a new snapshot's created_at near it.
    with running_mock(config, ManualClock(time.time())) as server:
        run = run_contract(
            "reports-skip-auth",
            "--base-url",
            server.url,
            "--summary",
            str(summary),
            "-k",
            "every_operation_needs_a_token or schema_valid_requests",
            env={"VPS_API_TOKEN": TOKEN, "GITHUB_STEP_SUMMARY": str(step_summary)},
        )
        assert run.status == 1, run.output
        assert TOKEN not in run.output
        assert TOKEN not in run.report.text
        # The mock keeps running: the tests run the reproductions against it.
        yield run.output, summary, step_summary, run.report.text


def test_one_line_per_failure_and_a_reproduction_that_sends_what_failed(
    skip_auth_run: tuple[str, Path, Path, str],
) -> None:
    output = skip_auth_run[0]
    lines = LINE.findall(output.partition("contract failures: one line each")[2])
    assert ("ignored_auth", "GET /api/v1/snapshots/", "401 without a valid token", "200 OK") in [
        tuple(line) for line in lines
    ], output
    commands = REPRODUCTION.findall(output)
    assert commands, output
    # The ignored_auth probe that failed sent no token, and neither does its reproduction.
    probes = [c for c in commands if "Authorization" not in c and c.startswith("curl -X GET")]
    assert probes, commands
    for command in commands:
        assert TOKEN not in command
        if "Authorization: Bearer" in command and "contract-tests" not in command:
            assert '-H "Authorization: Bearer $VPS_API_TOKEN"' in command, command


def test_reproductions_run_as_printed(
    skip_auth_run: tuple[str, Path, Path, str], tmp_path: Path
) -> None:
    output = skip_auth_run[0]
    base = re.search(r"http://127\.0\.0\.1:\d+", output)
    assert base is not None
    failures = output.partition("= FAILURES =")[2]
    for block in failures.split("\n\n"):
        line = LINE.search(block)
        command = REPRODUCTION.search(block)
        if line is None or command is None:
            continue
        got = int(line.group(4).split()[0])
        assert _curl_status(command.group(1)) == got, block


def test_markdown_summary_for_the_job_page(skip_auth_run: tuple[str, Path, Path, str]) -> None:
    _, summary, step_summary, _ = skip_auth_run
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Snapshots API contract tests: failed"), text
    assert "[ignored_auth] GET /api/v1/snapshots/" in text
    assert "```sh" in text
    assert (
        '-H "Authorization: Bearer $VPS_API_TOKEN"'
        not in text.split("[ignored_auth] GET")[1].split("```")[1]
    )
    # The table: a row per operation, a column per documented status.
    for operation in ("GET /api/v1/snapshots/", "DELETE /api/v1/snapshots/{snapshot_id}/"):
        assert re.search(rf"^\| `{re.escape(operation)}` \|", text, re.MULTILINE), text
    assert "| operation | 200 | 201 | 204 | 400 | 401 | 404 |" in text
    # $GITHUB_STEP_SUMMARY is appended to, as a job's later steps expect; the same text.
    assert step_summary.read_text(encoding="utf-8") == "earlier step\n" + text


def test_junit_without_hypothesis_padding(skip_auth_run: tuple[str, Path, Path, str]) -> None:
    report = skip_auth_run[3]
    assert "hypothesis-statistics" not in report
    assert "Exception Group Traceback" not in report
    assert '<failure message="[' in report, report[:2000]


def test_a_documented_status_never_answered_fails_the_run() -> None:
    # Without the probes of the server's limits, no call is answered 408, 431 or 503 (413 is:
    # the requests scenario sends a body over the limit): the run against the mock must fail,
    # naming them, and only them.
    run = run_contract("reports-unanswered-statuses", "-k", "not limits_are_answered")
    assert run.status == 1, run.output
    assert run.report.failed == ("test_every_documented_status_was_answered",), run.output
    for missing in ("GET /api/v1/snapshots/ 408", "GET /api/v1/snapshots/ 431", " 503"):
        assert missing in run.report.failure_text
    assert "POST /api/v1/snapshots/ 413" not in run.report.failure_text


def test_schemathesis_invalid_bearer_is_what_findings_shows() -> None:
    # findings.py writes out the invalid token Schemathesis' ignored_auth sends (a private
    # module of Schemathesis): this fails when an upgrade sends another.
    assert _auth_retry.INVALID_AUTH_HEADERS["_bearer_auth"] == findings.SCHEMATHESIS_INVALID_BEARER


@pytest.mark.parametrize(
    ("fault", "line"),
    [
        # A reference-model finding: its rule, and what the model expected from the document.
        (
            "wrong_order",
            "[model:list-order] GET /api/v1/snapshots/: the document says newest first, by "
            "created_at then id",
        ),
        # A schema finding: the keyword that refused the answer, and where.
        (
            "missing_response_field",
            "[response_schema_conformance] GET /api/v1/snapshots/: the document says the response "
            'schema (required); got results/0: "created_at" is a required property',
        ),
    ],
)
def test_a_finding_says_the_rule_and_what_the_document_says(fault: str, line: str) -> None:
    run = run_contract(
        f"reports-{fault}",
        "--mock-fault",
        fault,
        "--mock-no-response-validation",
        "-k",
        "every_operation_needs_a_token",
    )
    assert run.status == 1, run.output
    summary = run.output.partition("contract failures: one line each")[2]
    assert line in summary, summary
