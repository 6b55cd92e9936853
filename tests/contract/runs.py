"""Running the contract suite as its users do (``python -m contract_tests``), and its reports."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Where CI finds the JUnit XML reports of the runs below (reports/ is not committed).
REPORTS = ROOT / "reports" / "contract" / "tests"
TIMEOUT = 600
SUITE = ROOT / "contract_tests" / "suite.py"
# The suite's tests that write, skipped on a read-only run.
WRITES = {
    "test_snapshot_lifecycle",
    "test_invalid_names_are_refused",
    "test_sixth_snapshot_is_refused",
    "test_restore_puts_server_in_restoring",
    "test_linked_operations",
}
# Run against the in-process mock only: the limits of a server on a network, and the rule that
# every documented status was answered (a deployment's table is reported, not required).
MOCK_ONLY = {"test_limits_are_answered", "test_every_documented_status_was_answered"}


def suite_tests() -> set[str]:
    """The names of the suite's test functions."""
    tree = ast.parse(SUITE.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def names(tests: tuple[str, ...]) -> set[str]:
    return {name.partition("[")[0] for name in tests}


def stored(database: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every row of the mock's snapshots and servers, read from its SQLite file."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        snapshots = connection.execute("SELECT * FROM snapshots ORDER BY id").fetchall()
        servers = connection.execute("SELECT * FROM servers ORDER BY id").fetchall()
    return snapshots, servers


@dataclass(frozen=True)
class Report:
    """What a run's JUnit XML report says."""

    tests: int
    failures: int
    errors: int
    skipped: int
    seconds: float
    failed: tuple[str, ...]
    passed: tuple[str, ...]
    text: str  # the whole file, as written
    failure_text: str  # what the failures and errors say, entities decoded


@dataclass(frozen=True)
class Detection:
    """How long the suite took to fail with one fault on: the whole run (a new interpreter,
    imports included), the suite's own time by its report, and the first failing test."""

    wall_seconds: float
    suite_seconds: float
    first_failure: str


@dataclass(frozen=True)
class Run:
    status: int
    output: str
    seconds: float
    report: Report


def read_report(path: Path) -> Report:
    text = path.read_text(encoding="utf-8")
    suite = ET.fromstring(text)
    if suite.tag == "testsuites":
        suite = suite[0]
    failed, passed, said = [], [], []
    for case in suite.iter("testcase"):
        name = case.get("name", "")
        problems = [*case.iter("failure"), *case.iter("error")]
        said += [f"{p.get('message', '')}\n{p.text or ''}" for p in problems]
        if problems:
            failed.append(name)
        elif case.find("skipped") is None:
            passed.append(name)
    return Report(
        tests=int(suite.get("tests", 0)),
        failures=int(suite.get("failures", 0)),
        errors=int(suite.get("errors", 0)),
        skipped=int(suite.get("skipped", 0)),
        seconds=float(suite.get("time", 0)),
        failed=tuple(failed),
        passed=tuple(passed),
        text=text,
        failure_text="\n".join(said),
    )


def run_contract(name: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """``python -m contract_tests ARGS`` with `env` added; its report is ``REPORTS/NAME.xml``."""
    report = REPORTS / f"{name}.xml"
    report.unlink(missing_ok=True)
    environment = {**os.environ, **(env or {})}
    # Each run is a new interpreter: let it keep its bytecode (and pytest's rewritten modules of
    # the Schemathesis plugin), or every run compiles them again, seconds each.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "contract_tests", "--junit-xml", str(report), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    seconds = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    assert report.exists(), f"no report was written:\n{output}"
    return Run(completed.returncode, output, seconds, read_report(report))


def build_contract_wheel(folder: Path) -> Path:
    """The contract suite's wheel, built into `folder` as ``nox -s build`` builds it."""
    subprocess.run(
        [sys.executable, "-m", "scripts.package_contract", str(folder)],
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    (wheel,) = folder.glob("vps_snapshots_contract-*.whl")
    return wheel


def fresh_venv(folder: Path, *install: Path, pip: bool = False) -> Path:
    """A new virtual environment in `folder` (with pip, for commands that call it), with
    `install` installed by uv, its dependencies resolved as a user's install resolves them;
    its ``bin`` folder."""
    uv = str(Path(sys.executable).with_name("uv"))
    seed = ["--seed"] if pip else []
    subprocess.run(
        [uv, "venv", "--quiet", *seed, "--python", sys.executable, str(folder)], check=True
    )
    if install:
        python = str(folder / "bin" / "python")
        subprocess.run(
            [uv, "pip", "install", "--quiet", "--python", python, *map(str, install)],
            check=True,
            timeout=600,
        )
    return folder / "bin"
