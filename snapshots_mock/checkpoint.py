"""SQLite's write-ahead log, copied into the database file by a thread beside the event loop.

Copying the log into the database file (a checkpoint, with two fsyncs) is mostly done by a
thread of its own, twenty times a second, rather than by whichever request's commit crossed
SQLite's threshold of 1,000 pages: that request, and every request queued behind it on the
event loop, waited for the disk, and under a steady stream of creates that set the 99th
percentile (docs/benchmarks.md). What a commit guarantees is unchanged: it is in the log before
the answer.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snapshots_mock.store import Store

# How often the checkpoint thread runs. A checkpoint cannot finish while writes keep coming, and
# only a finished one lets the log start again from its beginning: so the serving connection
# still checkpoints by itself, but at 10,000 pages of log instead of SQLite's 1,000, and then
# finds nearly all of it already copied.
CHECKPOINT_SECONDS = 0.05
SERVING_AUTOCHECKPOINT_PAGES = 10_000


class Checkpointer(threading.Thread):
    """Checkpoints a SQLite database's write-ahead log every `CHECKPOINT_SECONDS`.

    A PASSIVE checkpoint copies what it can without waiting for, or holding up, the serving
    connection's reads and writes; the stdlib driver lets go of the GIL while SQLite works, so
    the copying and the fsync happen beside the event loop, not in it.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(name="snapshots-mock-checkpoint", daemon=True)
        self.store = store
        self._stopping = threading.Event()

    def run(self) -> None:
        connection = self.store.connect()
        try:
            while not self._stopping.wait(CHECKPOINT_SECONDS):
                # Busy (another worker's checkpoint) or locked: the next round catches up.
                with contextlib.suppress(*self.store.dialect.errors):
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join()
