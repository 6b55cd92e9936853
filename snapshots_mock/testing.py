"""A real mock server for tests: uvicorn on 127.0.0.1, a free port, in a background thread.

The server shares the test's process, so a test resets its state and moves its clock directly::

    from snapshots_mock.testing import running_mock

    with running_mock() as mock:
        httpx.get(mock.url + "/api/v1/snapshots/", headers=mock.auth())
        mock.clock.advance(60)     # in-progress snapshots are now completed
        mock.reset()               # back to the seed data, clock at its start

The clock starts at the moment of the original page's create example (2025-01-16T16:15:00Z),
so that the page's examples are answered exactly as printed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from snapshots_mock.app import SnapshotsMock
from snapshots_mock.clock import ManualClock
from snapshots_mock.config import MockConfig
from snapshots_mock.protocol import HttpProtocol

TOKEN = "YOUR_API_TOKEN"
OTHER_TOKEN = "OTHER_ACCOUNT_TOKEN"
STARTUP_SECONDS = 30.0


@dataclass
class RunningMock:
    """A mock server running in this process."""

    url: str  # base URL, e.g. http://127.0.0.1:PORT (no trailing slash)
    config: MockConfig
    clock: ManualClock
    app: SnapshotsMock

    def reset(self) -> None:
        """Back to the seed data, and the clock back to its start."""
        self.app.reset()
        self.clock.rewind()

    def auth(self, token: str = TOKEN) -> dict[str, str]:
        """The ``Authorization`` header for `token` (default: the page's account)."""
        return {"Authorization": f"Bearer {token}"}


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening-ready socket bound to a free port (kept open, so no one else takes it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


@contextlib.contextmanager
def running_mock(
    config: MockConfig | None = None, clock: ManualClock | None = None
) -> Iterator[RunningMock]:
    """Run the mock until the block ends; yields its `RunningMock`.

    Without `config`, the mock keeps a SQLite file in a temporary directory and checks its own
    answers against the document. `config.host` is used; its port is ignored (a free one is
    taken).
    """
    with contextlib.ExitStack() as stack:
        if config is None:
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            config = MockConfig(
                database_url=f"sqlite:///{directory / 'mock.sqlite3'}", validate_responses=True
            )
        clock = clock or ManualClock()
        app = SnapshotsMock(config, clock)
        sock = free_socket(config.host)
        port = sock.getsockname()[1]
        config = dataclasses.replace(config, port=port)
        server = uvicorn.Server(
            uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", http=HttpProtocol)
        )
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="snapshots-mock", daemon=True
        )
        thread.start()
        stack.callback(sock.close)
        stack.callback(thread.join, 10)
        stack.callback(setattr, server, "should_exit", True)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start; see the log above")
            time.sleep(0.01)
        yield RunningMock(f"http://{config.host}:{port}", config, clock, app)
