"""The tables printed at the end of the test run: the shared scenario's step x target table and
the contract suite's time to detect each fault of the mock.

Tests hand their results over with pytest's ``record_property`` (the report's
``user_properties``), and tests/conftest.py feeds every report to `record`: reports reach the
process that prints the summary whether the tests ran in it or in pytest-xdist's workers, whose
module globals that process never sees.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.contract.runs import REPORTS, Detection
from tests.scenario import steps

SCENARIO = "scenario-outcomes"
FAULT = "fault-detection"

_scenario: dict[str, dict[str, steps.Outcome]] = {}
_detections: dict[str, Detection] = {}


def scenario_property(target: str, outcomes: dict[str, steps.Outcome]) -> tuple[str, Any]:
    """What `record_property` carries for a target's walk of a steps file."""
    return SCENARIO, (target, {step: dataclasses.asdict(o) for step, o in outcomes.items()})


def fault_property(fault: str, detection: Detection) -> tuple[str, Any]:
    """What `record_property` carries for a fault's detection."""
    return FAULT, (fault, dataclasses.asdict(detection))


def record(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    properties: list[tuple[str, Any]] = list(report.user_properties)
    for name, value in properties:
        if name == SCENARIO:
            target: str = value[0]
            by_step = {step: steps.Outcome(**fields) for step, fields in value[1].items()}
            _scenario.setdefault(target, {}).update(by_step)
        elif name == FAULT:
            _detections[value[0]] = Detection(**value[1])


def write(terminalreporter: pytest.TerminalReporter) -> None:
    if _scenario:
        terminalreporter.write_sep("=", "shared scenario (tests/scenario/scenario.yaml)")
        terminalreporter.write_line(steps.table(_scenario))
    if _detections:
        lines = [
            f"{'fault':<28} {'wall s':>7} {'suite s':>8}  first failing test",
            *(
                f"{fault:<28} {d.wall_seconds:>7.1f} {d.suite_seconds:>8.1f}  {d.first_failure}"
                for fault, d in sorted(_detections.items())
            ),
        ]
        terminalreporter.section("contract suite: time to detect each mock fault")
        for line in lines:
            terminalreporter.write_line(line)
        REPORTS.mkdir(parents=True, exist_ok=True)
        (REPORTS / "faults.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
