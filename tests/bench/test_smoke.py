"""Every benchmark of bench/ runs for about a second, so that none of them rots.

The real servers (Prism from node_modules, the mock as a process of its own, the bare Starlette
app), the real load generator (wrk, installed through scripts/system_deps.py when missing) and
the real pipeline commands run, exactly as ``nox -s bench`` runs them, only shorter. The figures
mean nothing at this length and no test looks at them (speed is the benchmark's business, not
the tests'); what is checked is that every part ran and said what it measured.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from bench import report, run, throughput


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """The results of one smoke run, and the Markdown file whose table it replaced."""
    directory = tmp_path_factory.mktemp("bench")
    output = directory / "results.json"
    docs = directory / "benchmarks.md"
    docs.write_text(f"Before.\n\n{report.START}\nold table\n{report.END}\n\nAfter.\n")
    assert run.main(["--smoke", "--output", str(output), "--docs", str(docs)]) == 0
    return json.loads(output.read_text()), docs.read_text()


def test_every_server_answers_both_workloads_without_an_error(
    smoke: tuple[dict[str, Any], str],
) -> None:
    http = smoke[0]["http"]
    assert set(http["servers"]) == set(throughput.SERVERS)
    ran = {(entry["server"], entry["workload"]) for entry in http["summary"]}
    assert ran == {
        (server, workload) for server in throughput.SERVERS for workload in ("list", "create")
    }
    for entry in http["summary"]:
        assert entry["rps"] > 0, entry
        assert entry["errors"] == 0, entry
        assert 0 < entry["p50_ms"] <= entry["p99_ms"], entry
    for name, server in http["servers"].items():
        assert server["peak_rss_mb"] > 0, name


def test_the_client_and_raw_httpx_are_both_timed(smoke: tuple[dict[str, Any], str]) -> None:
    client = smoke[0]["client"]
    assert client["raw_httpx_us_per_call"] > 0
    assert client["client_us_per_call"] > 0
    assert client["ratio"] == pytest.approx(
        client["client_us_per_call"] / client["raw_httpx_us_per_call"], rel=0.01
    )


def test_every_pipeline_step_is_timed(smoke: tuple[dict[str, Any], str]) -> None:
    pipeline = smoke[0]["pipeline"]
    assert set(pipeline) == {"regenerate", "drift_check", "spec_lint"}
    assert all(step["seconds"] > 0 for step in pipeline.values())


def test_the_results_say_what_they_were_measured_on(smoke: tuple[dict[str, Any], str]) -> None:
    results = smoke[0]
    machine = results["machine"]
    assert machine["cpu_count"] == os.cpu_count()
    assert len(machine["load_average_at_start"]) == 3
    assert machine["wrk"].startswith("wrk")
    assert machine["node_packages"]["@stoplight/prism-cli"]
    assert machine["python_packages"]["starlette"]
    assert "delete" in results["fairness"]
    # Every target of the issue is judged, met or not.
    assert len(results["targets"]) == 2 + 2 * 1 + 1 + 1 + 1
    assert all(isinstance(target["met"], bool) for target in results["targets"])


def test_the_markdown_table_replaces_the_old_one(smoke: tuple[dict[str, Any], str]) -> None:
    results, docs = smoke
    assert "old table" not in docs
    assert docs.startswith("Before.\n")
    assert docs.endswith("After.\n")
    assert results["command"] in docs
    for server in throughput.SERVERS:
        assert f"| {server} |" in docs


def test_the_docs_show_the_committed_results() -> None:
    # After a change to the tables' layout: python -m bench.run --docs-only
    committed = json.loads(run.RESULTS.read_text())
    assert report.markdown(committed) in run.DOCS.read_text()
