"""The results as Markdown tables, the issue's targets checked, and docs/benchmarks.md updated."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"
HEADLINE = "mock"
BASELINE = "prism"
TEST_COMMAND_MINUTES = 10


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _find(summary: Sequence[dict[str, Any]], server: str, workload: str, c: int) -> dict[str, Any]:
    for entry in summary:
        if (entry["server"], entry["workload"], entry["concurrency"]) == (server, workload, c):
            return entry
    raise KeyError((server, workload, c))


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value and whether it is met."""
    checks: list[dict[str, Any]] = []
    http = results.get("http")
    if http and {HEADLINE, BASELINE} <= set(http["servers"]):
        summary = http["summary"]
        concurrency = sorted({entry["concurrency"] for entry in summary})
        middle = 8 if 8 in concurrency else concurrency[len(concurrency) // 2]
        for workload, wanted in (("list", 2.0), ("create", 1.5)):
            ours = _find(summary, HEADLINE, workload, middle)["rps"]
            prism = _find(summary, BASELINE, workload, middle)["rps"]
            ratio = ours / prism if prism else float("inf")
            checks.append(
                {
                    "target": f"{workload} req/s at concurrency {middle}: mock >= {wanted}x Prism",
                    "measured": f"{ratio:.2f}x ({ours:,.0f} vs {prism:,.0f})",
                    "met": ratio >= wanted,
                }
            )
        for workload in ("list", "create"):
            for c in concurrency:
                ours = _find(summary, HEADLINE, workload, c)["p99_ms"]
                prism = _find(summary, BASELINE, workload, c)["p99_ms"]
                checks.append(
                    {
                        "target": f"{workload} p99 at concurrency {c}: mock < Prism",
                        "measured": f"{ours:.2f} ms vs {prism:.2f} ms",
                        "met": ours < prism,
                    }
                )
        ours = http["servers"][HEADLINE]["peak_rss_mb"]
        prism = http["servers"][BASELINE]["peak_rss_mb"]
        checks.append(
            {
                "target": "peak memory: mock < 1/3 of Prism",
                "measured": f"{ours:.1f} MB vs {prism:.1f} MB ({ours / prism:.2f})",
                "met": ours < prism / 3,
            }
        )
    client = results.get("client")
    if client:
        checks.append(
            {
                "target": "Python client per call <= 1.2x raw httpx",
                "measured": f"{client['ratio']:.2f}x",
                "met": client["ratio"] <= 1.2,
            }
        )
    pipeline = results.get("pipeline")
    if pipeline:
        seconds = pipeline["regenerate"]["seconds"]
        checks.append(
            {
                "target": "regenerate all five targets (warm) < 15 s",
                "measured": f"{seconds:.2f} s",
                "met": seconds < 15,
            }
        )
    command = results.get("test_command")
    # The smoke form runs a subset of the test command: nothing to judge the target by.
    if command and not command["smoke"]:
        seconds = command["total_seconds"]
        checks.append(
            {
                "target": f"whole test command < {TEST_COMMAND_MINUTES} min on 2 cores",
                "measured": f"{seconds / 60:.1f} min ({seconds:.0f} s) on {command['cpus']} CPUs"
                + ("" if command["ok"] else ", a session failed"),
                "met": command["ok"]
                and seconds < TEST_COMMAND_MINUTES * 60
                and command["cpus"] <= 2,
            }
        )
    contract = results.get("contract")
    # The smoke form makes 2 examples per operation and mode: nothing to judge the targets by.
    if contract and not contract["smoke"]:
        for key, target in (
            ("in_process", f"contract suite, in-process mock < {IN_PROCESS_SECONDS} s"),
            ("live_read_only", f"contract suite, read-only at +50 ms < {LIVE_SECONDS} s"),
        ):
            part = contract[key]
            checks.append(
                {
                    "target": target,
                    "measured": f"{part['median_wall_seconds']:.1f} s (median of "
                    f"{len(part['runs'])}; {part['min_wall_seconds']:.1f} to "
                    f"{part['max_wall_seconds']:.1f} s)" + ("" if part["ok"] else ", failed"),
                    "met": part["ok"] and part["max_wall_seconds"] < LIMITS[key],
                }
            )
    return checks


# The contract suite's targets (issue 22), in seconds of the whole command.
IN_PROCESS_SECONDS = 30
LIVE_SECONDS = 120
LIMITS = {"in_process": IN_PROCESS_SECONDS, "live_read_only": LIVE_SECONDS}


def _contract_lines(contract: dict[str, Any]) -> Iterator[str]:
    yield (
        "Contract suite: the whole command in a new interpreter, timed from outside (pytest's own"
        " time from its JUnit XML report); read-only over HTTP against the `snapshots-mock`"
        f" command with every request delayed {contract['latency_ms']:.0f} ms (its opt-in"
        " misbehaviour, a `slow` rule)."
        + (" Smoke form: 2 examples per operation and mode." if contract["smoke"] else "")
    )
    yield ""
    rows = []
    for key, label in (("in_process", "in-process mock"), ("live_read_only", "read-only, +50 ms")):
        for run in contract[key]["runs"]:
            rows.append(
                [
                    label,
                    f"{run['wall_seconds']:.1f}",
                    f"{run['pytest_seconds']:.1f}",
                    f"{run['tests'] - run['skipped'] - run['failures']} passed, "
                    f"{run['skipped']} skipped, {run['failures']} failed",
                    str(run.get("delayed_requests", "")),
                ]
            )
    header = ["contract run", "wall seconds", "pytest seconds", "tests", "requests delayed"]
    yield from _table(header, rows)


def _test_command_lines(command: dict[str, Any]) -> Iterator[str]:
    scope = (
        f"smoke: only the `tests` session, on {command['smoke_tests']}"
        if command["smoke"]
        else "the sessions tagged `test`, one after the other, as `.ci/run` runs them"
    )
    yield (
        f"Test command: `{command['command']}` ({scope}) on a clean `git clone` of"
        f" {command['commit'][:10]}, pinned to {command['cpus']} CPUs; the user-level caches"
        " (uv, pip, npm, Go, Cargo, Maven) as they were (see above)."
    )
    yield ""
    rows: list[list[object]] = [
        ["git clone (not in the total)", f"{command['clone_seconds']:.2f}", ""]
    ]
    rows += [
        [step["step"], f"{step['seconds']:.1f}", "yes" if step["ok"] else "**no**"]
        for step in command["steps"]
    ]
    total = command["total_seconds"]
    rows.append(
        [
            "**total**",
            f"**{total:.1f}** ({total / 60:.1f} min)",
            "yes" if command["ok"] else "**no**",
        ]
    )
    yield from _table(["test command step", "wall seconds", "passed"], rows)
    pytest = command.get("pytest")
    if not pytest:
        return
    outcomes = ", ".join(f"{count} {kind}" for kind, count in pytest["outcomes"].items())
    yield ""
    yield (
        f"pytest ran {pytest['tests']} tests ({outcomes}) on several xdist workers at once; their"
        " durations below are pytest's (setup, call and teardown: a module's fixtures count in"
        f" its first test) and sum to {pytest['summed_seconds']:.0f} s: summed over the workers,"
        f" they can exceed pytest's wall time, {pytest['wall_seconds']:.0f} s of the `tests`"
        " session's (the rest is the session's set-up: its venv, `npm ci`, the client's wheel)."
    )
    yield ""
    yield from _table(
        ["slowest test files (durations summed)", "seconds", "tests"],
        [[f"`{f['file']}`", f"{f['seconds']:.1f}", f["tests"]] for f in pytest["slowest_files"]],
    )
    yield ""
    yield from _table(
        ["slowest tests (setup + call + teardown)", "seconds"],
        [[f"`{t['test']}`", f"{t['seconds']:.1f}"] for t in pytest["slowest_tests"]],
    )


def _http_lines(http: dict[str, Any], settings: dict[str, Any]) -> Iterator[str]:
    summary = http["summary"]
    servers = list(http["servers"])
    yield (
        f"Servers: median of {settings['rounds']} round(s) of {settings['seconds']} s per run"
        f" (after {settings['warmup_seconds']} s of warm-up), wrk with 1 thread, N connections."
        " `create` is a create followed by a delete of what it made (half the requests each)."
    )
    yield ""
    rows = []
    for workload in ("list", "create"):
        for c in sorted({e["concurrency"] for e in summary}):
            prism = next(
                (
                    e
                    for e in summary
                    if (e["server"], e["workload"], e["concurrency"]) == (BASELINE, workload, c)
                ),
                None,
            )
            for server in servers:
                entry = _find(summary, server, workload, c)
                versus = f"{entry['rps'] / prism['rps']:.2f}x" if prism and prism["rps"] else ""
                cpu = entry["server_cpu_us_per_request"]
                rows.append(
                    [
                        workload,
                        c,
                        server,
                        f"{entry['rps']:,.0f}",
                        versus,
                        f"{entry['p50_ms']:.2f}",
                        f"{entry['p99_ms']:.2f}",
                        "" if cpu is None else f"{cpu:.0f}",
                        entry["errors"],
                    ]
                )
    yield from _table(
        [
            "workload",
            "conns",
            "server",
            "req/s",
            "vs Prism",
            "p50 ms",
            "p99 ms",
            "CPU µs/req",
            "errors",
        ],
        rows,
    )
    yield ""
    prism_rss = http["servers"].get(BASELINE, {}).get("peak_rss_mb")
    yield from _table(
        ["server", "peak RSS MB", "vs Prism", "start-up s", "what"],
        [
            [
                name,
                f"{info['peak_rss_mb']:.1f}",
                f"{info['peak_rss_mb'] / prism_rss:.2f}x" if prism_rss else "",
                f"{info['startup_seconds']:.2f}",
                info["description"],
            ]
            for name, info in http["servers"].items()
        ],
    )


def markdown(results: dict[str, Any]) -> str:
    """Every table of `results`, with the machine and the command, as Markdown."""
    machine = results["machine"]
    lines = [
        f"Command: `{results['command']}`",
        "",
        f"Measured {results['finished_at']} on {machine['cpu_count']} CPUs"
        f" ({machine['cpu_model']}),"
        + (" shared by the load generator and the server;" if "http" in results else "")
        + " load average at start"
        f" {' / '.join(str(v) for v in machine['load_average_at_start'])}, at the end"
        f" {' / '.join(str(v) for v in results['load_average_at_end'])}."
        f" Python {machine['python']}, Node {machine['node']}, {machine['wrk']},"
        f" Prism {machine['node_packages'].get('@stoplight/prism-cli')}."
        " Everything else is in the JSON.",
        "",
    ]
    if "http" in results:
        lines.extend(_http_lines(results["http"], results["settings"]["http"]))
        lines.append("")
    client = results.get("client")
    if client:
        lines.extend(
            _table(
                ["call (same request, same mock)", "µs per call", "ratio"],
                [
                    ["raw httpx: get + .json()", f"{client['raw_httpx_us_per_call']:.0f}", "1.00"],
                    [
                        "generated client: list_snapshots.sync",
                        f"{client['client_us_per_call']:.0f}",
                        f"{client['ratio']:.2f}",
                    ],
                ],
            )
        )
        lines.append("")
    pipeline = results.get("pipeline")
    if pipeline:
        lines.extend(
            _table(
                ["pipeline step (warm)", "seconds (median)", "command"],
                [
                    [name, f"{step['seconds']:.2f}", step["command"]]
                    for name, step in pipeline.items()
                ],
            )
        )
        lines.append("")
    command = results.get("test_command")
    if command:
        lines.extend(_test_command_lines(command))
        lines.append("")
    contract = results.get("contract")
    if contract:
        lines.extend(_contract_lines(contract))
        lines.append("")
    checks = results.get("targets", [])
    if checks:
        lines.extend(
            _table(
                ["target", "measured", "met"],
                [[c["target"], c["measured"], "yes" if c["met"] else "**no**"] for c in checks],
            )
        )
    return "\n".join(lines).rstrip() + "\n"


def update_docs(path: Path, table: str) -> None:
    """Replace what lies between the result markers of `path` with `table`."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{path} has no {START} ... {END} section to replace")
    path.write_text(pattern.sub(lambda _: f"{START}\n{table}{END}", text), encoding="utf-8")
