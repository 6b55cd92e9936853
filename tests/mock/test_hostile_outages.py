"""A database outage under load: 503 with Retry-After and a fixed message, nothing lost.

On PostgreSQL every connection of the database is cut and new ones are refused for a moment
(what clients of a restarting server meet); on SQLite another process holds the database's
write lock past the mock's busy timeout. Either way every answer is documented, a 503 says
nothing of the driver, the mock serves again once the database does, and every snapshot
acknowledged with a 201 is stored.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from snapshots_mock.seed_facts import FLAKY_SERVER, OTHER_SERVER, OTHER_TOKEN
from snapshots_mock.testing import RunningMock
from tests.mock.helpers import SNAPSHOTS, assert_error, listing
from tests.mock.hostile import FIXED_503_MESSAGE, database_url_for, hostile_mock

# The outage lasts until a client has been answered 503 (then a little longer), or at most this
# long: on a loaded machine a fixed window can pass with no write arriving in it.
OUTAGE_SECONDS = 10.0
OUTAGE_AFTER_FIRST_503 = 0.5
CLIENTS = 6


@pytest.fixture(params=["sqlite", "postgresql"])
def outage_mock(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, RunningMock]]:
    url = database_url_for(request.param, request, tmp_path_factory)
    for mock in hostile_mock(url):
        yield url, mock


def _hold(answered_503: threading.Event) -> None:
    if answered_503.wait(OUTAGE_SECONDS):
        time.sleep(OUTAGE_AFTER_FIRST_503)


def _postgres_outage(url: str, stop: threading.Event) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname, port=parts.port, user="postgres", dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        _hold(stop)
        connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def _sqlite_outage(url: str, stop: threading.Event) -> None:
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    _hold(stop)
    connection.execute("ROLLBACK")
    connection.close()


class Load:
    """Clients creating, listing and deleting on the other account's two servers."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: set[int] = set()
        self.deleted: set[int] = set()
        self.statuses: dict[int, int] = {}
        self.answered_503 = threading.Event()

    def run(self, worker: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=30) as api:
            number = 0
            while not self.stop.is_set():
                number += 1
                server = (OTHER_SERVER, FLAKY_SERVER)[number % 2]
                if number % 3 == 0:
                    response = api.get(SNAPSHOTS)
                else:
                    body = {"server_id": server, "name": f"load-{worker}-{number}"}
                    response = api.post(SNAPSHOTS, json=body)
                    if response.status_code == 400:  # 5 per server: make room
                        assert response.json()["error"]["code"] in LIMIT_CODES, response.text
                        self._make_room(api, server)
                self._record(response)

    def _record(self, response: httpx.Response) -> None:
        with self.lock:
            self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
            if response.status_code == 201:
                self.acknowledged.add(response.json()["id"])
        if response.status_code == 503:
            self.answered_503.set()
            error = assert_error(response, 503, "service_unavailable")
            assert error["message"] == FIXED_503_MESSAGE
            assert response.headers["retry-after"] == "1"
        else:
            assert response.status_code in (200, 201, 204, 400), response.text

    def _make_room(self, api: httpx.Client, server: int) -> None:
        response = api.get(SNAPSHOTS, params={"server_id": server})
        if response.status_code != 200:
            return
        for snapshot in response.json()["results"]:
            if snapshot["id"] in self.acknowledged:
                deleted = api.delete(f"{SNAPSHOTS}{snapshot['id']}/")
                if deleted.status_code == 204:
                    with self.lock:
                        self.deleted.add(snapshot["id"])


# A create racing another worker's for the last place, or a name reused after an outage.
LIMIT_CODES = ("snapshot_limit_reached", "duplicate_snapshot_name")


def test_a_database_outage_under_load(
    outage_mock: tuple[str, RunningMock], caplog: pytest.LogCaptureFixture
) -> None:
    url, mock = outage_mock
    caplog.set_level(logging.WARNING, logger="snapshots_mock")
    load = Load(mock.url, OTHER_TOKEN)
    outage = _postgres_outage if url.startswith("postgresql") else _sqlite_outage
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(load.run, n) for n in range(CLIENTS)]
        time.sleep(0.5)
        outage(url, load.answered_503)
        time.sleep(1.0)
        load.stop.set()
        for future in futures:
            future.result()  # an assertion in a client fails the test here, not as a timeout
    assert load.statuses.get(503, 0) > 0, load.statuses
    assert load.statuses.get(201, 0) > 0, load.statuses
    with httpx.Client(base_url=mock.url, timeout=30) as api:
        stored = {s["id"] for s in listing(api, OTHER_TOKEN)}
    assert load.acknowledged - load.deleted <= stored
    # The driver's own words are in the log, where the answers (a fixed message) left them.
    logged = [r.getMessage() for r in caplog.records if "database is unavailable" in r.getMessage()]
    assert logged
    assert any(("Error" in line) for line in logged), logged[:3]
