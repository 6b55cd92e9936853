"""The contract suite: pytest tests, run by ``python -m contract_tests`` with its plugin.

The scenarios come first: they are deterministic and cheap, so a broken rule fails the run
early. Then the property tests of every operation, positive and negative, and the stateful run.
The fixtures (``contract_target``, the schemas, the scenarios' ``contract_api``) and the cleanup
after each test are in `contract_tests.plugin`.
"""

from __future__ import annotations

import time
from typing import Any

import hypothesis
import pytest
from schemathesis import Case, Response
from schemathesis.core.failures import FailureGroup

from contract_tests import findings, limits, scenarios, statuses
from contract_tests.api import Api
from contract_tests.document import RESTORE
from contract_tests.plugin import RunSettings, cleanup, run_settings
from contract_tests.target import MOCK_SNAPSHOT_SECONDS, Target, active

# Built when pytest imports the suite, after the plugin has read the options: Schemathesis'
# fixture-based schema (`schemathesis.pytest.from_fixture`) reads `Node._nodeid`, which pytest
# 9.2 no longer has, so the schemas are made here instead.
_TARGET = active()
assert _TARGET is not None, "run the suite with its plugin: python -m contract_tests"
positive = run_settings().schema(_TARGET, "positive")
negative = run_settings().schema(_TARGET, "negative")


def _writes(target: Target) -> None:
    if not target.allow_writes:
        pytest.skip("read-only run: writes need --allow-writes --disposable-server-id ID")


def test_every_operation_needs_a_token(contract_api: Api, contract_target: Target) -> None:
    scenarios.every_operation_needs_a_token(contract_api, contract_target)


def test_requests_are_answered_as_documented(contract_api: Api, contract_target: Target) -> None:
    scenarios.requests_are_answered_as_documented(contract_api, contract_target)


def test_list_is_consistent(contract_api: Api, contract_target: Target) -> None:
    scenarios.list_is_consistent(contract_api, contract_target)


def test_others_see_nothing_of_ours(contract_api: Api, contract_target: Target) -> None:
    if contract_target.other_token is None:
        pytest.skip("no second account: pass --other-token-env VAR")
    scenarios.others_see_nothing_of_ours(contract_api, contract_target, contract_target.other_token)


def test_snapshot_lifecycle(contract_api: Api, contract_target: Target) -> None:
    _writes(contract_target)
    scenarios.snapshot_lifecycle(contract_api, contract_target)


def test_invalid_names_are_refused(contract_api: Api, contract_target: Target) -> None:
    _writes(contract_target)
    scenarios.invalid_names_are_refused(contract_api, contract_target)


def test_sixth_snapshot_is_refused(contract_api: Api, contract_target: Target) -> None:
    _writes(contract_target)
    scenarios.sixth_snapshot_is_refused(contract_api, contract_target)


def test_restore_puts_server_in_restoring(contract_api: Api, contract_target: Target) -> None:
    _writes(contract_target)
    if not contract_target.allow_restore:
        pytest.skip("restores overwrite the server's data: they need --allow-restore")
    scenarios.restore_puts_server_in_restoring(contract_api, contract_target)


@positive.parametrize()
def test_schema_valid_requests(case: Case[Any], contract_target: Target) -> None:
    findings.call_and_validate(case, contract_target.token.header())


@negative.parametrize()
def test_schema_invalid_requests(case: Case[Any], contract_target: Target) -> None:
    findings.call_and_validate(case, contract_target.token.header())


def test_linked_operations(contract_target: Target, contract_settings: RunSettings) -> None:
    """Schemathesis' stateful run along the document's links: create, then restore and delete
    the snapshot created (the checks list it after the create and after the delete)."""
    _writes(contract_target)
    schema = contract_settings.schema(contract_target, "positive", stateful=True)
    headers = contract_target.token.header()

    class LinkedOperations(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case[Any]) -> dict[str, object]:
            return {"headers": headers}

        # Hypothesis requires each scenario to behave the same for the same draws, and which
        # steps can follow depends on the API's answers: each scenario starts from the same
        # state, the in-process mock reset, anything else cleaned of what the last one created.
        def setup(self) -> None:
            if contract_target.reset is not None:
                contract_target.reset()
                contract_target.tracker.forget_all()

        def teardown(self) -> None:
            cleanup(contract_target, schema)

        def validate_response(
            self, response: Response, case: Case[Any], *args: Any, **kwargs: Any
        ) -> None:
            try:
                super().validate_response(response, case, *args, **kwargs)
            except FailureGroup as group:
                findings.attach(group, case, response)
                raise

        def before_call(self, case: Case[Any]) -> None:
            # The link restores the snapshot just created, still in_progress; on the in-process
            # mock, wait the few milliseconds it takes to complete so that the restore can also
            # succeed (elsewhere a snapshot takes longer than a scenario: restores are refused).
            if contract_target.reset is not None and case.operation.path == RESTORE:
                time.sleep(MOCK_SNAPSHOT_SECONDS)

    LinkedOperations.run(
        settings=hypothesis.settings(
            max_examples=contract_settings.stateful_examples,
            stateful_step_count=6,
            deadline=None,
            database=None,
            # No shrinking, as for the property tests (contract_tests.schema).
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            report_multiple_bugs=False,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


def test_limits_are_answered(contract_target: Target) -> None:
    """Each operation past the limits of a server on a network (431, 408, 503) and the create
    past the body's (413): the documented status and error code (`contract_tests.limits`)."""
    if contract_target.live:
        pytest.skip("a deployment's limits are not probed: --hostile-inputs sends what is harmless")
    answers = limits.probe_the_mock(contract_target.token.token)
    for answer in answers:
        contract_target.observed[(answer.operation, answer.status)] += 1
    wrong = [
        f"{a.operation}: expected {a.expected} {limits.CODES[a.expected]}, got {a.status} {a.code}"
        for a in answers
        if not a.as_documented
    ]
    assert not wrong, "; ".join(wrong)


def test_every_documented_status_was_answered(contract_target: Target) -> None:
    """Last: against the mock, every status the document lists for an operation was answered by
    some call of the run; a status never produced is a part of the document the suite never
    saw the API keep. Elsewhere the table of statuses is reported only (a deployment's database
    does not fail on request)."""
    if contract_target.live:
        pytest.skip("a deployment: the statuses answered are reported, not required")
    missing = statuses.never_answered(contract_target.observed)
    assert not missing, "documented statuses the run never saw answered: " + ", ".join(missing)
