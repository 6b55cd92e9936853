"""Where the mock's time comes from: the system clock, or a manual one that tests move.

Snapshot and restore lifecycles are derived from stored timestamps and the clock's present
reading, so there is no background worker, and a test moves time with `ManualClock.advance`
instead of sleeping.
"""

from __future__ import annotations

import functools
import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """A source of the present time, in seconds since the Unix epoch (UTC)."""

    def now(self) -> float: ...


class SystemClock:
    """The machine's wall clock."""

    def now(self) -> float:
        return time.time()


# The moment of the original page's create example (snapshot 802 at 2025-01-16T16:15:00Z):
# a manual clock starts here so that the page's examples are answered exactly as printed.
PAGE_TIME = datetime(2025, 1, 16, 16, 15, tzinfo=UTC).timestamp()


class ManualClock:
    """A clock that stands still until `advance` or `set` moves it; safe across threads."""

    def __init__(self, start: float = PAGE_TIME) -> None:
        self._lock = threading.Lock()
        self._start = start
        self._now = start

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds` (not backward: a clock that goes back is no clock)."""
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            self._now += seconds

    def set(self, moment: float) -> None:
        """Put the clock at `moment` (seconds since the epoch)."""
        with self._lock:
            self._now = moment

    def rewind(self) -> None:
        """Back to the time the clock started at (a test reset does this)."""
        self.set(self._start)


# A pure function of the stored second, asked for the same few snapshots' times by every list:
# a hit costs a tenth of strftime (docs/benchmarks.md). At most 1,024 strings are kept, some
# 200 KB.
@functools.lru_cache(maxsize=1024)
def format_timestamp(seconds: int) -> str:
    """An API timestamp: UTC, whole seconds, ``Z`` (``2025-01-15T18:30:00Z``)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def parse_timestamp(text: str) -> int:
    """Seconds since the epoch of an API timestamp (or any ISO 8601 time with an offset)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return int(moment.timestamp())
