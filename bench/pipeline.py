"""How long the document's pipeline takes: regenerate every client, the drift check, the lint.

Each step is the command the nox sessions run, timed from outside (so interpreter and Node
start-up count, as they do for a user), warm: one run first that is not counted (caches of the
file system, Python's bytecode, npm's), then the median of `repetitions`. Regeneration writes
into a temporary directory (``--generated``), never into the repository's generated/.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.throughput import OPENAPI, ROOT

BIN = Path(sys.executable).parent
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"


def _steps(scratch: Path) -> dict[str, tuple[str, list[Sequence[str]]]]:
    """Each step's name, what it is (as the nox sessions run it), and its commands."""
    python = sys.executable
    return {
        "regenerate": (
            "python -m scripts.regenerate (all five targets)",
            [[python, "-m", "scripts.regenerate", "--generated", str(scratch)]],
        ),
        "drift_check": (
            "python -m scripts.regenerate --check",
            [[python, "-m", "scripts.regenerate", "--check"]],
        ),
        "spec_lint": (
            "openapi-spec-validator, then redocly lint",
            [
                [str(BIN / "openapi-spec-validator"), str(OPENAPI)],
                [str(REDOCLY), "lint", "--format", "stylish", str(OPENAPI)],
            ],
        ),
    }


def _time(commands: Sequence[Sequence[str]]) -> float:
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def run(repetitions: int, warm: bool, log: Callable[[str], None]) -> dict[str, Any]:
    """Each step's median wall time over `repetitions` runs (after one uncounted, if `warm`)."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as scratch:
        for name, (what, commands) in _steps(Path(scratch) / "generated").items():
            if warm:
                _time(commands)
            times = [_time(commands) for _ in range(repetitions)]
            results[name] = {
                "seconds": round(statistics.median(times), 2),
                "runs_seconds": [round(t, 2) for t in times],
                "command": what,
            }
            log(f"pipeline {name}: {results[name]['seconds']:.2f} s (median of {repetitions})")
    return results
