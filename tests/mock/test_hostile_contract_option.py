"""The contract suite's ``--hostile-inputs`` cases pass against the mock, and fail against a
server that answers everything with a 200 (so that they can fail at all)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests import hostile
from contract_tests.cli import parser
from snapshots_mock.seed_facts import TOKEN
from snapshots_mock.testing import RunningMock
from tests.mock.hostile import hostile_mock


@pytest.fixture
def quick_mock(tmp_path: Path) -> Iterator[RunningMock]:
    # Timeouts of a second: the case of half-sent headers waits for the mock's.
    yield from hostile_mock(f"sqlite:///{tmp_path / 'mock.sqlite3'}")


def test_every_hostile_case_passes_against_the_mock(quick_mock: RunningMock) -> None:
    outcomes = hostile.run_cases(quick_mock.url, TOKEN, timeout=30)
    assert [o for o in outcomes if not o.passed] == []
    assert len(outcomes) == 9


class _AlwaysOk(http.server.BaseHTTPRequestHandler):
    def _ok(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = _ok

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def naive_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AlwaysOk)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_cases_fail_against_a_server_that_refuses_nothing(naive_server: str) -> None:
    outcomes = hostile.run_cases(naive_server, TOKEN, timeout=3)
    failed = {o.case for o in outcomes if not o.passed}
    assert failed == {o.case for o in outcomes} - {"a plain list afterwards"}


def test_hostile_inputs_is_off_by_default() -> None:
    assert parser().parse_args([]).hostile_inputs is False
    assert parser().parse_args(["--hostile-inputs"]).hostile_inputs is True
