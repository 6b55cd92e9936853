"""A real mock server for tests, on 127.0.0.1 and a free port: in a thread, or as a process.

`running_mock` runs uvicorn in a background thread of the test's process, so a test resets its
state and moves its clock directly::

    from snapshots_mock.testing import running_mock

    with running_mock() as mock:
        httpx.get(mock.url + "/api/v1/snapshots/", headers=mock.auth())
        mock.clock.advance(60)     # in-progress snapshots are now completed
        mock.reset()               # back to the seed data, clock at its start

The clock starts at the moment of the original page's create example (2025-01-16T16:15:00Z),
so that the page's examples are answered exactly as printed.

`mock_process` runs the ``snapshots-mock`` command as users run it, a process of its own on the
system clock, for tests in another language or of the command itself::

    with mock_process(tmp / "mock.log", "--database-url", f"sqlite:///{tmp / 'db'}") as mock:
        ...  # mock.url answers until the block ends; then the process is stopped (Ctrl-C)
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
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
from snapshots_mock.misbehaviour import wrap
from snapshots_mock.protocol import protocol_class
from snapshots_mock.workers import uvicorn_limits

TOKEN = "YOUR_API_TOKEN"
OTHER_TOKEN = "OTHER_ACCOUNT_TOKEN"
STARTUP_SECONDS = 30.0
# A process imports and compiles the document before it listens; a loaded machine is slow.
PROCESS_STARTUP_SECONDS = 90.0


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

    @contextlib.contextmanager
    def clock_running(self) -> Iterator[None]:
        """Move the clock a minute every 0.05 s (snapshots complete) until the block ends: for
        code that waits on the mock in real time, as a client's wait for a snapshot does."""
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(0.05):
                self.clock.advance(60)

        thread = threading.Thread(target=tick, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


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
            uvicorn.Config(
                wrap(app, config.misbehaviour),
                log_config=None,
                access_log=False,
                lifespan="on",
                http=protocol_class(config),
                **uvicorn_limits(config),
            )
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


def console_script() -> str:
    """The ``snapshots-mock`` command installed beside this interpreter (else on ``PATH``)."""
    beside = Path(sys.executable).with_name("snapshots-mock")
    found = str(beside) if beside.exists() else shutil.which("snapshots-mock")
    if found is None:
        raise RuntimeError("the snapshots-mock console script is not installed (pip install -e .)")
    return found


@dataclass
class MockProcess:
    """The ``snapshots-mock`` command running as a process of its own."""

    url: str  # base URL, e.g. http://127.0.0.1:PORT (no trailing slash)
    process: subprocess.Popen[bytes]
    log: Path  # its standard output and error

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C: SIGINT, as a terminal sends it; the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


@contextlib.contextmanager
def mock_process(log: Path, *args: str, port: int | None = None) -> Iterator[MockProcess]:
    """Run ``snapshots-mock --port PORT ARGS...`` until the block ends (then Ctrl-C it).

    Yields once the server answers HTTP (its first request is a ``GET /``, a 404). Its output
    goes to `log`. Give it a ``--database-url`` of its own: the default is a file in the
    working directory. `port` defaults to a free one.
    """
    if port is None:
        sock = free_socket()
        port = sock.getsockname()[1]
        # Closed so that the process can bind the port; another program could take it in
        # between, and the mock would then fail to start with "address already in use".
        sock.close()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [console_script(), "--port", str(port), *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            # A process group of its own: stopping it stops its workers too.
            start_new_session=True,
        )
    running = MockProcess(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_serving(running, port)
        yield running
    finally:
        if process.poll() is None:
            stop_process(process)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Interrupt `process` (Ctrl-C: a clean stop for the mock and for PostgreSQL alike), and kill
    it if it has not ended within `timeout` seconds.

    A process that leads a process group of its own (`mock_process` starts one) is stopped with
    its whole group, so that no worker it started outlives it, even when it is killed.
    """
    group = _own_group(process)
    _signal(process, group, signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal(process, group, signal.SIGKILL)
        process.wait()
    if group is not None:
        _end_group(group, timeout)


def _own_group(process: subprocess.Popen[bytes]) -> int | None:
    try:
        group = os.getpgid(process.pid)
    except ProcessLookupError:
        return None
    return group if group == process.pid else None


def _signal(process: subprocess.Popen[bytes], group: int | None, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        if group is None:
            process.send_signal(signum)
        else:
            os.killpg(group, signum)


def _end_group(group: int, timeout: float) -> None:
    """Wait for what is left of the group (workers finishing) to end; kill it after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


def _wait_until_serving(running: MockProcess, port: int) -> None:
    deadline = time.monotonic() + PROCESS_STARTUP_SECONDS
    while not _answers(port):
        if running.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"snapshots-mock did not start:\n{running.log_text()}")
        time.sleep(0.1)


def _answers(port: int) -> bool:
    # The standard library's client: the mock's own dependencies have no HTTP client.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
    return True
