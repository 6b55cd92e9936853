"""The Go client's hand-written layer (openapi/go-client/layer/) over real HTTP, against a mock
started with its opt-in misbehaviour (docs/mock.md): typed errors, timeouts, retries, waiting.

`go_layer/main.go` is built once, as a module of its own with `go vet` and staticcheck like
every Go program here; it arms each case's answers at /_mock/misbehaviour, calls the layer and
prints one JSON line per case. What must happen is written here, not in the program. New
snapshots stay `in_progress` for SNAPSHOT_SECONDS of real time, so the waits are short and the
deadline case is certain.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from snapshots_mock import seed_facts
from snapshots_mock.misbehaviour import ADMIN_PATH, UNKNOWN_CODE
from tests import openapi_document
from tests.bindings import builds
from tests.targets import go

PROGRAM = Path(__file__).parent / "go_layer" / "main.go"
SNAPSHOT_SECONDS = "2"
FACTS = {
    "token": seed_facts.TOKEN,
    "other_token": seed_facts.OTHER_TOKEN,
    "server": seed_facts.PAGE_SERVER,
    "flaky_server": seed_facts.FLAKY_SERVER,
    "snapshot": seed_facts.PAGE_LATEST_SNAPSHOT,
    "admin_path": ADMIN_PATH,
    "list": "/api/v1/snapshots/",
}
# Every line has these unless a case says otherwise: no error, no retry.
SUCCESS = {"error": "none", "retries": 0, "connection_error": False, "snapshots_error": False}


def status_error(kind: str, status: int, code: str, **more: Any) -> dict[str, Any]:
    known = code in openapi_document.load()["components"]["schemas"]["ErrorCode"]["enum"]
    return {
        **SUCCESS,
        "error": kind,
        "snapshots_error": True,
        "status": status,
        "code": code,
        "known_code": known,
        "request_id": more.pop("request_id", True),
        **more,
    }


def connection_error(kind: str, retries: int) -> dict[str, Any]:
    return {**SUCCESS, "error": kind, "connection_error": True, "snapshots_error": True,
            "retries": retries}  # fmt: skip


def wait_error(kind: str, **more: Any) -> dict[str, Any]:
    return {**SUCCESS, "error": kind, "snapshots_error": True, **more}


EXPECTED: dict[str, dict[str, Any]] = {
    # No request: the defaults the README states, and the backoff's and Retry-After's rules.
    "defaults": {
        "timeout": "30s",
        "total_timeout": "1m30s",
        "wait_deadline": "15m0s",
        "max_retries": 3,
        "no_retries": 0,
        "statuses": [429, 503],
        "backoff_bounded": True,
        "backoff_jittered": True,
        "retry_after_seconds": True,
        "retry_after_date": True,
        "retry_after_junk": False,
        "base_url": openapi_document.load()["servers"][0]["url"],
    },
    "429 with Retry-After, retried": {**SUCCESS, "retries": 2, "waits": ["1s", "1s"]},
    "503, retried": {**SUCCESS, "retries": 2},
    "503, retries switched off for the call": status_error(
        "APIStatusError", 503, "service_unavailable"
    ),
    "429 with a Retry-After beyond the limit": status_error(
        "UndocumentedStatusError", 429, "rate_limited"
    ),
    "a create answered 503 is not sent again": status_error(
        "APIStatusError", 503, "service_unavailable", stored=False
    ),
    "an HTML 502": status_error("MalformedResponseError", 502, ""),
    "an unknown error code": status_error("APIStatusError", 400, UNKNOWN_CODE, still_listed=True),
    "a documented 404": status_error("APIStatusError", 404, "snapshot_not_found", request_id=False),
    "an undocumented 500": status_error("UndocumentedStatusError", 500, UNKNOWN_CODE),
    "a slow answer past the call's timeout": connection_error("APITimeoutError", 0),
    "no answer within the client's timeout": connection_error("APITimeoutError", 0),
    "no answer, retried after the timeout": {**SUCCESS, "retries": 1},
    # Attempts of 300 ms, 300 ms and the 200 ms left: two retries, not the policy's three.
    "no answer, ended at the call's total timeout": {
        **connection_error("APITimeoutError", 2),
        "total": True,
        "times_left": 10 - 3,
    },
    "no answer, a per-call total timeout": {
        **connection_error("APITimeoutError", 0),
        "total": True,
    },
    "a Retry-After past the call's total timeout": {
        **status_error("UndocumentedStatusError", 429, "rate_limited"),
        "times_left": 1,
    },
    "an answer whose body stalls": {**connection_error("APITimeoutError", 0), "total": True},
    "a closed port": connection_error("APIConnectionError", 3),
    "a closed port, create": connection_error("APIConnectionError", 0),
    "the generated method, an HTML 502": {
        **status_error("MalformedResponseError", 502, ""),
        "first": "none",
    },
    "wait: completed": {**SUCCESS, "status": "completed"},
    "wait: failed": wait_error("SnapshotFailedError", snapshot_seen=True),
    "wait: deleted meanwhile": wait_error("SnapshotGoneError"),
    "wait: deadline": wait_error("WaitDeadlineError"),
    "wait: cancelled through its context": {**SUCCESS, "error": "context.Canceled"},
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    binary = go.go_program("layer-test", go.go_committed_program(PROGRAM))
    scratch = tmp_path_factory.mktemp("go-layer")
    result = builds.run_against_mock(
        [str(binary), json.dumps(FACTS)],
        scratch,
        "--misbehaviour",
        "--snapshot-seconds",
        SNAPSHOT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return {line.pop("case"): line for line in lines}


def test_every_case_ran(outcomes: dict[str, dict[str, Any]]) -> None:
    assert list(outcomes) == list(EXPECTED)


@pytest.mark.parametrize("case", EXPECTED)
def test_case(outcomes: dict[str, dict[str, Any]], case: str) -> None:
    assert outcomes[case] == EXPECTED[case]


def _go_seconds(duration: str) -> float:
    """Seconds of a Go time.Duration's String() ("30s", "1m30s")."""
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?", duration)
    assert duration
    assert parts is not None, duration
    hours, minutes, seconds = (float(part or 0) for part in parts.groups())
    return hours * 3600 + minutes * 60 + seconds


def test_the_readme_states_the_defaults(outcomes: dict[str, dict[str, Any]]) -> None:
    # The defaults as the layer's code holds them (the program prints them), as the README says.
    defaults = outcomes["defaults"]
    assert _go_seconds(defaults["timeout"]) == builds.readme_seconds("go", "DefaultTimeout")
    total = _go_seconds(defaults["total_timeout"])
    assert total == builds.readme_seconds("go", "DefaultTotalTimeout")
    # Under two minutes, where every attempt of the default policy timing out would not be.
    assert total < 120 <= (defaults["max_retries"] + 1) * _go_seconds(defaults["timeout"])
