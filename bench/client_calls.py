"""The generated Python client against a raw httpx call of the same request, per call.

Both make the page's list call (``GET /api/v1/snapshots/?server_id=12345`` with the bearer
token) to the same mock server, one call after another on one keep-alive connection, from this
process: the raw call is ``httpx.Client.get(...)`` followed by ``.json()`` (what a user of raw
httpx would do to use the answer); the client's is ``list_snapshots.sync(...)``, which returns
the parsed `SnapshotList`. The client makes its own ``httpx.Client``; the raw one is given the
same base URL, header and timeout. Blocks of calls alternate between the two, so a change in
the machine's load falls on both; the figure is the median block's time per call.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from vps_snapshots_client import AuthenticatedClient
from vps_snapshots_client.api.snapshots import list_snapshots
from vps_snapshots_client.models import SnapshotList

from bench import seed
from bench.processes import free_port, running_server
from bench.throughput import ROOT, SERVERS
from snapshots_mock import seed_facts

TOKEN = seed_facts.TOKEN
SERVER_ID = seed_facts.PAGE_SERVER
PATH = "/api/v1/snapshots/"
TIMEOUT = httpx.Timeout(30.0)


def _per_call_us(call: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) * 1e6 / calls


def run(calls: int, blocks: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Time `blocks` alternating blocks of `calls` calls each way against a fresh mock."""
    with tempfile.TemporaryDirectory(prefix="bench-client-") as scratch:
        workdir = Path(scratch)
        seed.write_seed(workdir / "seed.json")
        port = free_port()
        command = SERVERS["mock"].command(port, workdir)
        with (
            running_server("mock", command, port, workdir / "server.log", ROOT) as server,
            httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=TIMEOUT
            ) as raw,
            AuthenticatedClient(base_url=server.url, token=TOKEN, timeout=TIMEOUT) as client,
        ):

            def raw_call() -> object:
                response = raw.get(PATH, params={"server_id": SERVER_ID})
                response.raise_for_status()
                return response.json()

            def client_call() -> object:
                answer = list_snapshots.sync(client=client, server_id=SERVER_ID)
                if not isinstance(answer, SnapshotList):
                    raise TypeError(f"the client answered {answer!r}")
                return answer

            # Both give the same snapshots, or the comparison means nothing.
            raw_ids = [snapshot["id"] for snapshot in raw_call()["results"]]  # type: ignore[index]
            answer = client_call()
            assert isinstance(answer, SnapshotList)
            if raw_ids != [snapshot.id for snapshot in answer.results]:
                raise AssertionError("the client and raw httpx saw different snapshots")
            warmup = max(calls // 5, 10)
            _per_call_us(raw_call, warmup)
            _per_call_us(client_call, warmup)
            raw_times, client_times = [], []
            for block in range(blocks):
                raw_times.append(_per_call_us(raw_call, calls))
                client_times.append(_per_call_us(client_call, calls))
                log(
                    f"client block {block + 1}: raw httpx {raw_times[-1]:.0f} us/call,"
                    f" generated client {client_times[-1]:.0f} us/call"
                )
    raw_us = statistics.median(raw_times)
    client_us = statistics.median(client_times)
    return {
        "request": f"GET {PATH}?server_id={SERVER_ID}",
        "calls_per_block": calls,
        "blocks": blocks,
        "raw_httpx_us_per_call": round(raw_us, 1),
        "client_us_per_call": round(client_us, 1),
        "ratio": round(client_us / raw_us, 3),
        "raw_blocks_us": [round(t, 1) for t in raw_times],
        "client_blocks_us": [round(t, 1) for t in client_times],
    }
