"""`SnapshotsClient` and `AsyncSnapshotsClient`: the generated functions, with typed errors,
default timeouts, retries and waiting for a snapshot.

Hand-written layer (copied into the package from openapi/python-client-layer/ at regeneration,
like the ``_patch.py`` customizations of Azure's generated SDKs): it calls the generated
functions and never edits them. `client.client` is the generated `AuthenticatedClient` these
calls go through, for the generated functions themselves; through it they get the same
timeouts, retries and typed errors.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from typing import Any, Self, TypeVar

import attrs
import httpx

from ._document import DEFAULT_BASE_URL, DOCUMENTED_STATUSES
from .api.snapshots import create_snapshot, delete_snapshot, list_snapshots, restore_snapshot
from .client import AuthenticatedClient
from .exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MalformedResponseError,
    SnapshotFailedError,
    SnapshotGoneError,
    UndocumentedStatusError,
    WaitDeadlineError,
)
from .models.error_detail import ErrorDetail
from .models.restore_result import RestoreResult
from .models.snapshot import Snapshot
from .models.snapshot_create_request import SnapshotCreateRequest
from .models.snapshot_created import SnapshotCreated
from .models.snapshot_list import SnapshotList
from .models.snapshot_status import SnapshotStatus
from .retries import DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, AsyncRetryingTransport, RetryingTransport, RetryPolicy, call_options
from .types import UNSET, Response

__all__ = ["DEFAULT_WAIT_DEADLINE", "AsyncSnapshotsClient", "SnapshotsClient", "raise_for_response"]

# Creating a snapshot takes 3 to 10 minutes: wait up to 15 by default.
DEFAULT_WAIT_DEADLINE = 900.0
DEFAULT_POLL_INTERVAL = 2.0
MAX_POLL_INTERVAL = 30.0
POLL_MULTIPLIER = 1.5

_T = TypeVar("_T")
_M = TypeVar("_M", bound=attrs.AttrsInstance)
_TEMPLATES = [
    (method, re.compile(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"), statuses)
    for (method, path), statuses in DOCUMENTED_STATUSES.items()
]


def _documented(method: str, path: str) -> frozenset[int] | None:
    for template_method, pattern, statuses in _TEMPLATES:
        if template_method == method and pattern.search(path):
            return statuses
    return None


def _error_body(content: bytes) -> tuple[str, str, list[ErrorDetail]] | None:
    """(code, message, details) of the API's error body, or None if it is not one."""
    try:
        body = json.loads(content)
        error = body["error"]
        code, message, details = error["code"], error["message"], error.get("details", [])
        if not isinstance(code, str) or not isinstance(message, str) or not isinstance(details, list):
            return None
        return code, message, [ErrorDetail.from_dict(detail) for detail in details]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def raise_for_response(response: httpx.Response) -> None:
    """Raise the `APIStatusError` that `response` (read) is, if it is not a documented success.

    Installed as an httpx response hook by the clients below, so that the generated parsers only
    ever see the answers they were written for.
    """
    request = response.request
    status, method, url = response.status_code, request.method, str(request.url)
    documented = _documented(method, request.url.path)
    fields: dict[str, Any] = {
        "status": status,
        "headers": response.headers,
        "content": response.content,
        "method": method,
        "url": url,
    }
    if 200 <= status < 300:
        if status != 204 and response.content:
            try:
                json.loads(response.content)
            except ValueError:
                raise MalformedResponseError(code=None, message="", details=[], **fields) from None
        if documented is None or status in documented:
            return
        raise UndocumentedStatusError(code=None, message="", details=[], **fields)
    parsed = _error_body(response.content)
    if parsed is None:
        raise MalformedResponseError(code=None, message="", details=[], **fields)
    code, message, details = parsed
    kind = APIStatusError if documented is None or status in documented else UndocumentedStatusError
    raise kind(code=code, message=message, details=details, **fields)


def _check(response: httpx.Response) -> None:
    response.read()
    raise_for_response(response)


async def _acheck(response: httpx.Response) -> None:
    await response.aread()
    raise_for_response(response)


def _connection_error(error: httpx.TransportError) -> APIConnectionError:
    request = error.request
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    return kind(f"{request.method} {request.url}: {error!r}", method=request.method, url=str(request.url))


def _parsed(response: Response[Any], expected: type[_T]) -> _T:
    parsed = response.parsed
    if not isinstance(parsed, expected):  # the response hook has raised for every failure
        raise TypeError(f"expected {expected.__name__}, got {parsed!r}")
    return parsed


def _request_body(model: type[_M], arguments: dict[str, Any]) -> _M:
    """The generated request `model` made from the calling method's arguments of the same names.

    The method's argument list is written from `model` when the client is generated
    (scripts/targets/python.py, between the ``# arguments of`` markers), so each property of
    the request body in the document reaches the wire without the layer naming it. ``None``
    leaves an optional property out, as the model's ``UNSET`` does.
    """
    body: dict[str, Any] = {}
    for field in attrs.fields(model):
        if not field.init or field.name == "additional_properties":
            continue
        if field.name not in arguments:
            # The layer was copied beside a model it was not generated with: say which property.
            raise TypeError(f"the layer takes no argument for {model.__name__}.{field.name}: regenerate the client")
        value = arguments[field.name]
        optional = field.default is not attrs.NOTHING
        body[field.name] = UNSET if value is None and optional else value
    return model(**body)


