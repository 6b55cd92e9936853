"""The suite can fail: each of the mock's fault switches, on its own, makes it fail.

Every run is the whole suite as it runs on every change (same seed, same examples), against the
in-process mock with one `snapshots_mock.Faults` switch on and response validation off (with it
on, the mock turns a fault in an answer's shape into a 500 itself), stopping at the first
failure. A fault counts as detected only when the failure is the one it should cause: the report
must name the check or scenario listed for it. How long detection took is printed at the end of
the test session (and written to reports/contract/tests/faults.txt).
"""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Callable

import pytest

from snapshots_mock import Faults
from snapshots_mock.answer_faults import ANSWER_FAULTS, wrap
from snapshots_mock.handlers import HANDLERS
from snapshots_mock.testing import console_script
from tests import summaries
from tests.contract.runs import Detection, run_contract

# What the report of a run with each fault must mention: the failing check (its name or its
# Schemathesis title) or the scenario that catches it.
DETECTED_BY = {
    "skip_auth": ("API accepts requests without authentication", "unauthorized"),
    # The leaked list is each account's list one after the other, so it is out of order too.
    "leak_other_accounts": ("another account lists our snapshots", "[model rule list-order]"),
    "ignore_limit": ("over the limit of 5", "expected 400 snapshot_limit_reached"),
    "ignore_server_filter": ("list_filter_is_respected",),
    "unfiltered_count": ("list_count_matches_results",),
    "delete_keeps_snapshot": ("deleted_snapshot_is_gone",),
    "restore_does_not_start": ("expected 400 invalid_state, got 200",),
    "wrong_create_status": ("Undocumented status code",),
    "missing_response_field": ('"created_at" is a required property',),
    "mistyped_response_field": ("is not of type",),
    "server_error_on_odd_input": ("Server error",),
    "accept_invalid_name": (
        "expected 400 invalid_parameters",
        "API accepted schema-violating request",
        "does not match",
    ),
    # The answer faults (snapshots_mock.answer_faults): the reference model's own messages.
    "wrong_stored_field": (": description is '",),
    "wrong_order": ("newest first, by created_at then id",),
    "far_created_at": ("(--clock-skew) of the run's clock",),
    "extra_property": ("undocumented property storage_path", "undocumented property results["),
    "status_goes_back": ("a status only moves forward",),
    "size_against_status": ("has no size (the document's rule)",),
    "restore_names_other_snapshot": ("the snapshot asked for",),
    "restore_names_other_server": ("the server of snapshot",),
    "duplicate_in_list": ("each snapshot once",),
    "missing_in_list": ("missing from the list",),
    "created_at_with_offset": ("created_at_is_utc_to_the_second",),
    # The statements of the document's prose about requests and errors (issue 22): the checks'
    # and the scenarios' own messages.
    "details_on_other_errors": ("the document keeps details for invalid_parameters",),
    "framework_error_body": ("expected 404 not_found, got 404 (no error)", "error body"),
    "bad_path_id_not_found": (
        "expected 400 invalid_parameters, got 404 snapshot_not_found",
        "Schema-violating request accepted",
    ),
    "redirect_without_slash": (
        "expected 404 not_found, got 200",
        "expected 404 not_found, got 307",
    ),
    "head_and_options_answered": ("HEAD /api/v1/snapshots/: 204",),
    "repeated_query_parameter_taken": ("expected 400 invalid_parameters, got 200",),
    "unknown_query_parameter_refused": ("an undefined query parameter was not ignored",),
    "duplicate_name_as_invalid": ("expected 400 duplicate_snapshot_name, got 400 invalid_param",),
    "names_case_insensitive": ("names are case-sensitive",),
    "other_server_revealed": ("expected 404 server_not_found, got 400 invalid_state",),
    "duplicate_before_limit": (
        "expected 400 snapshot_limit_reached, got 400 duplicate_snapshot_name",
    ),
    # The rest of the limit, of a create's order of refusals and of refused requests.
    # The limit scenario's refused create after its delete, by the check on every limit refusal
    # (the server lists 4) or by the scenario's own assertion.
    "delete_frees_late": (
        "reached the limit of 5 but lists 4",
        "a delete did not free a place at once",
    ),
    # The 6th create of the restore scenario, whose five have all completed; or sooner that of
    # the limit scenario, when some of its five completed before it (it does not wait).
    "completed_not_counted": (
        "holds 6 snapshots, over the limit of 5",
        "expected 400 snapshot_limit_reached, got 201",
    ),
    # The limit scenario's 6th create, its five in_progress throughout (FAULT_OPTIONS).
    "in_progress_not_counted": (
        "holds 6 snapshots, over the limit of 5",
        "expected 400 snapshot_limit_reached, got 201",
    ),
    # The isolation scenario's delete of the snapshot it has just made (FAULT_OPTIONS).
    "delete_in_progress_refused": ("a snapshot of ours could not be deleted: 400",),
    "limit_before_invalid_state": ("expected 400 invalid_state, got 400 snapshot_limit_reached",),
    "duplicate_before_invalid_state": (
        "expected 400 invalid_state, got 400 duplicate_snapshot_name",
    ),
    "refused_create_stores": ("a request refused with invalid_state changed the snapshots",),
    # The listing after the refusal: the reference model's status-forward rule.
    "refused_restore_requeues": ("a status only moves forward",),
}

