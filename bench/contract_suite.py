"""How long the contract suite takes: against the in-process mock, and read-only over HTTP with
50 ms of added latency per request (issue 22's targets: under 30 s and under 2 minutes).

Both are the suite's command as users run it, ``python -m contract_tests`` in a new
interpreter, timed from outside (imports included), `repetitions` times each; pytest's own
figure comes from the run's JUnit XML report. The live run goes to the ``snapshots-mock``
command, started with its opt-in misbehaviour (``--misbehaviour``) and one rule armed: every
request waits `LATENCY_SECONDS` before it is answered (the ``slow`` answer), which is what a
deployment 50 ms away costs a run that sends one request at a time.

The smoke form (``--smoke``) makes 2 examples per operation and mode, once: the part works,
its figures mean little.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.throughput import ROOT
from snapshots_mock.seed_facts import OTHER_TOKEN, TOKEN
from snapshots_mock.testing import mock_process

LATENCY_SECONDS = 0.05
IN_PROCESS_TARGET_SECONDS = 30
LIVE_TARGET_SECONDS = 120
# Every request, of any method, to any path, waits before it is answered.
SLOW_EVERYTHING = {"method": "*", "path": "*", "answer": "slow", "delay": LATENCY_SECONDS}
ARMED = 10**9


def _suite(report: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    environment = {**os.environ, **(env or {})}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "contract_tests", "--junit-xml", str(report), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    wall = time.perf_counter() - started
    suite = ET.parse(report).getroot()
    if suite.tag == "testsuites":
        suite = suite[0]
    return {
        "wall_seconds": round(wall, 2),
        "pytest_seconds": round(float(suite.get("time", 0)), 2),
        "tests": int(suite.get("tests", 0)),
        "failures": int(suite.get("failures", 0)) + int(suite.get("errors", 0)),
        "skipped": int(suite.get("skipped", 0)),
        "ok": completed.returncode == 0,
        "output_tail": "" if completed.returncode == 0 else completed.stdout[-3000:],
    }


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    walls = [r["wall_seconds"] for r in runs]
    return {
        "runs": runs,
        "min_wall_seconds": min(walls),
        "median_wall_seconds": round(statistics.median(walls), 2),
        "max_wall_seconds": max(walls),
        "ok": all(r["ok"] for r in runs),
    }


def run(smoke: bool, repetitions: int, log: Callable[[str], None]) -> dict[str, Any]:
    examples = ("--max-examples", "2") if smoke else ()
    repetitions = 1 if smoke else repetitions
    results: dict[str, Any] = {
        "smoke": smoke,
        "latency_ms": LATENCY_SECONDS * 1000,
        "max_examples": 2 if smoke else None,
        "in_process_command": "python -m contract_tests" + "".join(f" {a}" for a in examples),
        "live_command": "python -m contract_tests --base-url URL --other-token-env VAR"
        + "".join(f" {a}" for a in examples),
    }
    with tempfile.TemporaryDirectory(prefix="bench-contract-") as scratch:
        folder = Path(scratch)
        in_process = []
        for index in range(repetitions):
            log(f"contract suite in process, run {index + 1}/{repetitions}")
            in_process.append(_suite(folder / f"in-process-{index}.xml", *examples))
        results["in_process"] = _summary(in_process)
        live = []
        for index in range(repetitions):
            log(
                f"contract suite read-only over HTTP at +{LATENCY_SECONDS * 1000:.0f} ms, run "
                f"{index + 1}/{repetitions}"
            )
            database = folder / f"mock-{index}.sqlite3"
            with mock_process(
                folder / f"mock-{index}.log",
                "--database-url",
                f"sqlite:///{database}",
                "--misbehaviour",
            ) as mock:
                rules = f"{mock.url}/_mock/misbehaviour"
                armed = httpx.post(rules, json={**SLOW_EVERYTHING, "times": ARMED}, timeout=30)
                armed.raise_for_status()
                timing = _suite(
                    folder / f"live-{index}.xml",
                    "--base-url",
                    mock.url,
                    "--other-token-env",
                    "BENCH_OTHER_TOKEN",
                    *examples,
                    env={"VPS_API_TOKEN": TOKEN, "BENCH_OTHER_TOKEN": OTHER_TOKEN},
                )
                # How many requests the rule delayed: it counts down from ARMED.
                (left,) = httpx.get(rules, timeout=30).json()
                timing["delayed_requests"] = ARMED - left["times"]
                live.append(timing)
        results["live_read_only"] = _summary(live)
    return results
