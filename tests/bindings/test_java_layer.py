"""The Java client's hand-written layer (org.vps.snapshots.sdk, from openapi/java-client/layer/)
over real HTTP against a mock started with --misbehaviour: tests/bindings/java/LayerCases.java,
compiled with javac -Xlint:all -Werror against the packaged client, arms the mock, calls the
client and prints one JSON line per case; each is compared here with what docs/clients.md
promises. One build and one run for the whole file."""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from snapshots_mock.seed_facts import (
    FLAKY_SERVER,
    OTHER_COMPLETED_SNAPSHOT,
    OTHER_TOKEN,
    PAGE_SERVER,
    TOKEN,
)
from tests.bindings import builds
from tests.targets import java

SOURCE = Path(__file__).parent / "java" / "LayerCases.java"
ARGUMENTS = (TOKEN, OTHER_TOKEN, PAGE_SERVER, FLAKY_SERVER, OTHER_COMPLETED_SNAPSHOT)


@functools.cache
def cases() -> dict[str, dict[str, Any]]:
    command = java.java_program("layer-cases", "LayerCases", SOURCE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        result = builds.run_against_mock(
            [*command, *map(str, ARGUMENTS)],
            Path(scratch),
            "--misbehaviour",
            "--snapshot-seconds",
            "1",
        )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return {line.pop("case"): line for line in lines}


def case(name: str) -> dict[str, Any]:
    outcome = cases()[name]
    assert outcome.pop("left") == 0, outcome
    return outcome


def test_a_429_with_retry_after_is_retried_after_the_wait_it_names() -> None:
    assert case("429 with Retry-After is retried") == {
        "waited_retry_after": True,
        "outcome": "ok",
        "retries": 1,
    }


def test_a_503_is_retried_with_backoff_and_each_retry_is_logged() -> None:
    assert case("503 is retried") == {"outcome": "ok", "retries": 2}


def test_retries_switch_off() -> None:
    outcome = cases()["retries switched off"]
    assert outcome["outcome"] == "APIStatusError"
    assert (outcome["status"], outcome["code"], outcome["retries"]) == (
        503,
        "service_unavailable",
        0,
    )
    assert outcome["left"] == 1  # the second 503 armed was never asked for


def test_a_create_is_never_sent_twice() -> None:
    outcome = cases()["a create is never sent twice"]
    assert (outcome["outcome"], outcome.get("status"), outcome["retries"]) == (
        "APIStatusError",
        503,
        0,
    )
    assert outcome["left"] == 1


def test_an_html_502_is_a_malformed_response_with_its_status_and_request_id() -> None:
    outcome = case("an HTML 502")
    assert outcome["outcome"] == "MalformedResponseError"
    assert (outcome["status"], outcome["code"], outcome["body_kept"]) == (502, None, True)
    assert outcome["request_id"].startswith("misbehaviour-")


def test_an_unknown_error_code_is_kept_as_a_string() -> None:
    outcome = case("an unknown error code")
    assert outcome["outcome"] == "APIStatusError"
    assert (outcome["status"], outcome["code"], outcome["known_code"]) == (
        400,
        "snapshot_quota_frozen",
        None,
    )


def test_a_documented_error_carries_its_known_code() -> None:
    outcome = case("another account's snapshot: a documented error")
    assert outcome["outcome"] == "APIStatusError"
    assert (outcome["status"], outcome["code"], outcome["known_code"]) == (
        404,
        "snapshot_not_found",
        "snapshot_not_found",
    )
    assert outcome["request_id"] is None


@pytest.mark.parametrize(
    "name", ["a slow answer past the call's timeout", "no answer past the client's timeout"]
)
def test_no_answer_within_the_timeout_is_a_timeout_error(name: str) -> None:
    assert case(name) == {"outcome": "APITimeoutError", "total": False}


def test_the_readme_states_the_defaults() -> None:
    # The defaults as the layer's code holds them (the program prints them), as the README says.
    defaults = case("defaults")
    stated = {
        "connect_timeout_seconds": builds.readme_seconds("java", "DEFAULT_CONNECT_TIMEOUT"),
        "timeout_seconds": builds.readme_seconds("java", "DEFAULT_TIMEOUT"),
        "total_timeout_seconds": builds.readme_seconds("java", "DEFAULT_TOTAL_TIMEOUT"),
    }
    assert {name: defaults[name] for name in stated} == stated
    # Under two minutes, where every attempt of the default policy timing out would not be.
    total = defaults["total_timeout_seconds"]
    assert total < 120 <= (defaults["max_retries"] + 1) * defaults["timeout_seconds"]


def test_a_server_that_never_answers_ends_the_call_at_its_total_timeout() -> None:
    # Attempts of 500 ms, 500 ms and the 200 ms left: two retries, not the policy's three.
    assert cases()["no answer, ended at the call's total timeout"] == {
        "outcome": "APITimeoutError",
        "total": True,
        "retries": 2,
        "left": 10 - 3,
    }


def test_an_answer_whose_body_stalls_ends_at_the_total_timeout() -> None:
    # HttpRequest.timeout stops at the headers: before the total timeout interrupted the
    # attempt, this call waited for the stalled body until the server closed (30 s).
    assert case("an answer whose body stalls") == {"outcome": "APITimeoutError", "total": True}


def test_a_per_call_total_timeout_overrides_the_clients() -> None:
    assert cases()["no answer, a per-call total timeout"] == {
        "outcome": "APITimeoutError",
        "total": True,
        "retries": 0,
        "left": 10 - 1,
    }


def test_a_retry_whose_wait_would_pass_the_total_timeout_is_not_made() -> None:
    outcome = cases()["a Retry-After past the call's total timeout"]
    assert (outcome["outcome"], outcome["status"], outcome["retries"]) == (
        "UndocumentedStatusError",
        429,
        0,
    )
    assert outcome["left"] == 1


def test_a_timed_out_list_is_retried() -> None:
    assert case("a timeout is retried") == {"outcome": "ok", "retries": 1}


def test_a_closed_port_is_a_connection_error() -> None:
    assert case("a closed port") == {"outcome": "APIConnectionError", "total": False}


def test_wait_returns_the_completed_snapshot() -> None:
    assert case("wait: completed") == {"status": "completed", "same_id": True, "outcome": "ok"}


def test_wait_on_the_flaky_server_ends_failed() -> None:
    assert case("wait: failed") == {"outcome": "SnapshotFailedError", "last_status": "failed"}


def test_wait_for_a_snapshot_deleted_meanwhile_ends_gone() -> None:
    assert case("wait: gone") == {"outcome": "SnapshotGoneError", "last_status": "in_progress"}


def test_wait_ends_at_its_deadline_while_in_progress() -> None:
    assert case("wait: deadline") == {
        "outcome": "WaitDeadlineError",
        "last_status": "in_progress",
    }


def test_interrupting_the_waiting_thread_cancels_the_wait() -> None:
    assert case("wait: cancelled") == {"outcome": "CancellationException"}