# The runs that need more than the switch: the in-process mock's snapshots stay in_progress for
# milliseconds, so one that is wrong only about in_progress snapshots shows only when they last
# longer than the limit scenario's calls (as on a deployment, where they last minutes).
LONG_SNAPSHOTS = ("--mock-snapshot-seconds", "60")
FAULT_OPTIONS = {
    "in_progress_not_counted": LONG_SNAPSHOTS,
    "delete_in_progress_refused": LONG_SNAPSHOTS,
}


def test_every_switch_is_in_the_matrix() -> None:
    assert set(DETECTED_BY) == {field.name for field in dataclasses.fields(Faults)}


def test_faults_are_off_and_out_of_reach() -> None:
    assert Faults().enabled() == ()
    # Not an option of the mock's command either: only MockConfig(faults=...) turns one on.
    completed = subprocess.run(
        [console_script(), "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    options = completed.stdout.lower()
    assert "--fault" not in options
    assert not [f.name for f in dataclasses.fields(Faults) if f.name.replace("_", "-") in options]


def test_the_suite_passes_without_response_validation() -> None:
    # The control: what the fault runs detect comes from the fault, not from validation off.
    run = run_contract("faults-control", "--mock-no-response-validation", "--exitfirst")
    assert run.status == 0, run.output


@pytest.mark.parametrize("fault", sorted(DETECTED_BY))
def test_fault_is_detected(fault: str, record_property: Callable[[str, object], None]) -> None:
    run = run_contract(
        f"fault-{fault}",
        "--mock-fault",
        fault,
        "--mock-no-response-validation",
        "--exitfirst",
        *FAULT_OPTIONS.get(fault, ()),
    )
    assert run.status == 1, run.output
    assert run.report.failed, run.output
    assert any(marker in run.report.failure_text for marker in DETECTED_BY[fault]), run.output
    detection = Detection(run.seconds, run.report.seconds, run.report.failed[0])
    record_property(*summaries.fault_property(fault, detection))


def test_answer_faults_stay_out_of_the_request_path() -> None:
    # Without an answer fault on, the mock dispatches to the handlers themselves: no wrapper,
    # so no fault's branch, in a normal run's request path.
    handlers = {"GET": HANDLERS["listSnapshots"], "POST": HANDLERS["createSnapshot"]}
    assert all(wrap(handlers, Faults())[m] is h for m, h in handlers.items())
    wrapped = wrap(handlers, Faults(wrong_order=True))
    assert all(wrapped[m] is not h for m, h in handlers.items())
    assert set(ANSWER_FAULTS) <= set(DETECTED_BY)