def _judge(snapshot_id: int, listed: SnapshotList, last: Snapshot | None) -> Snapshot | None:
    """The completed snapshot; None while it is in progress; raise if it failed or is gone."""
    snapshot = next((s for s in listed.results if s.id == snapshot_id), None)
    if snapshot is None:
        raise SnapshotGoneError(f"snapshot {snapshot_id} is no longer listed", snapshot_id=snapshot_id, snapshot=last)
    if snapshot.status == SnapshotStatus.FAILED:
        raise SnapshotFailedError(f"snapshot {snapshot_id} failed", snapshot_id=snapshot_id, snapshot=snapshot)
    if snapshot.status == SnapshotStatus.COMPLETED:
        return snapshot
    return None


class _Poll:
    """The backoff and deadline of one wait."""

    def __init__(self, deadline: float, poll_interval: float) -> None:
        self.end = time.monotonic() + deadline
        self.interval = poll_interval

    def next_sleep(self, snapshot_id: int, last: Snapshot | None) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise WaitDeadlineError(
                f"snapshot {snapshot_id} is still in progress at the deadline", snapshot_id=snapshot_id, snapshot=last
            )
        sleep = min(self.interval, remaining)
        self.interval = min(self.interval * POLL_MULTIPLIER, MAX_POLL_INTERVAL)
        return sleep


class _Base:
    def __init__(
        self,
        *,
        token: str,
        base_url: str,
        timeout: float | httpx.Timeout,
        total_timeout: float,
        retry: RetryPolicy,
        headers: dict[str, str] | None,
    ) -> None:
        self.retry = retry
        self.timeout = httpx.Timeout(timeout)
        self.total_timeout = total_timeout
        # The response hook raises first; the generated flag is set too, so that an undocumented
        # status can never parse to None whatever reaches the generated parser.
        self.client = AuthenticatedClient(
            base_url=base_url, token=token, timeout=self.timeout, raise_on_unexpected_status=True
        )
        self._httpx_settings: dict[str, Any] = {
            "base_url": base_url,
            "timeout": self.timeout,
            "headers": {**(headers or {}), "Authorization": f"Bearer {token}"},
        }


