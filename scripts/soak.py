"""Soak the mock server: minutes of mixed load with hostile requests and a database restart.

    python -m scripts.soak [--minutes 10] [--clients 16] [--workers 2]

Starts a throwaway PostgreSQL and ``snapshots-mock --workers N`` on it, then for the given
minutes runs clients that list, create, restore and delete snapshots on both seed accounts,
one client that sends the hostile cases of tests/mock/test_hostile_*.py in turn (deep nesting,
control characters, oversized headers, half-sent and idle connections, encoded slashes, two
tokens), and, half-way, restarts PostgreSQL. It prints the requests sent, the answers by status,
the errors by class (a connection refused, a timeout...), the peak memory of the mock's
processes, and the acknowledged snapshots lost (acknowledged with a 201, not deleted with a 204,
and not listed at the end), which must be 0. It exits 1 if any was lost, or if any answer was a
status the document does not give for that request (a 500, say).
"""

from __future__ import annotations

import argparse
import collections
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from snapshots_mock.seed_facts import (
    OTHER_SERVER,
    OTHER_TOKEN,
    PAGE_SERVER,
    STOPPED_SERVER,
    TOKEN,
)
from snapshots_mock.testing import mock_process
from tests.postgres import running_postgres

SNAPSHOTS = "/api/v1/snapshots/"
# Statuses the document gives for the load's requests; anything else is a failure.
DOCUMENTED = {200, 201, 204, 400, 404, 503}
SERVERS = {TOKEN: (PAGE_SERVER, STOPPED_SERVER), OTHER_TOKEN: (OTHER_SERVER,)}


