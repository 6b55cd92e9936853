"""The contract tests print how long the suite took to detect each fault of the mock."""

from __future__ import annotations

import pytest

from tests.contract.runs import DETECTIONS, REPORTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not DETECTIONS:
        return
    lines = [
        f"{'fault':<28} {'wall s':>7} {'suite s':>8}  first failing test",
        *(
            f"{fault:<28} {d.wall_seconds:>7.1f} {d.suite_seconds:>8.1f}  {d.first_failure}"
            for fault, d in sorted(DETECTIONS.items())
        ),
    ]
    terminalreporter.section("contract suite: time to detect each mock fault")
    for line in lines:
        terminalreporter.write_line(line)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "faults.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
