"""Where the store calls the database: which thread, and what happens when a read meets a lock.

A SQLite read is tried on the event loop first, on a connection that never waits for a lock
(the hop to a thread cost the list more than half its requests a second); everything else runs
in the store's threads, so that nothing waiting for the database holds up the loop (issue 24).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

from snapshots_mock.seed import load_seed
from snapshots_mock.seed_facts import PAGE_SERVER
from snapshots_mock.store import Store
from tests.conftest import mock_config


def _names(store: Store) -> tuple[str, list[str]]:
    """The thread a handler ran in, and the page server's snapshot names it read."""
    with store.reading() as reader:
        rows = reader.snapshots(1, PAGE_SERVER)
    return threading.current_thread().name, [row.name for row in rows]


def _prepared(database_url: str) -> Store:
    config = mock_config(database_url)
    store = Store(config)
    store.prepare(load_seed(config.seed_path))
    return store


async def _run_read_and_write(store: Store) -> tuple[str, str, str]:
    loop_thread = threading.current_thread().name
    read_thread, _ = await store.run(_names, store, writes=False)

    def write(store: Store) -> str:
        with store.writing():
            return threading.current_thread().name

    write_thread = await store.run(write, store, writes=True)
    return loop_thread, read_thread, write_thread


def test_reads_run_on_the_loop_only_on_sqlite(database_url: str) -> None:
    store = _prepared(database_url)
    try:
        loop_thread, read_thread, write_thread = asyncio.run(_run_read_and_write(store))
    finally:
        store.close()
    assert write_thread.startswith("snapshots-writes")
    if store.is_sqlite:
        assert read_thread == loop_thread
    else:  # a PostgreSQL read is a network call, which may wait: never on the loop
        assert read_thread.startswith("snapshots-reads")


class _LockedConnection:
    """A SQLite connection whose every statement finds the file locked, as SQLite reports it
    (the write-ahead log lets readers through another program's write lock, so a real lock
    that stops a reader cannot be taken while the mock holds the file open)."""

    def __init__(self) -> None:
        self.statements = 0

    def cursor(self) -> Any:
        return self

    def execute(self, *_: Any) -> Any:
        self.statements += 1
        raise sqlite3.OperationalError("database is locked")

    def close(self) -> None:
        pass


def test_a_sqlite_read_that_meets_a_lock_on_the_loop_is_read_in_its_lane(sqlite_url: str) -> None:
    store = _prepared(sqlite_url)
    locked = _LockedConnection()

    async def read() -> tuple[str, str, list[str]]:
        store._loop_reads.connection = locked
        thread, names = await store.run(_names, store, writes=False)
        return threading.current_thread().name, thread, names

    try:
        loop_thread, read_thread, names = asyncio.run(read())
    finally:
        store.close()
    assert locked.statements == 1  # tried on the loop once, without waiting
    assert read_thread.startswith("snapshots-reads")
    assert read_thread != loop_thread
    assert names  # the lane read the page server's snapshots
    assert store._loop_reads.connection is None  # the locked connection was dropped
