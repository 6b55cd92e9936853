"""Worker processes: they end with their parent, and share its limits.

With ``--workers N`` uvicorn's supervisor starts N processes that serve the port. A ``kill -9``
of the supervisor used to leave them serving, so that a new mock could not bind the port. Each
worker now asks Linux to send it SIGTERM when its parent ends (``PR_SET_PDEATHSIG``; by ctypes:
the standard library has no prctl and a package for one call is not worth a dependency), and
checks that the parent it was started by is still its parent, in case it ended before that.
Elsewhere a thread checks the parent once a second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from typing import Any

from snapshots_mock.config import MockConfig

PARENT_VARIABLE = "SNAPSHOTS_MOCK_PARENT"
_PR_SET_PDEATHSIG = 1


def uvicorn_limits(config: MockConfig) -> dict[str, Any]:
    """uvicorn's own settings for the limits of `config` (the rest is in `protocol`)."""
    return {
        "timeout_keep_alive": config.keep_alive_seconds,
        "limit_concurrency": config.max_connections,
        "h11_max_incomplete_event_size": config.max_header_bytes,
    }


def end_with_parent() -> None:
    """In a worker process: end (SIGTERM, a clean stop) when the parent process ends."""
    text = os.environ.get(PARENT_VARIABLE)
    if text is None or int(text) == os.getpid():
        return  # not a worker of the command (a single-process mock, or a test's)
    parent = int(text)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)  # it ended before prctl took effect
            return
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(1.0):
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return
