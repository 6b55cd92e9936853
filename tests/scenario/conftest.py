"""Print the shared scenario's table (step x target) at the end of the run."""

from __future__ import annotations

import pytest

from tests.scenario import steps


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if steps.RESULTS:
        terminalreporter.write_sep("=", "shared scenario (tests/scenario/scenario.yaml)")
        terminalreporter.write_line(steps.table(steps.RESULTS))
