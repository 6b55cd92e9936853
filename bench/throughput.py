"""Requests per second, latency, CPU and memory of each server under the same wrk load.

Servers (all on 127.0.0.1, one process each):

- ``prism``: Stoplight Prism 5 (``prism mock``, pinned in package-lock.json) serving the same
  document: static answers from its examples, request validation on (its default), logging
  quieted to errors.
- ``mock``: the headline, ``snapshots-mock`` as shipped: request and response validation, state
  in a SQLite file (WAL, ``synchronous=NORMAL``: every acknowledged snapshot survives a crash or
  kill of the mock); only its access log is off, as Prism's is quieted.
- ``mock-full``: the same with ``--sqlite-synchronous FULL`` (survives a power loss too: one
  fsync per write).
- ``mock-no-validation``: the same with ``--no-response-validation`` (requests are still checked).
- ``bare``: `bench.bare`, a Starlette handler with the same answers and no work: the upper bound.

Workloads (bench/lua): ``list`` (GET the page's server's snapshots) and ``create`` (POST a
snapshot, then DELETE it: half the requests each, on every server alike, so that the mock's
5-per-server limit and database size stay level; see create.lua).

Each round starts every server afresh and runs, on it, both workloads at each concurrency (a
warm-up run first, not counted); servers take turns within a round, so a change in the
machine's background load falls on all of them. The figures are the median over rounds; memory
is the highest peak of any round.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import seed, wrk
from bench.processes import RunningServer, free_port, running_server

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
WORKLOADS = ("list", "create")
CONCURRENCY = (1, 8, 64)
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Server:
    name: str
    description: str
    command: Callable[[int, Path], list[str]]


def _mock(*flags: str) -> Callable[[int, Path], list[str]]:
    def command(port: int, workdir: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "snapshots_mock",
            f"--port={port}",
            f"--database-url=sqlite:///{workdir / 'mock.sqlite3'}",
            f"--seed={workdir / 'seed.json'}",
            "--no-access-log",
            "--log-level=warning",
            *flags,
        ]

    return command


def _prism(port: int, _workdir: Path) -> list[str]:
    return [
        str(PRISM),
        "mock",
        "--host=127.0.0.1",
        f"--port={port}",
        "--verboseLevel=error",
        str(OPENAPI),
    ]


def _bare(port: int, _workdir: Path) -> list[str]:
    return [sys.executable, "-m", "bench.bare", f"--port={port}"]


SERVERS = {
    server.name: server
    for server in (
        Server("prism", "Stoplight Prism 5, static examples, logging at error", _prism),
        Server("mock", "snapshots-mock: validation on, SQLite WAL synchronous=NORMAL", _mock()),
        Server(
            "mock-full",
            "snapshots-mock: validation on, SQLite WAL synchronous=FULL",
            _mock("--sqlite-synchronous=FULL"),
        ),
        Server(
            "mock-no-validation",
            "snapshots-mock: response validation off, SQLite NORMAL",
            _mock("--no-response-validation"),
        ),
        Server("bare", "bare Starlette handler: no validation, no database", _bare),
    )
}


@dataclass(frozen=True)
class Settings:
    seconds: int
    warmup_seconds: int
    rounds: int
    concurrency: Sequence[int]
    servers: Sequence[str]


def _load(
    server: RunningServer, workload: str, connections: int, seconds: int, tag: str
) -> dict[str, Any]:
    arguments = (
        (str(seed.FIRST_BENCH_SERVER), str(seed.BENCH_SERVERS), tag) if workload == "create" else ()
    )
    cpu_before = server.cpu_seconds()
    result = wrk.run(server.url, workload, connections, seconds, arguments)
    cpu = server.cpu_seconds() - cpu_before
    server.check_alive()
    cpu_per_request = round(cpu * 1e6 / result.requests, 1) if result.requests else None
    return {
        "requests": result.requests,
        "seconds": round(result.seconds, 3),
        "rps": round(result.rps, 1),
        "p50_ms": result.p50_ms,
        "p90_ms": result.p90_ms,
        "p99_ms": result.p99_ms,
        "max_ms": result.max_ms,
        "errors": result.errors,
        "server_cpu_us_per_request": cpu_per_request,
    }


@dataclass
class _Round:
    """One server's round: its start-up time, its peak memory, and a figure set per run."""

    startup_seconds: float
    peak_rss_bytes: int
    runs: list[dict[str, Any]]


def _round(
    server: Server,
    number: int,
    workdir: Path,
    settings: Settings,
    log: Callable[[str], None],
) -> _Round:
    """Start `server` afresh, run every workload at every concurrency on it, stop it."""
    # A fresh directory each time: a new, empty database for the mock.
    workdir.mkdir()
    seed.write_seed(workdir / "seed.json")
    port = free_port()
    runs = []
    command = server.command(port, workdir)
    with running_server(server.name, command, port, workdir / "server.log", ROOT) as running:
        for workload in WORKLOADS:
            for connections in settings.concurrency:
                tag = f"r{number}c{connections}"
                if settings.warmup_seconds:
                    _load(running, workload, connections, settings.warmup_seconds, tag + "w")
                figures = _load(running, workload, connections, settings.seconds, tag)
                log(
                    f"round {number} {server.name:<20} {workload:<6} c={connections:<3}"
                    f" {figures['rps']:>9.1f} req/s  p50 {figures['p50_ms']:.2f} ms"
                    f"  p99 {figures['p99_ms']:.2f} ms"
                    f"  errors {sum(figures['errors'].values())}"
                )
                runs.append(
                    {
                        "server": server.name,
                        "workload": workload,
                        "concurrency": connections,
                        "round": number,
                        **figures,
                    }
                )
        return _Round(running.startup_seconds, running.peak_rss_bytes(), runs)


def run(settings: Settings, log: Callable[[str], None]) -> dict[str, Any]:
    """Run every server through every workload and concurrency, `settings.rounds` times."""
    rounds: dict[str, list[_Round]] = {name: [] for name in settings.servers}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as scratch:
        for number in range(1, settings.rounds + 1):
            for name in settings.servers:
                workdir = Path(scratch) / f"{name}-{number}"
                rounds[name].append(_round(SERVERS[name], number, workdir, settings, log))
    runs = [entry for done in rounds.values() for one in done for entry in one.runs]
    return {
        "servers": {
            name: {
                "description": SERVERS[name].description,
                "peak_rss_mb": round(max(r.peak_rss_bytes for r in done) / MEGABYTE, 1),
                "startup_seconds": round(statistics.median(r.startup_seconds for r in done), 2),
            }
            for name, done in rounds.items()
        },
        "runs": runs,
        "summary": summarize(runs),
    }


def summarize(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The median over rounds of each server, workload and concurrency."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for entry in runs:
        groups.setdefault((entry["server"], entry["workload"], entry["concurrency"]), []).append(
            entry
        )
    summary = []
    for (server, workload, connections), entries in groups.items():
        cpu = [e["server_cpu_us_per_request"] for e in entries if e["server_cpu_us_per_request"]]
        summary.append(
            {
                "server": server,
                "workload": workload,
                "concurrency": connections,
                "rounds": len(entries),
                "rps": round(statistics.median(e["rps"] for e in entries), 1),
                "p50_ms": round(statistics.median(e["p50_ms"] for e in entries), 3),
                "p99_ms": round(statistics.median(e["p99_ms"] for e in entries), 3),
                "server_cpu_us_per_request": round(statistics.median(cpu), 1) if cpu else None,
                "errors": sum(sum(e["errors"].values()) for e in entries),
            }
        )
    return summary
