"""The same behaviour on both databases, and the lock that keeps the per-server rules."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from snapshots_mock.seed import load_seed
from snapshots_mock.store import Store
from snapshots_mock.testing import RunningMock, running_mock
from tests.conftest import SNAPSHOT_SECONDS, mock_config
from tests.mock.helpers import (
    assert_error,
    create,
    listing,
    restore_path,
    snapshot_path,
)


@pytest.fixture
def served(database_url: str) -> Iterator[RunningMock]:
    with running_mock(mock_config(database_url)) as mock:
        yield mock


def test_a_whole_story_on_each_database(served: RunningMock) -> None:
    with httpx.Client(base_url=served.url, headers=served.auth()) as api:
        assert [s["id"] for s in listing(api, server_id=12345)] == [801, 798]
        created = create(api, 12345, "before-update-snapshot").json()
        assert (created["id"], created["status"]) == (802, "in_progress")
        assert_error(api.post(restore_path(801)), 400, "invalid_state")
        served.clock.advance(SNAPSHOT_SECONDS)
        assert listing(api, server_id=12345)[0]["size_mb"] == 5240
        assert api.post(restore_path(802)).status_code == 200
        assert_error(create(api, 12345, "while-restoring"), 400, "invalid_state")
        assert api.delete(snapshot_path(802)).status_code == 204
        assert_error(api.delete(snapshot_path(802)), 404, "snapshot_not_found")
        assert create(api, 12346, "next").json()["id"] == 803

        served.reset()
        assert [s["id"] for s in listing(api, server_id=12345)] == [801, 798]
        assert create(api, 12345, "after-reset").json()["id"] == 802


def test_a_write_transaction_holds_its_server_until_it_ends(database_url: str) -> None:
    """A second writer on the same server waits for the first, then sees what it wrote."""
    config = mock_config(database_url)
    seed = load_seed(config.seed_path)
    first, second = Store(config), Store(config)
    first.prepare(seed)
    holding = threading.Event()
    release = threading.Event()
    seen_by_second: list[list[str]] = []

    def first_writer() -> None:
        with first.writing() as writer:
            assert writer.lock_server(1, 12346) is not None
            holding.set()
            release.wait(60)
            writer.insert_snapshot(
                {
                    "server_id": 12346,
                    "name": "written-first",
                    "description": None,
                    "created_at": 0,
                    "ready_at_us": 0,
                    "outcome": "completed",
                    "size_mb": 1,
                }
            )

    def second_writer() -> None:
        with second.writing() as writer:
            writer.lock_server(1, 12346)
            seen_by_second.append(writer.snapshot_names(12346))

    try:
        # Futures, not bare threads: an assertion failing in a writer is raised here as itself,
        # not waited out as a timeout.
        with ThreadPoolExecutor(2) as pool:
            first_done = pool.submit(first_writer)
            while not holding.wait(0.05):
                if first_done.done():
                    first_done.result()
                    raise AssertionError("the first writer ended without holding the lock")
            second_done = pool.submit(second_writer)
            with pytest.raises(TimeoutError):
                second_done.result(timeout=0.5)  # it waits for the first writer's lock
            release.set()
            first_done.result(timeout=60)
            second_done.result(timeout=60)
        assert seen_by_second == [["written-first"]]
    finally:
        release.set()
        first.close()
        second.close()
