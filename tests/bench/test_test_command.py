"""The test-command benchmark (bench/test_command.py), in its smoke form, and its report.

The smoke form really clones HEAD, makes nox's own venv and the tests session's (uv and npm
from their caches, the client's wheel) in the clone, and runs the tests session there on one
small file; the whole command is left to the benchmark (it would run this test inside itself).
What is checked is what ran, what pytest's report says against the test file itself, and the
table; no figure is judged.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bench import report, run, test_command

ROOT = Path(__file__).resolve().parents[2]


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """The results of one smoke run of the part, and the Markdown file it wrote."""
    directory = tmp_path_factory.mktemp("bench-test-command")
    output, docs = directory / "results.json", directory / "benchmarks.md"
    docs.write_text(f"Before.\n\n{report.START}\nold table\n{report.END}\n\nAfter.\n")
    arguments = ["--smoke", "--only", "test-command", "--output", str(output), "--docs", str(docs)]
    assert run.main(arguments) == 0
    return json.loads(output.read_text()), docs.read_text()


def test_the_tests_session_ran_in_a_clone_of_head(smoke: tuple[dict[str, Any], str]) -> None:
    command = smoke[0]["test_command"]
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert command["commit"] == head
    assert command["smoke"] is True
    assert "tests" in command["sessions_tagged_test"]
    assert [step["step"] for step in command["steps"]][1:] == ["tests"]
    assert all(step["ok"] and step["seconds"] > 0 for step in command["steps"]), command
    assert command["ok"] is True
    assert command["total_seconds"] == pytest.approx(
        sum(step["seconds"] for step in command["steps"]), abs=0.1
    )
    # Nothing of a set-up was there before; the session made its own in the clone.
    assert {".venv-nox", ".nox/tests", "node_modules"} <= set(command["made_in_clone"])
    assert command["cpus"] == min(test_command.TARGET_CORES, len(os.sched_getaffinity(0)))


def test_the_junit_report_names_every_test_of_the_file(smoke: tuple[dict[str, Any], str]) -> None:
    pytest_report = smoke[0]["test_command"]["pytest"]
    names = _tests_in(ROOT / test_command.SMOKE_TESTS)
    assert pytest_report["tests"] == len(names)
    assert pytest_report["outcomes"] == {"passed": len(names)}
    session = smoke[0]["test_command"]["steps"][-1]["seconds"]
    assert 0 < pytest_report["wall_seconds"] < session
    (only,) = pytest_report["slowest_files"]
    assert only["file"] == test_command.SMOKE_TESTS
    assert only["tests"] == len(names)
    slowest = pytest_report["slowest_tests"]
    assert len(slowest) == min(test_command.TOP, len(names))
    assert {t["test"] for t in slowest} <= {f"{test_command.SMOKE_TESTS}::{n}" for n in names}
    seconds = [t["seconds"] for t in slowest]
    assert seconds == sorted(seconds, reverse=True)


def test_the_table_is_written_and_no_target_judged_on_a_subset(
    smoke: tuple[dict[str, Any], str],
) -> None:
    results, docs = smoke
    assert "old table" not in docs
    assert docs.startswith("Before.\n")
    assert docs.endswith("After.\n")
    assert results["command"] == f"{run.COMMAND} -- --smoke --only test-command"
    assert results["command"] in docs
    assert "| tests |" in docs
    assert f"`{test_command.SMOKE_TESTS}`" in docs
    assert "slowest test files (durations summed)" in docs
    assert not any("test command" in target["target"] for target in results["targets"])


def test_the_whole_command_is_judged_against_ten_minutes_on_two_cores(
    smoke: tuple[dict[str, Any], str],
) -> None:
    whole = dict(smoke[0]["test_command"], smoke=False)
    for total, cpus, ok, met in (
        (599.0, 2, True, True),
        (601.0, 2, True, False),
        (300.0, 4, True, False),
        (300.0, 2, False, False),
    ):
        (check,) = report.targets(
            {"test_command": dict(whole, total_seconds=total, cpus=cpus, ok=ok)}
        )
        assert check["target"] == "whole test command < 10 min on 2 cores"
        assert check["met"] is met, (total, cpus, ok)


def test_slowest_sums_each_file_and_orders_by_time(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite name="pytest" time="3.1">'
        '<testcase file="tests/a.py" name="test_one" time="1.5"/>'
        '<testcase file="tests/a.py" name="test_two" time="1.0"><skipped/></testcase>'
        '<testcase file="tests/b.py" name="test_three" time="2.0"><failure/></testcase>'
        '<testcase file="tests/c.py" name="test_four" time="0.1"/>'
        "</testsuite></testsuites>"
    )
    result = test_command.slowest(junit, top=2)
    assert result["tests"] == 4
    assert result["outcomes"] == {"failure": 1, "passed": 2, "skipped": 1}
    assert result["summed_seconds"] == 4.6
    assert result["wall_seconds"] == 3.1
    assert result["slowest_files"] == [
        {"file": "tests/a.py", "seconds": 2.5, "tests": 2},
        {"file": "tests/b.py", "seconds": 2.0, "tests": 1},
    ]
    assert result["slowest_tests"] == [
        {"test": "tests/b.py::test_three", "seconds": 2.0},
        {"test": "tests/a.py::test_one", "seconds": 1.5},
    ]
