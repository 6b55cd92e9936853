"""The same --seed sends the same requests; another seed sends others."""

from __future__ import annotations

import re

from tests.contract.runs import run_contract

DIGEST = re.compile(r"requests digest ([0-9a-f]{16})")


def _digest(name: str, seed: str) -> str:
    # The generated cases: the property tests of both modes and the stateful run. The scenarios
    # are fixed, but how many times they look while waiting for a snapshot or a restore to end
    # depends on the machine's load, and so does their number of requests.
    run = run_contract(name, "--seed", seed, "-k", "schema_valid or schema_invalid or linked")
    assert run.status == 0, run.output
    match = DIGEST.search(run.output)
    assert match, run.output
    return match[1]


def test_same_seed_same_requests() -> None:
    first = _digest("repeat-1", "20250116")
    assert _digest("repeat-2", "20250116") == first
    assert _digest("repeat-other-seed", "7") != first
