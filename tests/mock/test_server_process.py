"""The ``snapshots-mock`` command as users run it: a process of its own, one or more workers."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

import httpx

from snapshots_mock.testing import console_script
from tests.mock.helpers import (
    OTHER_TOKEN,
    SNAPSHOTS,
    TOKEN,
    MockProcess,
    assert_error,
    listing,
    mock_process,
    snapshot_path,
)

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_it_logs_one_line_per_request_never_a_token_and_stops_on_ctrl_c(
    tmp_path: Path, sqlite_url: str
) -> None:
    with mock_process(tmp_path / "mock.log", "--database-url", sqlite_url) as server:
        requests = [
            ("GET", SNAPSHOTS + "?server_id=12345", TOKEN, 200),
            ("POST", SNAPSHOTS, TOKEN, 201),
            ("GET", SNAPSHOTS, OTHER_TOKEN, 200),
            ("GET", SNAPSHOTS, "A_SECRET_THAT_IS_WRONG", 401),
            ("DELETE", snapshot_path(99999), TOKEN, 404),
            ("PUT", SNAPSHOTS, TOKEN, 405),
        ]
        with httpx.Client(base_url=server.url) as client:
            for method, path, token, status in requests:
                body = {"server_id": 12345, "name": "logged"} if method == "POST" else None
                headers = {"Authorization": f"Bearer {token}"}
                response = client.request(method, path, json=body, headers=headers)
                assert response.status_code == status
        assert server.interrupt() == 0  # Ctrl-C: a clean stop
    log = server.log_text()
    access = [line for line in log.splitlines() if "snapshots_mock.access" in line]
    probe = ("GET", "/", "", 404)  # mock_process's wait for the server to answer
    for line, (method, path, _, status) in zip(access, [probe, *requests], strict=True):
        assert re.search(rf'"{method} {re.escape(path)}" {status} \d+\.\dms$', line), line
    for secret in (TOKEN, OTHER_TOKEN, "A_SECRET_THAT_IS_WRONG", "Bearer"):
        assert secret not in log
    assert "Finished server process" in log
    assert "Traceback" not in log


def test_a_restart_on_the_same_sqlite_file_keeps_every_acknowledged_snapshot(
    tmp_path: Path, sqlite_url: str
) -> None:
    acknowledged: list[int] = []
    with mock_process(tmp_path / "first.log", "--database-url", sqlite_url) as server:
        with httpx.Client(base_url=server.url, headers=AUTH) as client:
            for server_id in (12345, 12345, 12346):
                name = f"kept-{len(acknowledged)}"
                response = client.post(SNAPSHOTS, json={"server_id": server_id, "name": name})
                assert response.status_code == 201
                acknowledged.append(response.json()["id"])
            assert client.delete(snapshot_path(798)).status_code == 204
        # Not even a clean stop: killed, as a crash would.
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
    with (
        mock_process(tmp_path / "second.log", "--database-url", sqlite_url) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        ids = {snapshot["id"] for snapshot in listing(client)}
        assert set(acknowledged) <= ids
        assert 798 not in ids
        assert 801 in ids  # the seed is not loaded again over the kept state


def test_a_restart_keeps_the_state_and_fresh_starts_from_the_seed_data(
    tmp_path: Path, database_url: str
) -> None:
    def start(log: str, *more: str) -> AbstractContextManager[MockProcess]:
        return mock_process(tmp_path / log, "--database-url", database_url, *more)

    def ids(server: MockProcess) -> set[int]:
        with httpx.Client(base_url=server.url) as client:
            return {snapshot["id"] for snapshot in listing(client)}

    body = {"server_id": 12345, "name": "made-before-the-restart"}
    with start("first.log") as server, httpx.Client(base_url=server.url, headers=AUTH) as client:
        made = client.post(SNAPSHOTS, json=body).json()["id"]
        assert client.delete(snapshot_path(798)).status_code == 204
        assert server.interrupt() == 0
    with start("second.log") as server:
        assert made in ids(server)
        assert 798 not in ids(server)
    # Two workers: the database is made fresh once, by the command, not by each worker.
    with start("fresh.log", "--fresh", "--workers", "2") as server:
        seeded = ids(server)
        assert made not in seeded
        assert {801, 798} <= seeded
        with httpx.Client(base_url=server.url, headers=AUTH) as client:
            again = client.post(SNAPSHOTS, json=body)
        assert again.status_code == 201  # the name is free again
        assert again.json()["id"] == made  # and the ids start over
        for _ in range(4):  # whichever worker answers
            assert made in ids(server)


def test_the_help_says_where_the_state_lives_and_how_to_start_clean() -> None:
    result = subprocess.run(
        [console_script(), "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    text = " ".join(result.stdout.split())
    assert "--fresh" in text
    assert "snapshots-mock.sqlite3" in text
    assert "A restart keeps all of it" in text


def _concurrent_creates(server: MockProcess, bodies: list[dict[str, object]]) -> list[int]:
    """POST every body at once, each on its own connection; the statuses."""
    start = threading.Barrier(len(bodies))

    def one(body: dict[str, object]) -> int:
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=60) as client:
            start.wait()
            response = client.post(SNAPSHOTS, json=body)
            if response.status_code != 201:
                assert_error(response, 400, str(response.json()["error"]["code"]))
            return response.status_code

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(one, bodies))


WORKERS = "4"


def test_the_per_server_rules_hold_for_50_concurrent_creates_across_workers(
    tmp_path: Path, database_url: str
) -> None:
    args = ("--database-url", database_url, "--workers", WORKERS)
    with mock_process(tmp_path / "mock.log", *args) as server:
        # 50 names on a server without snapshots: exactly 5 are taken.
        bodies: list[dict[str, object]] = [
            {"server_id": 12346, "name": f"race-{index}"} for index in range(50)
        ]
        statuses = _concurrent_creates(server, bodies)
        assert statuses.count(201) == 5
        assert statuses.count(400) == 45
        # One name 50 times on a server with room for 3 more: it is taken once.
        same: dict[str, object] = {"server_id": 12345, "name": "same-name"}
        statuses = _concurrent_creates(server, [same] * 50)
        assert statuses.count(201) == 1
        with httpx.Client(base_url=server.url) as client:
            stored = listing(client, server_id=12346)
            names = [s["name"] for s in listing(client, server_id=12345)]
        assert len({snapshot["id"] for snapshot in stored}) == len(stored) == 5
        assert names.count("same-name") == 1
    assert "Traceback" not in server.log_text()
