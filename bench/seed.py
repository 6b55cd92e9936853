"""The mock's seed data for the benchmarks: the shipped seed plus servers to create on.

The list benchmark asks for the page's server (`seed_facts.PAGE_SERVER`), which keeps the
page's two snapshots (the same two that Prism answers from the document's example). The
create benchmark spreads its creates over `BENCH_SERVERS` more servers of the same account,
which start with no snapshot, so that the 5-per-server limit is never reached (see
bench/lua/create.lua).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from snapshots_mock import seed_facts
from snapshots_mock.config import DEFAULT_SEED

FIRST_BENCH_SERVER = 900_001
# Several times the most connections a run uses (64), and the creates a run leaves behind.
BENCH_SERVERS = 256


def write_seed(path: Path) -> Path:
    """Write the benchmark seed (JSON, which the mock reads as YAML) to `path`; return it."""
    seed: dict[str, Any] = yaml.safe_load(DEFAULT_SEED.read_text(encoding="utf-8"))
    account = next(a for a in seed["accounts"] if a["token"] == seed_facts.TOKEN)
    account["servers"].extend(
        {
            "id": FIRST_BENCH_SERVER + index,
            "name": f"bench-server-{index}",
            "status": "running",
            "disk_used_mb": 1024,
        }
        for index in range(BENCH_SERVERS)
    )
    path.write_text(json.dumps(seed, indent=1), encoding="utf-8")
    return path
