"""The contract-suite benchmark (bench/contract_suite.py) in its smoke form: both runs happen,
pass, and the live one really is delayed on every request. No figure is judged."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench import report, run


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    directory = tmp_path_factory.mktemp("bench-contract")
    output, docs = directory / "results.json", directory / "benchmarks.md"
    docs.write_text(f"Before.\n\n{report.START}\nold table\n{report.END}\n\nAfter.\n")
    arguments = ["--smoke", "--only", "contract", "--output", str(output), "--docs", str(docs)]
    assert run.main(arguments) == 0
    return json.loads(output.read_text()), docs.read_text()


def test_both_runs_pass(smoke: tuple[dict[str, Any], str]) -> None:
    contract = smoke[0]["contract"]
    assert contract["smoke"]
    for key in ("in_process", "live_read_only"):
        (only,) = contract[key]["runs"]
        assert only["ok"], only["output_tail"]
        assert only["failures"] == 0
    assert contract["live_read_only"]["runs"][0]["skipped"] > 0  # read-only: writes skipped


def test_every_live_request_was_delayed(smoke: tuple[dict[str, Any], str]) -> None:
    (live,) = smoke[0]["contract"]["live_read_only"]["runs"]
    # At least one delayed request per test that ran, and no more than a run can send.
    assert live["tests"] - live["skipped"] <= live["delayed_requests"] < 10_000


def test_the_table_and_no_target_judged_on_a_smoke_run(smoke: tuple[dict[str, Any], str]) -> None:
    results, docs = smoke
    assert "| in-process mock |" in docs
    assert "| read-only, +50 ms |" in docs
    assert not [t for t in results["targets"] if t["target"].startswith("contract suite")]


def test_targets_are_judged_on_a_full_run() -> None:
    run_ = {"wall_seconds": 20.0, "ok": True}
    part = {"runs": [run_], "min_wall_seconds": 20.0, "median_wall_seconds": 20.0}
    results = {
        "contract": {
            "smoke": False,
            "in_process": {**part, "max_wall_seconds": 31.0, "ok": True},
            "live_read_only": {**part, "max_wall_seconds": 90.0, "ok": True},
        }
    }
    met = {t["target"]: t["met"] for t in report.targets(results)}
    assert met == {
        "contract suite, in-process mock < 30 s": False,
        "contract suite, read-only at +50 ms < 120 s": True,
    }
