"""The Rust client's hand-written layer (SnapshotsClient, SnapshotsError): typed errors,
timeouts, retries and waiting, over real HTTP against a mock started with --misbehaviour.

tests/bindings/rust/layer_cases.rs arms the mock's answers at /_mock/misbehaviour, calls, and
prints one JSON line per case; each test here checks one line. The program is built once (with
clippy -D warnings, beside the README example's crate) and run once per test session.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from snapshots_mock.misbehaviour import UNKNOWN_CODE
from snapshots_mock.seed_facts import FLAKY_SERVER, OTHER_TOKEN, PAGE_SERVER, TOKEN
from tests.bindings import builds
from tests.bindings.builds import ROOT
from tests.targets import rust as rust_tests

SOURCE = Path(__file__).parent / "rust" / "layer_cases.rs"
# A new snapshot stays in_progress this long: long enough for the deadline and cancellation
# cases (0.3 s and 0.5 s), short enough for the completed and failed ones.
SNAPSHOT_SECONDS = "2"


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = rust_tests.rust_binaries(
        "layer-cases", {"layer_cases": SOURCE.read_text(encoding="utf-8")}
    )
    command = [str(folder / "layer_cases"), TOKEN, OTHER_TOKEN, str(PAGE_SERVER), str(FLAKY_SERVER)]
    scratch = tmp_path_factory.mktemp("rust-layer")
    options = ("--misbehaviour", "--snapshot-seconds", SNAPSHOT_SECONDS)
    result = builds.run_against_mock(command, scratch, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return {line["case"]: line["seen"] for line in lines}


def status_error(kind: str, status: int, code: str | None, **more: Any) -> dict[str, Any]:
    return {
        "error": kind,
        "status": status,
        "code": code,
        "known_code": None,
        "request_id": None,
        "body_is_html": False,
        "retries": [],
        **more,
    }


def test_the_defaults_are_the_readmes(cases: dict[str, Any]) -> None:
    # The defaults as the layer's code holds them (the program prints them), as the README says.
    assert cases["defaults"] == {
        "timeout_s": builds.readme_seconds("rust", "DEFAULT_TIMEOUT"),
        "total_timeout_s": builds.readme_seconds("rust", "DEFAULT_TOTAL_TIMEOUT"),
        "connect_timeout_s": builds.readme_seconds("rust", "DEFAULT_CONNECT_TIMEOUT"),
        "max_retries": 3,
        "no_retries": 0,
        "disabled_is_no_retries": True,
    }
    # Under two minutes, where every attempt of the default policy timing out would not be.
    defaults = cases["defaults"]
    assert (
        defaults["total_timeout_s"] < 120 <= (defaults["max_retries"] + 1) * defaults["timeout_s"]
    )


def test_a_server_that_never_answers_ends_the_call_at_its_total_timeout(
    cases: dict[str, Any],
) -> None:
    seen = cases["no answer, ended at the call's total timeout"]
    assert (seen["error"], seen["total"]) == ("Timeout", True)
    # Attempts of 500 ms, 500 ms and the 200 ms left: two retries, not the policy's three.
    assert len(seen["retries"]) == 2
    assert seen["rule_times_left"] == [10 - 3]


def test_an_answer_whose_body_stalls_ends_at_the_total_timeout(cases: dict[str, Any]) -> None:
    seen = cases["an answer whose body stalls"]
    assert seen == {"error": "Timeout", "total": True, "retries": []}


def test_a_retry_whose_wait_would_pass_the_total_timeout_is_not_made(
    cases: dict[str, Any],
) -> None:
    seen = cases["a Retry-After past the call's total timeout"]
    assert (seen["error"], seen["status"], seen["retries"]) == ("UndocumentedStatus", 429, [])
    assert seen["rule_times_left"] == [1]


def test_a_429_is_retried_after_its_retry_after(cases: dict[str, Any]) -> None:
    seen = cases["429 with Retry-After is retried after it"]
    assert seen == {"ok": 2, "retries": ["DEBUG after 429 (Retry-After) (retry 1 of 3) in 1.000 s"]}


def test_a_503_is_retried_with_backoff(cases: dict[str, Any]) -> None:
    seen = cases["503 is retried with backoff"]
    assert seen["ok"] == 2
    assert [line.split(" in ")[0] for line in seen["retries"]] == [
        "DEBUG after 503 (retry 1 of 3)",
        "DEBUG after 503 (retry 2 of 3)",
    ]
    # The tests' policy: 10 ms doubling, less up to half of it in jitter.
    first, second = (float(line.split(" in ")[1].removesuffix(" s")) for line in seen["retries"])
    assert 0.005 <= first <= 0.010
    assert 0.010 <= second <= 0.020


def test_a_failing_delete_is_an_error_after_its_retries(cases: dict[str, Any]) -> None:
    seen = cases["a delete that keeps failing is an error after its retries"]
    assert seen["error"] == "Status"
    assert (seen["status"], seen["code"], seen["known_code"]) == (
        503,
        "service_unavailable",
        "service_unavailable",
    )
    assert seen["request_id"].startswith("misbehaviour-")
    assert len(seen["retries"]) == 2


def test_a_retry_after_beyond_the_limit_is_not_waited_for(cases: dict[str, Any]) -> None:
    seen = cases["a Retry-After beyond the limit is not waited for"]
    # 429 is not a status listSnapshots documents, and rate_limited is not a documented code.
    assert (seen["error"], seen["status"], seen["code"], seen["retries"]) == (
        "UndocumentedStatus",
        429,
        "rate_limited",
        [],
    )


def test_retries_switched_off(cases: dict[str, Any]) -> None:
    seen = cases["retries switched off"]
    assert (seen["error"], seen["status"], seen["retries"]) == ("Status", 503, [])


@pytest.mark.parametrize("operation", ["create", "restore"])
def test_a_create_or_restore_is_never_sent_twice(cases: dict[str, Any], operation: str) -> None:
    seen = cases[f"a {operation} is never sent twice"]
    assert (seen["error"], seen["status"], seen["retries"]) == ("Status", 503, [])
    assert seen["rule_times_left"] == [1]  # armed for 2 requests, 1 was sent


def test_an_html_502_is_a_malformed_response_with_its_status(cases: dict[str, Any]) -> None:
    seen = cases["an HTML 502 is a malformed response"]
    assert seen["request_id"].startswith("misbehaviour-")
    assert seen == status_error(
        "MalformedResponse", 502, None, body_is_html=True, request_id=seen["request_id"]
    )


def test_an_unknown_error_code_is_kept_as_a_string(cases: dict[str, Any]) -> None:
    seen = cases["an unknown error code is kept as a string"]
    assert seen == status_error("Status", 400, UNKNOWN_CODE, request_id=seen["request_id"])


def test_an_undocumented_status_is_its_own_error(cases: dict[str, Any]) -> None:
    seen = cases["an undocumented status is its own error"]
    assert seen == status_error(
        "UndocumentedStatus", 418, UNKNOWN_CODE, request_id=seen["request_id"]
    )


@pytest.mark.parametrize("case", ["a slow answer past the timeout", "no answer times out"])
def test_timeouts(cases: dict[str, Any], case: str) -> None:
    assert cases[case] == {"error": "Timeout", "total": False, "retries": []}


def test_a_list_without_an_answer_is_retried(cases: dict[str, Any]) -> None:
    seen = cases["a list without an answer is retried"]
    assert seen["ok"] == 2
    assert [line.split(" in ")[0] for line in seen["retries"]] == [
        "DEBUG after a timeout (retry 1 of 3)"
    ]


def test_a_closed_port_is_a_connection_error(cases: dict[str, Any]) -> None:
    seen = cases["a closed port is a connection error"]
    assert seen["error"] == "Connection"
    assert [line.split(" in ")[0] for line in seen["retries"]] == [
        "DEBUG after a connection error (retry 1 of 1)"
    ]


def test_a_documented_error_carries_its_code(cases: dict[str, Any]) -> None:
    seen = cases["a documented error carries its code"]
    assert (seen["error"], seen["status"], seen["code"], seen["known_code"]) == (
        "Status",
        400,
        "duplicate_snapshot_name",
        "duplicate_snapshot_name",
    )


def test_wait_returns_the_completed_snapshot(cases: dict[str, Any]) -> None:
    seen = cases["wait: completed"]
    assert seen == {"ok": {"same": True, "status": "completed", "sized": True}, "retries": []}


def test_wait_ends_with_snapshot_failed_on_the_flaky_server(cases: dict[str, Any]) -> None:
    assert cases["wait: failed"] == {"error": "SnapshotFailed", "status": "failed", "retries": []}


def test_wait_ends_with_snapshot_gone_when_deleted_meanwhile(cases: dict[str, Any]) -> None:
    seen = cases["wait: gone"]
    assert seen == {"error": "SnapshotGone", "last_seen": "in_progress", "retries": []}


def test_wait_ends_at_its_deadline(cases: dict[str, Any]) -> None:
    seen = cases["wait: deadline"]
    assert seen == {"error": "WaitDeadline", "last_seen": "in_progress", "retries": []}


def test_dropping_a_wait_cancels_it(cases: dict[str, Any]) -> None:
    assert cases["wait: cancelled by dropping it"] == {"cancelled": True}


def test_each_operation_is_a_method_of_its_name_built_on_its_documented_constant() -> None:
    # The methods are written by hand; the constants of documented.rs are regenerated from the
    # operationIds, so a renamed or removed operation fails the crate's build (above) until the
    # layer follows it.
    from scripts.generator_common import load, operations
    from scripts.targets import rust

    source = (rust.LAYER / "sdk.rs").read_text(encoding="utf-8")
    methods = set(re.findall(r"^    pub async fn (\w+)\(", source, re.MULTILINE))
    names = {
        rust._method_name(operation.operation_id)
        for operation in operations(load(ROOT / "openapi" / "openapi.yaml"))
    }
    assert methods - {"wait_for_snapshot"} == names
    for name in names:
        assert f"documented::{name.upper()}," in source, name
