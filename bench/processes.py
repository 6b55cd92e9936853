"""Servers under test as child processes: start, wait until they answer, measure, stop.

Every server runs in a session of its own (its own process group), so that stopping it ends
exactly the processes this module started, and nothing else on the machine. Its memory is the
kernel's high-water mark of resident memory (``VmHWM``) of each of its processes, so the peak
is exact even if it lasted a microsecond; its CPU time is read before and after a load run.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

STARTUP_SECONDS = 60.0
STOP_SECONDS = 10.0


class ServerFailed(RuntimeError):
    """A server did not start, or died under load; the message holds the end of its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RunningServer:
    """A server process started by `running_server`."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    startup_seconds: float

    def tree(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server's processes so far."""
        total = 0.0
        for process in self.tree():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    def peak_rss_bytes(self) -> int:
        """The sum over the server's processes of each one's peak resident memory."""
        total = 0
        for process in self.tree():
            # psutil reports the present RSS only; the kernel keeps the peak in VmHWM.
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                status = Path(f"/proc/{process.pid}/status").read_text()
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
        return total

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise ServerFailed(
                f"{self.name} exited with {self.process.returncode}:\n{tail(self.log)}"
            )


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/api/v1/snapshots/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


@contextlib.contextmanager
def running_server(
    name: str, command: Sequence[str], port: int, log: Path, cwd: Path
) -> Iterator[RunningServer]:
    """Run `command` (a server listening on 127.0.0.1:`port`) until the block ends."""
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        server = RunningServer(name, f"http://127.0.0.1:{port}", process, log, 0.0)
        deadline = started + STARTUP_SECONDS
        while not _answers(port):
            server.check_alive()
            if time.perf_counter() > deadline:
                raise ServerFailed(f"{name} did not answer in {STARTUP_SECONDS} s:\n{tail(log)}")
            time.sleep(0.02)
        server.startup_seconds = time.perf_counter() - started
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The process group is the server's own session (start_new_session), so this ends exactly
    # what was started here, including a child a server forked.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
