"""Run the benchmarks; write the JSON results and the Markdown table; print the table.

``python -m bench.run`` (what ``nox -s bench`` runs) takes about eight minutes with the
defaults. ``--smoke`` runs each benchmark for about a second, to show that it still works, and
is what tests/bench runs. ``--only test-command`` (not a default part: it takes as long as the
test command, minutes) times the README's test command on a clean clone (bench/test_command.py);
``--only contract`` (not a default part either) times the contract suite in process and
read-only over HTTP at 50 ms of added latency (bench/contract_suite.py).
Everything listens on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    client_calls,
    contract_suite,
    machine,
    pipeline,
    report,
    test_command,
    throughput,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
DOCS = ROOT / "docs" / "benchmarks.md"
COMMAND = "python3 scripts/run_nox.py -s bench"
PARTS = ("http", "client", "pipeline")
# Opt-in parts: named with --only.
EXTRA_PARTS = ("test-command", "contract")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=PARTS + EXTRA_PARTS, default=list(PARTS))
    parser.add_argument("--seconds", type=int, default=4, help="length of each load run")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted run before each")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every server")
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(throughput.CONCURRENCY))
    parser.add_argument(
        "--servers", nargs="+", choices=list(throughput.SERVERS), default=list(throughput.SERVERS)
    )
    parser.add_argument("--client-calls", type=int, default=1000, help="calls per block")
    parser.add_argument("--client-blocks", type=int, default=7)
    parser.add_argument("--pipeline-repetitions", type=int, default=3)
    parser.add_argument(
        "--test-command-cores",
        type=int,
        default=test_command.TARGET_CORES,
        help="CPUs the test command is pinned to (at most those this process may use)",
    )
    parser.add_argument(
        "--contract-repetitions", type=int, default=3, help="runs of each contract-suite timing"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="the JSON results")
    parser.add_argument(
        "--docs", type=Path, default=DOCS, help="Markdown file whose results section is replaced"
    )
    parser.add_argument("--no-docs", dest="docs", action="store_const", const=None)
    parser.add_argument(
        "--docs-only",
        action="store_true",
        help="measure nothing: rewrite the docs' table from the results file (--output)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="each benchmark for about a second (checks that they work; the figures mean little)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.seconds, args.warmup, args.rounds, args.concurrency = 1, 0, 1, [8]
        args.client_calls, args.client_blocks, args.pipeline_repetitions = 50, 1, 1
    return args


def _command(args: argparse.Namespace) -> str:
    extra = ["--smoke"] if args.smoke else []
    if args.only != list(PARTS):
        extra += ["--only", *args.only]
    return COMMAND + (" -- " + " ".join(extra) if extra else "")


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {
        "command": _command(args),
        "started_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine.describe(),
        "settings": {},
    }
    if "http" in args.only:
        settings = throughput.Settings(
            seconds=args.seconds,
            warmup_seconds=args.warmup,
            rounds=args.rounds,
            concurrency=args.concurrency,
            servers=args.servers,
        )
        results["settings"]["http"] = {
            "seconds": settings.seconds,
            "warmup_seconds": settings.warmup_seconds,
            "rounds": settings.rounds,
            "concurrency": list(settings.concurrency),
            "wrk_threads": 1,
        }
        results["fairness"] = FAIRNESS
        results["http"] = throughput.run(settings, _log)
    if "client" in args.only:
        results["settings"]["client"] = {"calls": args.client_calls, "blocks": args.client_blocks}
        results["client"] = client_calls.run(args.client_calls, args.client_blocks, _log)
    if "pipeline" in args.only:
        results["settings"]["pipeline"] = {"repetitions": args.pipeline_repetitions}
        results["pipeline"] = pipeline.run(args.pipeline_repetitions, not args.smoke, _log)
    if "test-command" in args.only:
        results["settings"]["test_command"] = {"cores": args.test_command_cores}
        results["test_command"] = test_command.run(args.smoke, args.test_command_cores, _log)
    if "contract" in args.only:
        results["settings"]["contract"] = {"repetitions": args.contract_repetitions}
        results["contract"] = contract_suite.run(args.smoke, args.contract_repetitions, _log)
    results["targets"] = report.targets(results)
    results["load_average_at_end"] = machine.load_average()
    results["finished_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    return results


FAIRNESS = (
    "Both servers get the same requests from the same wrk, one at a time per connection, on"
    " loopback. Prism is stateless (it answers the document's examples) while the mock keeps"
    " state and allows 5 snapshots per server, so the create workload deletes each snapshot it"
    " creates (the next request after a create's answer is the delete of its id; for Prism,"
    " of the example's id): half the requests are creates (201) and half deletes (204) on both"
    " servers, the mock's database stays small, and no create is refused. The creates go"
    " round-robin over 256 servers of the mock's bench seed, with unique names. Each server"
    " runs as one process; Prism's logging is quieted to errors and the mock's access log is"
    " off."
)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.docs_only:
        table = report.markdown(json.loads(args.output.read_text(encoding="utf-8")))
        report.update_docs(args.docs or DOCS, table)
        print(table)
        return 0
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = report.markdown(results)
    if args.docs is not None:
        report.update_docs(args.docs, table)
    print(table)
    _log(f"results written to {args.output}" + (f" and {args.docs}" if args.docs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
