"""What the mock server's tests share: the API's paths, tokens and answer checks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from snapshots_mock.testing import OTHER_TOKEN, TOKEN, free_socket
from tests import openapi_document as doc

__all__ = ["OTHER_TOKEN", "TOKEN"]

SNAPSHOTS = "/api/v1/snapshots/"
STARTUP_SECONDS = 90.0
_ERROR = doc.schema_validator("Error")


def snapshot_path(snapshot_id: int | str) -> str:
    return f"{SNAPSHOTS}{snapshot_id}/"


def restore_path(snapshot_id: int | str) -> str:
    return f"{SNAPSHOTS}{snapshot_id}/restore/"


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """`response` is the document's error `code` with `status`; returns the error object.

    The body is checked with the tests' own validator (python-jsonschema), apart from the
    mock's response validation.
    """
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    errors = [error.message for error in _ERROR.iter_errors(body)]
    assert not errors, errors
    assert body["error"]["code"] == code, body
    error: dict[str, Any] = body["error"]
    return error


def detail_fields(response: httpx.Response) -> list[str]:
    """The fields an ``invalid_parameters`` error names."""
    error = assert_error(response, 400, "invalid_parameters")
    return [detail["field"] for detail in error["details"]]


def listing(client: httpx.Client, token: str = TOKEN, **params: Any) -> list[dict[str, Any]]:
    """The snapshots `token`'s account sees (``GET /api/v1/snapshots/``)."""
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get(SNAPSHOTS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["results"])
    results: list[dict[str, Any]] = body["results"]
    return results


def world(client: httpx.Client) -> list[list[dict[str, Any]]]:
    """Everything both seed accounts see: equal before and after means nothing changed."""
    return [listing(client, TOKEN), listing(client, OTHER_TOKEN)]


def create(client: httpx.Client, server_id: int, name: str, **extra: Any) -> httpx.Response:
    return client.post(SNAPSHOTS, json={"server_id": server_id, "name": name, **extra})


def console_script() -> str:
    """The ``snapshots-mock`` command installed beside this interpreter."""
    beside = Path(sys.executable).with_name("snapshots-mock")
    found = str(beside) if beside.exists() else shutil.which("snapshots-mock")
    assert found, "the snapshots-mock console script is not installed (pip install -e .)"
    return found


@dataclass
class MockProcess:
    """The ``snapshots-mock`` command running as a process of its own."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C: SIGINT, as a terminal sends it; the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


@contextlib.contextmanager
def mock_process(log: Path, *args: str) -> Iterator[MockProcess]:
    """Run ``snapshots-mock --port FREE ARGS...`` until the block ends (then Ctrl-C it)."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [console_script(), "--port", str(port), *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    running = MockProcess(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_serving(running)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(running: MockProcess) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            httpx.get(running.url + "/", timeout=5)
            return
        except httpx.TransportError:
            if running.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"snapshots-mock did not start:\n{running.log_text()}") from None
            time.sleep(0.1)