class Tally:
    """What the clients saw, shared between their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.statuses: collections.Counter[int] = collections.Counter()
        self.errors: collections.Counter[str] = collections.Counter()
        self.acknowledged: dict[int, str] = {}  # id -> token
        self.deleted: set[int] = set()
        self.undocumented: list[str] = []

    def answer(self, what: str, response: httpx.Response, expected: set[int] = DOCUMENTED) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[response.status_code] += 1
            if response.status_code not in expected:
                self.undocumented.append(f"{what}: {response.status_code} {response.text[:200]}")

    def error(self, error: Exception) -> None:
        with self.lock:
            self.requests += 1
            self.errors[type(error).__name__] += 1


def client(url: str, token: str, number: int, tally: Tally, stop: threading.Event) -> None:
    servers = SERVERS[token]
    mine: list[int] = []
    step = 0
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as api:
        while not stop.is_set():
            step += 1
            server = servers[step % len(servers)]
            try:
                if step % 4 == 0:
                    response = api.get(SNAPSHOTS)
                    tally.answer("list", response)
                elif step % 4 in (1, 2):
                    body = {"server_id": server, "name": f"soak-{number}-{step}"}
                    response = api.post(SNAPSHOTS, json=body)
                    tally.answer("create", response)
                    if response.status_code == 201:
                        snapshot_id = response.json()["id"]
                        mine.append(snapshot_id)
                        with tally.lock:
                            tally.acknowledged[snapshot_id] = token
                elif mine:
                    snapshot_id = mine.pop(0)
                    if step % 8 == 3:
                        response = api.post(f"{SNAPSHOTS}{snapshot_id}/restore/")
                        tally.answer("restore", response)
                        mine.append(snapshot_id)
                    else:
                        response = api.delete(f"{SNAPSHOTS}{snapshot_id}/")
                        tally.answer("delete", response)
                        if response.status_code == 204:
                            with tally.lock:
                                tally.deleted.add(snapshot_id)
                        elif response.status_code != 404:
                            mine.append(snapshot_id)
            except httpx.HTTPError as error:
                tally.error(error)
                time.sleep(0.1)


def _raw(url: str, data: bytes, wait: float = 0) -> None:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(data)
            if wait:
                time.sleep(wait)
            while sock.recv(65536):
                pass
        except OSError:
            pass


def hostile(url: str, tally: Tally, stop: threading.Event) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    nested = "[" * 300 + "]" * 300
    deep = f'{{"server_id":{PAGE_SERVER},"name":"deep","description":{nested}}}'
    # Each case with the statuses the document gives it (503: the database was restarting).
    cases: list[tuple[set[int], Callable[[httpx.Client], object]]] = [
        ({400}, lambda api: api.post(SNAPSHOTS, content=deep, headers=auth)),
        (
            {400},
            lambda api: api.post(
                SNAPSHOTS,
                json={"server_id": PAGE_SERVER, "name": "n1", "description": "a\u0000b"},
                headers=auth,
            ),
        ),
        ({405}, lambda api: api.post(f"{SNAPSHOTS}798%2Frestore/", headers=auth)),
        ({401}, lambda api: api.get(SNAPSHOTS, headers=[("Authorization", f"Bearer {TOKEN}")] * 2)),
        ({404}, lambda api: api.get("/x%0aFORGED/")),
        ({431}, lambda api: api.get(SNAPSHOTS, headers={"X-Big": "a" * 100_000})),
        (set(), lambda api: _raw(url, b"GET /api/v1/snap")),  # half a request line: a 408
        (set(), lambda api: _raw(url, b"")),  # idle: closed after the keep-alive timeout
    ]
    with httpx.Client(base_url=url, timeout=60) as api:
        turn = 0
        while not stop.is_set():
            expected, case = cases[turn % len(cases)]
            turn += 1
            try:
                result = case(api)
                if isinstance(result, httpx.Response):
                    tally.answer(f"hostile case {turn % len(cases)}", result, expected | {503})
            except httpx.HTTPError as error:
                tally.error(error)
            time.sleep(0.05)


def _memory_of_group(group: int) -> int:
    """The resident memory of every process of the process group, in bytes."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rpartition(")")[2].split()
            if int(fields[2]) != group:  # pgrp
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def soak(minutes: float, clients: int, workers: int) -> int:
    tally = Tally()
    stop = threading.Event()
    peak = 0
    with running_postgres() as postgres, tempfile.TemporaryDirectory() as directory:
        database = postgres.new_database("soak")
        log = Path(directory) / "mock.log"
        with mock_process(log, "--database-url", database, "--workers", str(workers)) as mock:
            threads = [
                threading.Thread(target=client, args=(mock.url, token, n, tally, stop))
                for n in range(clients)
                for token in ((TOKEN, OTHER_TOKEN)[n % 2],)
            ]
            threads.append(threading.Thread(target=hostile, args=(mock.url, tally, stop)))
            for thread in threads:
                thread.start()
            started = time.monotonic()
            end = started + minutes * 60
            restarted = False
            while time.monotonic() < end:
                peak = max(peak, _memory_of_group(mock.process.pid))
                if not restarted and time.monotonic() > started + minutes * 30:
                    print("soak: restarting PostgreSQL", flush=True)
                    postgres.restart()
                    restarted = True
                time.sleep(0.5)
            stop.set()
            for thread in threads:
                thread.join(120)
            with httpx.Client(base_url=mock.url, timeout=30) as api:
                stored: set[int] = set()
                for token in (TOKEN, OTHER_TOKEN):
                    response = api.get(SNAPSHOTS, headers={"Authorization": f"Bearer {token}"})
                    stored |= {s["id"] for s in response.json()["results"]}
            alive = mock.process.poll() is None
    lost = sorted(set(tally.acknowledged) - tally.deleted - stored)
    print(
        f"soak: {minutes:g} minutes, {clients} clients + 1 hostile, {workers} workers, PostgreSQL"
    )
    print(f"requests: {tally.requests}")
    print("answers by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.items())))
    print("errors by class: " + (", ".join(f"{k}: {n}" for k, n in tally.errors.items()) or "none"))
    print(f"peak memory of the mock's processes: {peak / 1e6:.1f} MB")
    print(f"acknowledged snapshots: {len(tally.acknowledged)}, lost: {len(lost)} {lost[:10]}")
    print(f"undocumented answers: {len(tally.undocumented)} {tally.undocumented[:5]}")
    print(f"mock still running at the end: {alive}")
    return 1 if lost or tally.undocumented or not alive else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--clients", type=int, default=16, help="load clients (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="mock workers (default 2)")
    args = parser.parse_args(argv)
    if not args.minutes > 0:
        parser.error("--minutes must be more than 0")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    return soak(args.minutes, args.clients, args.workers)


if __name__ == "__main__":
    raise SystemExit(main())
