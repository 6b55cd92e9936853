"""The shared scenario (scenario.yaml), walked by each target's program over HTTP against a
fresh mock: every step must have the outcome the file expects. tests/summaries.py prints the
table of step x target at the end of the run. The targets are the registry's (scripts/targets/),
each with its test module's scenario() (tests/targets/<name>.py), which builds its program;
docs/clients.md has the recipe for adding one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts import targets
from tests import summaries
from tests.bindings import builds
from tests.scenario import steps
from tests.targets import of

# Each target: how to build its program, returning the command that runs it (the steps file is
# appended).
PROGRAMS: dict[str, Callable[[], list[str]]] = {name: of(name).scenario for name in targets.NAMES}
# Beside the clients, the tools that walk it (the command-line tool, issue 27).
PROGRAMS.update(
    (name, targets.resolve(tool.scenario))
    for name, tool in targets.TOOLS.items()
    if tool.scenario is not None
)


@functools.cache
def program(target: str) -> tuple[str, ...]:
    """Target's command, built once per run: both parts of the scenario run the same program."""
    return tuple(PROGRAMS[target]())


@pytest.mark.parametrize("target", PROGRAMS)
def test_every_step_has_the_expected_outcome(
    target: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    command = program(target)
    steps_file = steps.write_steps(tmp_path / "steps.json")
    result = builds.run_against_mock([*command, str(steps_file)], tmp_path, *steps.MOCK_OPTIONS)
    outcomes = steps.parse_outcomes(result.stdout)
    record_property(*summaries.scenario_property(target, outcomes))
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes == steps.expected()


@pytest.mark.parametrize("target", PROGRAMS)
def test_every_layer_behaves_alike_against_a_misbehaving_mock(
    target: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    # The same program, walking misbehaviour.yaml through the binding's layer.
    command = program(target)
    steps_file = steps.write_steps(tmp_path / "steps.json", steps.MISBEHAVIOUR)
    result = builds.run_against_mock(
        [*command, str(steps_file)], tmp_path, *steps.MISBEHAVIOUR_MOCK_OPTIONS
    )
    outcomes = steps.parse_outcomes(result.stdout)
    record_property(*summaries.scenario_property(target, outcomes))
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes == steps.expected(steps.MISBEHAVIOUR)


def test_the_scenario_covers_what_every_binding_must_show() -> None:
    # The list: a program that skipped one of these would pass a shorter scenario.
    outcomes = set(steps.expected().values())
    for status, code in [
        (400, "snapshot_limit_reached"),
        (400, "duplicate_snapshot_name"),
        (400, "invalid_parameters"),
        (401, "unauthorized"),
        (404, "snapshot_not_found"),
    ]:
        assert any(o.status == status and o.code == code for o in outcomes), code
    calls = {step["call"] for step in steps.load()}
    assert calls == {"listSnapshots", "createSnapshot", "restoreSnapshot", "deleteSnapshot"}


def test_the_misbehaviour_steps_cover_what_every_layer_must_show() -> None:
    # Issue 14's list: retried 429 and 503, a create never resent, an HTML page, an unknown
    # code, an undocumented status, and both ends of a wait.
    wanted = steps.expected(steps.MISBEHAVIOUR).values()
    answers = {step.get("arm", {}).get("answer") for step in steps.load(steps.MISBEHAVIOUR)}
    assert {"rate_limited", "unavailable", "html", "unknown_code"} <= answers
    for error in ("status", "undocumented_status", "malformed_response", "snapshot_failed"):
        assert any(outcome.error == error for outcome in wanted), error
    assert any(o.code == "service_unavailable" and o.left == 1 for o in wanted)
    assert {o.state for o in wanted} >= {"completed"}
