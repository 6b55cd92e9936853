"""Running the contract suite as its users do (``python -m contract_tests``), and its reports."""

from __future__ import annotations

import os
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
