"""The Python client's hand-written layer (SnapshotsClient): typed errors, timeouts, retries and
waiting, over real HTTP against the mock started with its opt-in misbehaviour.

Each test arms the answers it needs at ``/_mock/misbehaviour`` (snapshots_mock.misbehaviour),
the way a test in any language does; the fixture disarms them after it. Delays are kept short
by the tests' own retry policy (`FAST`), and a Retry-After is checked in the debug log line of
the retry, never by timing.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from vps_snapshots_client import (
    DEFAULT_TIMEOUT,
    DEFAULT_TOTAL_TIMEOUT,
    NO_RETRIES,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncSnapshotsClient,
    MalformedResponseError,
    RetryPolicy,
    SnapshotFailedError,
    SnapshotGoneError,
    SnapshotsClient,
    SnapshotsError,
    UndocumentedStatusError,
    WaitDeadlineError,
)
from vps_snapshots_client.api.snapshots import delete_snapshot, list_snapshots
from vps_snapshots_client.models import ErrorCode, SnapshotList, SnapshotStatus
from vps_snapshots_client.retries import retry_after

from snapshots_mock import MockConfig
from snapshots_mock.cli import parse_args
from snapshots_mock.misbehaviour import ADMIN_PATH, UNKNOWN_CODE
from snapshots_mock.seed_facts import (
    FLAKY_SERVER,
    OTHER_TOKEN,
    PAGE_LATEST_SNAPSHOT,
    PAGE_SERVER,
    PAGE_SNAPSHOTS,
    TOKEN,
)
from snapshots_mock.testing import RunningMock, free_socket, mock_process, running_mock
from tests.conftest import mock_config

SERVER = PAGE_SERVER  # snapshots 801 and 798 (PAGE_SNAPSHOTS)
LATEST = PAGE_LATEST_SNAPSHOT
LIST = "/api/v1/snapshots/"
FAST = RetryPolicy(max_retries=3, backoff_initial=0.01, backoff_max=0.05)
LOGGER = "vps_snapshots_client"


@pytest.fixture(scope="module")
def misbehaving_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    database = tmp_path_factory.mktemp("misbehaving") / "mock.sqlite3"
    config = MockConfig(**{**vars(mock_config(f"sqlite:///{database}")), "misbehaviour": True})
    with running_mock(config) as server:
        yield server


@pytest.fixture
def mock(misbehaving_server: RunningMock) -> Iterator[RunningMock]:
    misbehaving_server.reset()
    yield misbehaving_server
    httpx.delete(misbehaving_server.url + ADMIN_PATH).raise_for_status()


@pytest.fixture
def api(mock: RunningMock) -> Iterator[SnapshotsClient]:
    with SnapshotsClient(base_url=mock.url, token=TOKEN, retry=FAST) as client:
        yield client


def arm(mock: RunningMock, answer: str, method: str = "GET", path: str = LIST, **rule: Any) -> None:
    """The next matching requests (``times``, 1 by default) get `answer`."""
    body = {"answer": answer, "method": method, "path": path, **rule}
    httpx.post(mock.url + ADMIN_PATH, json=body).raise_for_status()


def armed(mock: RunningMock) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = httpx.get(mock.url + ADMIN_PATH).json()
    return rules


def retries_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == LOGGER and "retrying" in r.getMessage()
    ]


# --- The option itself -------------------------------------------------------------------------


def test_without_the_option_the_admin_resource_does_not_exist(mock_server: RunningMock) -> None:
    # The other tests' mock, started without the option.
    answer = httpx.post(mock_server.url + ADMIN_PATH, json={"answer": "html"})
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    assert httpx.get(mock_server.url + LIST, headers=mock_server.auth()).status_code == 200


def test_a_bad_rule_is_refused(mock: RunningMock) -> None:
    for body in (
        {"answer": "teapot"},
        {"answer": "html", "times": 0},
        {"answer": "slow", "delay": "x"},
    ):
        answer = httpx.post(mock.url + ADMIN_PATH, json=body)
        assert answer.status_code == 400, body
    assert armed(mock) == []


def test_a_rule_answers_its_requests_only_and_only_n_times(mock: RunningMock) -> None:
    arm(mock, "unavailable", times=2)
    auth = mock.auth()
    other = httpx.post(mock.url + LIST, headers=auth, json={})
    assert other.status_code == 400  # a POST: not matched, answered by the mock itself
    assert [httpx.get(mock.url + LIST, headers=auth).status_code for _ in range(3)] == [
        503,
        503,
        200,
    ]
    assert armed(mock) == []


# --- Errors ------------------------------------------------------------------------------------


def test_a_documented_error_carries_status_code_message_and_headers(api: SnapshotsClient) -> None:
    with pytest.raises(APIStatusError) as raised:
        api.delete_snapshot(999_999)

    error = raised.value
    assert type(error) is APIStatusError
    assert (error.status, error.code, error.error_code) == (
        404,
        "snapshot_not_found",
        ErrorCode.SNAPSHOT_NOT_FOUND,
    )
    assert error.message
    assert error.headers["content-type"].startswith("application/json")
    assert error.method == "DELETE"
    assert error.url.endswith("/api/v1/snapshots/999999/")


def test_details_name_the_offending_field(api: SnapshotsClient) -> None:
    with pytest.raises(APIStatusError) as raised:
        api.create_snapshot(SERVER, "not a valid name!")

    assert raised.value.code == "invalid_parameters"
    assert [detail.field for detail in raised.value.details] == ["name"]


def test_an_unknown_error_code_is_kept_as_a_string(api: SnapshotsClient, mock: RunningMock) -> None:
    arm(mock, "unknown_code", method="DELETE", path="/api/v1/snapshots/*/", status=400)

    with pytest.raises(APIStatusError) as raised:
        api.delete_snapshot(LATEST)

    error = raised.value
    assert type(error) is APIStatusError  # 400 is documented for a delete
    assert (error.status, error.code, error.error_code) == (400, UNKNOWN_CODE, None)
    assert error.request_id is not None
    assert error.request_id.startswith("misbehaviour-")
    assert LATEST in [s.id for s in api.list_snapshots(SERVER).results]  # nothing was deleted


def test_an_html_page_is_a_malformed_response_with_its_text(
    api: SnapshotsClient, mock: RunningMock
) -> None:
    arm(mock, "html")

    with pytest.raises(MalformedResponseError) as raised:
        api.list_snapshots(SERVER)

    error = raised.value
    assert (error.status, error.code) == (502, None)
    assert "502 Bad Gateway" in error.text
    assert error.headers["content-type"].startswith("text/html")


def test_an_undocumented_status_is_its_own_error(api: SnapshotsClient, mock: RunningMock) -> None:
    arm(mock, "unknown_code", method="DELETE", path=f"/api/v1/snapshots/{LATEST}/", status=500)
    arm(mock, "rate_limited", method="DELETE", path=f"/api/v1/snapshots/{LATEST}/")

    with pytest.raises(UndocumentedStatusError) as server_error:
        api.delete_snapshot(LATEST, retry=NO_RETRIES)
    with pytest.raises(UndocumentedStatusError) as rate_limited:
        api.delete_snapshot(LATEST, retry=NO_RETRIES)

    assert (server_error.value.status, server_error.value.code) == (500, UNKNOWN_CODE)
    assert (rate_limited.value.status, rate_limited.value.code) == (429, "rate_limited")


def test_a_documented_503_is_an_api_status_error_with_a_known_code(
    api: SnapshotsClient, mock: RunningMock
) -> None:
    arm(mock, "unavailable", method="DELETE", path=f"/api/v1/snapshots/{LATEST}/")

    with pytest.raises(APIStatusError) as raised:
        api.delete_snapshot(LATEST, retry=NO_RETRIES)

    assert type(raised.value) is APIStatusError
    assert raised.value.status == 503
    assert raised.value.error_code is ErrorCode.SERVICE_UNAVAILABLE


def test_a_failed_delete_never_looks_like_a_success_through_the_generated_functions(
    api: SnapshotsClient, mock: RunningMock
) -> None:
    # The case: the bare generated delete_snapshot.sync() returns None for a 429. Through
    # the layer's client every failure raises, for the generated functions too.
    arm(mock, "rate_limited", method="DELETE", path=f"/api/v1/snapshots/{LATEST}/", times=10)

    with pytest.raises(UndocumentedStatusError):
        delete_snapshot.sync(LATEST, client=api.client)
    listed = list_snapshots.sync(client=api.client, server_id=SERVER)
    assert isinstance(listed, SnapshotList)
    assert LATEST in [s.id for s in listed.results]


def test_a_refused_connection_is_a_connection_error(caplog: pytest.LogCaptureFixture) -> None:
    with free_socket() as unused:  # bound, never listening: connections are refused
        url = f"http://127.0.0.1:{unused.getsockname()[1]}"
        with (
            SnapshotsClient(base_url=url, token=TOKEN, retry=FAST) as api,
            caplog.at_level(logging.DEBUG, LOGGER),
        ):
            with pytest.raises(APIConnectionError) as listing:
                api.list_snapshots()
            with pytest.raises(APIConnectionError):
                api.create_snapshot(SERVER, "never-sent")

    assert not isinstance(listing.value, APITimeoutError)
    assert isinstance(listing.value, SnapshotsError)
    # Nothing was sent, so even the create was retried.
    logged = retries_logged(caplog)
    assert len([line for line in logged if line.startswith("retrying GET")]) == 3
    assert len([line for line in logged if line.startswith("retrying POST")]) == 3


# --- Timeouts ----------------------------------------------------------------------------------


def test_the_default_timeout_is_set(mock: RunningMock) -> None:
    with SnapshotsClient(base_url=mock.url, token=TOKEN) as api:
        assert api.timeout == DEFAULT_TIMEOUT == httpx.Timeout(30.0, connect=10.0)
        assert api.client.get_httpx_client().timeout == DEFAULT_TIMEOUT


def test_no_answer_times_out(mock: RunningMock) -> None:
    arm(mock, "no_answer")

    api = SnapshotsClient(base_url=mock.url, token=TOKEN, timeout=0.5, retry=NO_RETRIES)
    with api, pytest.raises(APITimeoutError) as raised:
        api.list_snapshots(SERVER)

    assert raised.value.method == "GET"


def test_a_per_call_timeout_overrides_the_clients(mock: RunningMock) -> None:
    arm(mock, "slow", delay=1.0, times=2)

    with SnapshotsClient(base_url=mock.url, token=TOKEN, timeout=0.3, retry=NO_RETRIES) as api:
        with pytest.raises(APITimeoutError):
            api.list_snapshots(SERVER)
        listed = api.list_snapshots(SERVER, timeout=10.0)

    assert [s.id for s in listed.results] == list(PAGE_SNAPSHOTS)


def test_the_defaults_are_the_readmes() -> None:
    # The README the package is built from says what the code holds.
    readme = (Path(__file__).resolve().parents[2] / "generated" / "python" / "README.md").read_text(
        "utf-8"
    )
    facts = re.search(
        r"(\d+) s to connect and (\d+) s for each read or write\s+"
        r"\(`vps_snapshots_client\.DEFAULT_TIMEOUT`"
        r".*?(\d+) s \(`vps_snapshots_client\.DEFAULT_TOTAL_TIMEOUT`\)",
        readme,
        re.DOTALL,
    )
    assert facts is not None
    connect, read, total = (float(group) for group in facts.groups())
    assert httpx.Timeout(read, connect=connect) == DEFAULT_TIMEOUT
    assert total == DEFAULT_TOTAL_TIMEOUT
    assert (
        SnapshotsClient(token=TOKEN).total_timeout
        == AsyncSnapshotsClient(token=TOKEN).total_timeout
        == total
    )
    # Under two minutes, and shorter than every attempt of the default policy timing out.
    assert DEFAULT_TOTAL_TIMEOUT < 120 <= (RetryPolicy().max_retries + 1) * read


def test_a_server_that_never_answers_ends_the_call_at_its_total_timeout(
    mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "no_answer", times=10)

    api = SnapshotsClient(
        base_url=mock.url, token=TOKEN, timeout=0.5, total_timeout=1.2, retry=FAST
    )
    with api, caplog.at_level(logging.DEBUG, LOGGER), pytest.raises(APITimeoutError) as raised:
        api.list_snapshots(SERVER)

    assert "total timeout of 1.2 s" in str(raised.value)
    # Attempts of 0.5 s, 0.5 s and the rest: two retries, not the policy's three.
    assert len(retries_logged(caplog)) == 2
    assert armed(mock)[0]["times"] == 10 - 3


def test_the_async_client_ends_the_call_at_its_total_timeout(
    mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "no_answer", times=10)

    async def call() -> None:
        async with AsyncSnapshotsClient(
            base_url=mock.url, token=TOKEN, timeout=0.5, total_timeout=1.2, retry=FAST
        ) as api:
            await api.list_snapshots(SERVER)

    with caplog.at_level(logging.DEBUG, LOGGER), pytest.raises(APITimeoutError) as raised:
        asyncio.run(call())

    assert "total timeout of 1.2 s" in str(raised.value)
    assert len(retries_logged(caplog)) == 2
    assert armed(mock)[0]["times"] == 10 - 3


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """A server whose answer comes one byte every 0.2 s: no single read ever times out."""
    listener = free_socket()
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            )
            while not stop.wait(0.2):
                try:
                    connection.sendall(b" ")
                except OSError:  # the client gave up and closed
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    host, port = listener.getsockname()
    yield f"http://{host}:{port}"
    stop.set()
    listener.close()
    thread.join(5)


def test_an_answer_sent_a_byte_at_a_time_ends_at_the_total_timeout(trickling_server: str) -> None:
    # Every read gets a byte within its 0.5 s; only the total timeout ends the call (the body,
    # 1000 bytes at 5 a second, would take 200 s).
    api = SnapshotsClient(
        base_url=trickling_server, token=TOKEN, timeout=0.5, total_timeout=1.5, retry=NO_RETRIES
    )
    with api, pytest.raises(APITimeoutError) as raised:
        api.list_snapshots(SERVER)

    assert "total timeout of 1.5 s" in str(raised.value)


def test_the_async_client_ends_an_answer_sent_a_byte_at_a_time_at_the_total_timeout(
    trickling_server: str,
) -> None:
    async def call() -> None:
        async with AsyncSnapshotsClient(
            base_url=trickling_server, token=TOKEN, timeout=0.5, total_timeout=1.5, retry=NO_RETRIES
        ) as api:
            await api.list_snapshots(SERVER)

    with pytest.raises(APITimeoutError) as raised:
        asyncio.run(call())

    assert "total timeout of 1.5 s" in str(raised.value)


def test_a_per_call_total_timeout_overrides_the_clients(
    mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "no_answer", times=10)

    api = SnapshotsClient(base_url=mock.url, token=TOKEN, timeout=0.5, total_timeout=60, retry=FAST)
    with api, caplog.at_level(logging.DEBUG, LOGGER), pytest.raises(APITimeoutError) as raised:
        api.list_snapshots(SERVER, total_timeout=0.3)

    assert "total timeout of 0.3 s" in str(raised.value)
    assert retries_logged(caplog) == []


def test_a_retry_whose_wait_would_pass_the_total_timeout_is_not_made(
    mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "rate_limited", retry_after=2, times=2)

    api = SnapshotsClient(base_url=mock.url, token=TOKEN, total_timeout=1.0, retry=FAST)
    with (
        api,
        caplog.at_level(logging.DEBUG, LOGGER),
        pytest.raises(UndocumentedStatusError) as raised,
    ):
        api.list_snapshots(SERVER)

    assert raised.value.status == 429
    assert retries_logged(caplog) == []
    assert armed(mock)[0]["times"] == 1


# --- Retries -----------------------------------------------------------------------------------


def test_429_is_retried_after_its_retry_after(
    api: SnapshotsClient, mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "rate_limited", retry_after=1, times=2)

    with caplog.at_level(logging.DEBUG, LOGGER):
        listed = api.list_snapshots(SERVER)

    assert [s.id for s in listed.results] == list(PAGE_SNAPSHOTS)
    logged = retries_logged(caplog)
    assert len(logged) == 2
    assert all("after status 429" in line and line.endswith("in 1.00 s") for line in logged)


def test_503_retries_end_with_the_error_after_max_retries(
    api: SnapshotsClient, mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "unavailable", times=10)

    with caplog.at_level(logging.DEBUG, LOGGER), pytest.raises(APIStatusError) as raised:
        api.list_snapshots(SERVER)

    assert raised.value.status == 503
    assert len(retries_logged(caplog)) == FAST.max_retries
    assert armed(mock)[0]["times"] == 10 - (FAST.max_retries + 1)


def test_a_retry_after_beyond_the_limit_is_not_waited_for(
    api: SnapshotsClient, mock: RunningMock
) -> None:
    arm(mock, "rate_limited", retry_after=3600)

    with pytest.raises(UndocumentedStatusError) as raised:
        api.list_snapshots(SERVER)

    assert raised.value.status == 429
    assert raised.value.headers["retry-after"] == "3600"
    assert armed(mock) == []


def test_a_request_without_an_answer_is_retried(
    mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "no_answer")

    api = SnapshotsClient(base_url=mock.url, token=TOKEN, timeout=0.5, retry=FAST)
    with api, caplog.at_level(logging.DEBUG, LOGGER):
        listed = api.list_snapshots(SERVER)

    assert [s.id for s in listed.results] == list(PAGE_SNAPSHOTS)
    assert ["ReadTimeout" in line for line in retries_logged(caplog)] == [True]


@pytest.mark.parametrize("answer", ["rate_limited", "unavailable", "no_answer"])
def test_create_and_restore_are_never_sent_twice(
    mock: RunningMock, answer: str, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, answer, method="POST", path="/api/v1/snapshots/*", times=4)

    api = SnapshotsClient(base_url=mock.url, token=TOKEN, timeout=0.5, retry=FAST)
    with api, caplog.at_level(logging.DEBUG, LOGGER):
        with pytest.raises(SnapshotsError):
            api.create_snapshot(SERVER, "only-once")
        with pytest.raises(SnapshotsError):
            api.restore_snapshot(LATEST)

    assert retries_logged(caplog) == []
    assert armed(mock)[0]["times"] == 2


def test_retries_switched_off(
    api: SnapshotsClient, mock: RunningMock, caplog: pytest.LogCaptureFixture
) -> None:
    arm(mock, "unavailable")

    with caplog.at_level(logging.DEBUG, LOGGER), pytest.raises(APIStatusError):
        api.list_snapshots(SERVER, retry=NO_RETRIES)

    assert retries_logged(caplog) == []


# --- Waiting -----------------------------------------------------------------------------------


def test_wait_returns_the_completed_snapshot(api: SnapshotsClient, mock: RunningMock) -> None:
    created = api.create_snapshot(SERVER, "waited-for")

    with mock.clock_running():
        snapshot = api.wait_for_snapshot(
            created.id, server_id=SERVER, poll_interval=0.05, deadline=30
        )

    assert (snapshot.id, snapshot.status) == (created.id, SnapshotStatus.COMPLETED)
    assert snapshot.size_mb is not None


def test_wait_raises_when_the_snapshot_failed(mock: RunningMock) -> None:
    with SnapshotsClient(base_url=mock.url, token=OTHER_TOKEN, retry=FAST) as api:
        created = api.create_snapshot(FLAKY_SERVER, "doomed")
        with mock.clock_running(), pytest.raises(SnapshotFailedError) as raised:
            api.wait_for_snapshot(created.id, poll_interval=0.05, deadline=30)

    assert raised.value.snapshot is not None
    assert raised.value.snapshot.status is SnapshotStatus.FAILED


def test_wait_raises_when_the_snapshot_is_deleted_meanwhile(api: SnapshotsClient) -> None:
    created = api.create_snapshot(SERVER, "deleted-meanwhile")
    deleter = threading.Timer(0.2, api.delete_snapshot, (created.id,))
    deleter.start()

    with pytest.raises(SnapshotGoneError) as raised:
        api.wait_for_snapshot(created.id, server_id=SERVER, poll_interval=0.05, deadline=30)
    deleter.join()

    assert raised.value.snapshot_id == created.id
    assert raised.value.snapshot is not None  # as last seen: in progress
    assert raised.value.snapshot.status is SnapshotStatus.IN_PROGRESS


def test_wait_raises_at_its_deadline(api: SnapshotsClient) -> None:
    created = api.create_snapshot(SERVER, "too-slow")

    with pytest.raises(WaitDeadlineError) as raised:
        api.wait_for_snapshot(created.id, server_id=SERVER, poll_interval=0.05, deadline=0.3)

    assert raised.value.snapshot is not None
    assert raised.value.snapshot.status is SnapshotStatus.IN_PROGRESS


# --- asyncio -----------------------------------------------------------------------------------


def test_the_async_client(mock: RunningMock, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with AsyncSnapshotsClient(
            base_url=mock.url, token=TOKEN, retry=FAST, timeout=0.5
        ) as api:
            arm(mock, "unavailable", times=2)
            arm(mock, "no_answer", method="POST", path=LIST)
            assert [s.id for s in (await api.list_snapshots(SERVER)).results] == list(
                PAGE_SNAPSHOTS
            )
            with pytest.raises(APITimeoutError):
                await api.create_snapshot(SERVER, "async-never-answered")
            arm(mock, "unknown_code", method="DELETE", path="/api/v1/snapshots/*/", status=409)
            with pytest.raises(UndocumentedStatusError) as raised:
                await api.delete_snapshot(LATEST)
            assert (raised.value.status, raised.value.code) == (409, UNKNOWN_CODE)
            created = await api.create_snapshot(SERVER, "async-waited-for", timeout=10.0)
            with mock.clock_running():
                done = await api.wait_for_snapshot(created.id, server_id=SERVER, poll_interval=0.05)
            assert done.status is SnapshotStatus.COMPLETED
            doomed = await api.create_snapshot(SERVER, "async-deadline", timeout=10.0)
            with pytest.raises(WaitDeadlineError):
                await api.wait_for_snapshot(
                    doomed.id, server_id=SERVER, poll_interval=0.05, deadline=0.2
                )

    with caplog.at_level(logging.DEBUG, LOGGER):
        asyncio.run(scenario())

    assert len([line for line in retries_logged(caplog) if "status 503" in line]) == 2


def test_the_misbehaviour_option_of_the_command(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with mock_process(
        tmp_path / "mock.log", "--database-url", database, "--misbehaviour"
    ) as server:
        httpx.post(
            server.url + ADMIN_PATH, json={"answer": "rate_limited", "retry_after": 2}
        ).raise_for_status()
        answer = httpx.get(server.url + LIST)
    assert (answer.status_code, answer.headers["retry-after"]) == (429, "2")
    with pytest.raises(SystemExit):
        parse_args(["--misbehaviour", "--workers", "2"])


# --- The policy's arithmetic -------------------------------------------------------------------


def test_backoff_doubles_up_to_its_maximum_less_its_jitter() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_multiplier=2.0, backoff_max=8.0, jitter=0.5)
    for retry, base in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0]):
        waits = [policy.backoff(retry) for _ in range(200)]
        assert all(base * 0.5 <= wait <= base for wait in waits), (retry, min(waits), max(waits))
        assert len(set(waits)) > 1  # jittered
    assert RetryPolicy(jitter=0.0).backoff(1) == 1.0


def test_retry_after_takes_seconds_or_an_http_date() -> None:
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert retry_after("7") == 7.0
    assert 25 <= (retry_after(format_datetime(later, usegmt=True)) or 0) <= 30
    assert retry_after(format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)) == 0.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    assert retry_after("-1") is None
