"""A stalled database holds up only the requests that wait for it (issue 24).

A SQLite file locked by another program used to stop the whole worker: the database was called
on the event loop, so a create waiting out the busy timeout (30 s, with no option to change
it) kept an unrelated list, and even a 401, waiting as long. And after PostgreSQL came back
from a restart, each worker answered its next request 503 on its old connection. Both run the
``snapshots-mock`` command as a process, as a user would.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from snapshots_mock import MockConfig
from snapshots_mock.seed_facts import OTHER_SERVER, OTHER_TOKEN, PAGE_SERVER, TOKEN
from tests.mock.helpers import SNAPSHOTS, assert_error, mock_process
from tests.mock.hostile import FIXED_503_MESSAGE
from tests.postgres import PostgresServer

BUSY_TIMEOUT = 2.0


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def locked_sqlite(tmp_path: Path) -> Iterator[tuple[str, sqlite3.Connection]]:
    """A mock on a SQLite file (busy timeout `BUSY_TIMEOUT`), and a way to lock the file."""
    database = tmp_path / "mock.sqlite3"
    with mock_process(
        tmp_path / "mock.log",
        "--database-url",
        f"sqlite:///{database}",
        "--sqlite-busy-timeout",
        str(BUSY_TIMEOUT),
    ) as mock:
        locker = sqlite3.connect(database, isolation_level=None)
        try:
            yield mock.url, locker
        finally:
            locker.close()


def _timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_locked_sqlite_file_holds_up_only_the_write_that_waits_for_it(
    locked_sqlite: tuple[str, sqlite3.Connection],
) -> None:
    url, locker = locked_sqlite
    with httpx.Client(base_url=url, timeout=60) as api:
        assert api.get(SNAPSHOTS, headers=_auth()).status_code == 200  # both connections open
        locker.execute("BEGIN EXCLUSIVE")  # another program's write lock on the file
        with ThreadPoolExecutor(1) as pool:
            body = {"server_id": PAGE_SERVER, "name": "waits-for-the-lock"}
            create = pool.submit(
                _timed, lambda: httpx.post(url + SNAPSHOTS, json=body, headers=_auth(), timeout=60)
            )
            time.sleep(0.3)  # the create is waiting for the lock by now
            # Requests that need no write: a list (the write-ahead log lets it read), a 401 and
            # a 404. Each is answered while the create still waits.
            unrelated = [
                api.get(SNAPSHOTS, headers=_auth(OTHER_TOKEN)),
                api.get(SNAPSHOTS),
                api.get("/api/v1/no-such-path/", headers=_auth()),
            ]
            answered_while_waiting = not create.done()
            response, waited = create.result()
        locker.execute("ROLLBACK")
        assert [r.status_code for r in unrelated] == [200, 401, 404]
        assert answered_while_waiting
        # The create waited the configured busy timeout (not the default), then the 503.
        error = assert_error(response, 503, "service_unavailable")
        assert error["message"] == FIXED_503_MESSAGE
        assert response.headers["retry-after"] == "1"
        assert BUSY_TIMEOUT <= waited < MockConfig().sqlite_busy_timeout
        # Nothing was stored, and the mock writes again once the lock is gone.
        names = [s["name"] for s in api.get(SNAPSHOTS, headers=_auth()).json()["results"]]
        assert "waits-for-the-lock" not in names
        assert api.post(SNAPSHOTS, json=body, headers=_auth()).status_code == 201


def test_the_first_requests_after_a_postgresql_restart_are_served(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    url = postgres_server.new_database("stalls_restart")
    with mock_process(tmp_path / "mock.log", "--database-url", url, "--workers", "2") as mock:

        def round_of_requests(number: int) -> list[int]:
            # Each on a new connection, so that the kernel spreads them over both workers; a
            # list (the reads' connection) and a create (the writes') each time.
            statuses = []
            for n in range(number):
                statuses.append(httpx.get(mock.url + SNAPSHOTS, headers=_auth()).status_code)
                body = {"server_id": OTHER_SERVER, "name": f"after-restart-{n}"}
                created = httpx.post(mock.url + SNAPSHOTS, json=body, headers=_auth(OTHER_TOKEN))
                statuses.append(created.status_code)
                if created.status_code == 201:
                    snapshot = created.json()["id"]
                    deleted = httpx.delete(f"{mock.url}{SNAPSHOTS}{snapshot}/", headers=_auth())
                    # Another account's snapshot: a 404 that still used the writes' connection.
                    statuses.append(deleted.status_code)
                    headers = _auth(OTHER_TOKEN)
                    deleted = httpx.delete(f"{mock.url}{SNAPSHOTS}{snapshot}/", headers=headers)
                    statuses.append(deleted.status_code)
            return statuses

        assert set(round_of_requests(6)) == {200, 201, 404, 204}  # every connection is open
        postgres_server.restart()
        statuses = round_of_requests(6)
    assert 503 not in statuses, statuses
    assert set(statuses) == {200, 201, 404, 204}