class SnapshotsClient(_Base):
    """The API's calls, raising `SnapshotsError`s; use it as a context manager.

    `timeout` (seconds, or an `httpx.Timeout`) is each attempt's: by default 10 s to connect and
    30 s for each read or write (`DEFAULT_TIMEOUT`). `total_timeout` bounds a whole call, its
    attempts and the waits between them: 90 s by default (`DEFAULT_TOTAL_TIMEOUT`). `retry` is
    the `RetryPolicy` (`NO_RETRIES` to switch retries off). Every method also takes
    ``timeout=``, ``total_timeout=`` and ``retry=`` for one call.
    """

    def __init__(
        self,
        *,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        retry: RetryPolicy = RetryPolicy(),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            token=token, base_url=base_url, timeout=timeout, total_timeout=total_timeout, retry=retry, headers=headers
        )
        self.client.set_httpx_client(
            httpx.Client(
                **self._httpx_settings,
                transport=RetryingTransport(retry, total_timeout=total_timeout),
                event_hooks={"response": [_check]},
            )
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the client's connections."""
        self.client.get_httpx_client().close()

    def _call(
        self,
        operation: Callable[..., Response[Any]],
        timeout: float | httpx.Timeout | None,
        retry: RetryPolicy | None,
        total_timeout: float | None,
        **arguments: Any,
    ) -> Response[Any]:
        with call_options(timeout=timeout, retry=retry, total_timeout=total_timeout):
            try:
                return operation(client=self.client, **arguments)
            except httpx.TransportError as error:
                raise _connection_error(error) from error

    def list_snapshots(
        self,
        server_id: int | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> SnapshotList:
        """Your snapshots, newest first; only server `server_id`'s if given."""
        server = UNSET if server_id is None else server_id
        return _parsed(self._call(list_snapshots.sync_detailed, timeout, retry, total_timeout, server_id=server), SnapshotList)

    def create_snapshot(
        self,
        # arguments of SnapshotCreateRequest (written from the generated model at generation)
        server_id: int,
        name: str,
        description: str | None = None,
        # end of arguments
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> SnapshotCreated:
        """Start a snapshot of server `server_id` (never retried once sent; see `RetryPolicy`).

        Every property of the request body is an argument of the same name (``None``: not sent).
        """
        body = _request_body(SnapshotCreateRequest, locals())
        return _parsed(self._call(create_snapshot.sync_detailed, timeout, retry, total_timeout, body=body), SnapshotCreated)

    def restore_snapshot(
        self,
        snapshot_id: int,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> RestoreResult:
        """Restore a snapshot onto its server: this overwrites all its data (never retried once sent)."""
        return _parsed(self._call(restore_snapshot.sync_detailed, timeout, retry, total_timeout, snapshot_id=snapshot_id), RestoreResult)

    def delete_snapshot(
        self,
        snapshot_id: int,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> None:
        """Delete a snapshot; raises `APIStatusError` (``snapshot_not_found``...) if it was not deleted.

        A delete whose answer was lost is retried, and the retry may then be answered 404
        ``snapshot_not_found``: the snapshot is gone either way.
        """
        self._call(delete_snapshot.sync_detailed, timeout, retry, total_timeout, snapshot_id=snapshot_id)

    def wait_for_snapshot(
        self,
        snapshot_id: int,
        *,
        server_id: int | None = None,
        deadline: float = DEFAULT_WAIT_DEADLINE,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> Snapshot:
        """Wait for snapshot `snapshot_id` to leave `in_progress`; the completed snapshot.

        Polls the list (of server `server_id` if given, which is cheaper) every `poll_interval`
        seconds, 1.5 times longer each time up to 30 s, for at most `deadline` seconds. Raises
        `SnapshotFailedError` if it ended `failed`, `SnapshotGoneError` if it is no longer
        listed (deleted meanwhile), `WaitDeadlineError` at the deadline; any error of a poll
        (after its retries) is raised as it is. Restores cannot be waited for: the API has no
        call that reads a restore's progress.
        """
        poll, last = _Poll(deadline, poll_interval), None
        while True:
            listed = self.list_snapshots(server_id)
            done = _judge(snapshot_id, listed, last)
            if done is not None:
                return done
            last = next(s for s in listed.results if s.id == snapshot_id)
            time.sleep(poll.next_sleep(snapshot_id, last))


class AsyncSnapshotsClient(_Base):
    """`SnapshotsClient` for ``asyncio``: the same methods, awaited; ``async with`` it."""

    def __init__(
        self,
        *,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        retry: RetryPolicy = RetryPolicy(),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            token=token, base_url=base_url, timeout=timeout, total_timeout=total_timeout, retry=retry, headers=headers
        )
        self.client.set_async_httpx_client(
            httpx.AsyncClient(
                **self._httpx_settings,
                transport=AsyncRetryingTransport(retry, total_timeout=total_timeout),
                event_hooks={"response": [_acheck]},
            )
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client's connections."""
        await self.client.get_async_httpx_client().aclose()

    async def _call(
        self,
        operation: Callable[..., Any],
        timeout: float | httpx.Timeout | None,
        retry: RetryPolicy | None,
        total_timeout: float | None,
        **arguments: Any,
    ) -> Response[Any]:
        with call_options(timeout=timeout, retry=retry, total_timeout=total_timeout):
            try:
                response: Response[Any] = await operation(client=self.client, **arguments)
                return response
            except httpx.TransportError as error:
                raise _connection_error(error) from error

    async def list_snapshots(
        self,
        server_id: int | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> SnapshotList:
        """See `SnapshotsClient.list_snapshots`."""
        server = UNSET if server_id is None else server_id
        return _parsed(await self._call(list_snapshots.asyncio_detailed, timeout, retry, total_timeout, server_id=server), SnapshotList)

    async def create_snapshot(
        self,
        # arguments of SnapshotCreateRequest (written from the generated model at generation)
        server_id: int,
        name: str,
        description: str | None = None,
        # end of arguments
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> SnapshotCreated:
        """See `SnapshotsClient.create_snapshot`."""
        body = _request_body(SnapshotCreateRequest, locals())
        return _parsed(await self._call(create_snapshot.asyncio_detailed, timeout, retry, total_timeout, body=body), SnapshotCreated)

    async def restore_snapshot(
        self,
        snapshot_id: int,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> RestoreResult:
        """See `SnapshotsClient.restore_snapshot`."""
        response = await self._call(restore_snapshot.asyncio_detailed, timeout, retry, total_timeout, snapshot_id=snapshot_id)
        return _parsed(response, RestoreResult)

    async def delete_snapshot(
        self,
        snapshot_id: int,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        total_timeout: float | None = None,
    ) -> None:
        """See `SnapshotsClient.delete_snapshot`."""
        await self._call(delete_snapshot.asyncio_detailed, timeout, retry, total_timeout, snapshot_id=snapshot_id)

    async def wait_for_snapshot(
        self,
        snapshot_id: int,
        *,
        server_id: int | None = None,
        deadline: float = DEFAULT_WAIT_DEADLINE,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> Snapshot:
        """See `SnapshotsClient.wait_for_snapshot`."""
        poll, last = _Poll(deadline, poll_interval), None
        while True:
            listed = await self.list_snapshots(server_id)
            done = _judge(snapshot_id, listed, last)
            if done is not None:
                return done
            last = next(s for s in listed.results if s.id == snapshot_id)
            await asyncio.sleep(poll.next_sleep(snapshot_id, last))
