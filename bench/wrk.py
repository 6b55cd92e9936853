"""The load generator: wrk (Debian's package), driven by the Lua scripts in bench/lua.

wrk keeps a fixed number of connections busy (HTTP/1.1 keep-alive, one request in flight on
each, the next sent as soon as the answer is in), so "concurrency N" here is N connections.
One wrk thread is used at every concurrency: it drives far more requests than any server here
answers (a bare Starlette app included), and leaves the machine's other core to the server.
Each script ends with bench/lua/report.lua, whose ``done()`` prints the run's numbers as JSON.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scripts import system_deps

LUA = Path(__file__).resolve().parent / "lua"
RESULT_PREFIX = "BENCH_RESULT "
THREADS = 1


@dataclass(frozen=True)
class LoadResult:
    """One wrk run's figures (latencies in milliseconds)."""

    requests: int
    seconds: float
    errors: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def script(workload: str, directory: Path) -> Path:
    """The workload's Lua script with the JSON report appended, written into `directory`."""
    text = (LUA / f"{workload}.lua").read_text() + "\n" + (LUA / "report.lua").read_text()
    path = directory / f"{workload}.lua"
    path.write_text(text)
    return path


def version() -> str:
    # `wrk -v` prints its version line and usage, and exits 1.
    run = subprocess.run(
        [system_deps.ensure("wrk"), "-v"], capture_output=True, text=True, check=False
    )
    first_line = (run.stdout or run.stderr).splitlines()[0]
    return first_line.split(" Copyright")[0].strip()


def run(
    url: str,
    workload: str,
    connections: int,
    seconds: int,
    arguments: Sequence[str] = (),
) -> LoadResult:
    """Load `url` with `workload` over `connections` connections for `seconds` seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as directory:
        command = [
            system_deps.ensure("wrk"),
            f"--threads={THREADS}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={script(workload, Path(directory))}",
            url,
            *(["--", *arguments] if arguments else []),
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            data = json.loads(line[len(RESULT_PREFIX) :])
            latency = {key: value / 1000 for key, value in data["latency_us"].items()}
            return LoadResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1_000_000,
                errors=data["errors"],
                p50_ms=latency["p50"],
                p90_ms=latency["p90"],
                p99_ms=latency["p99"],
                max_ms=latency["max"],
                mean_ms=latency["mean"],
            )
    raise RuntimeError(f"wrk printed no result line:\n{output}")
