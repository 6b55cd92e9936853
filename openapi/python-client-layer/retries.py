"""Timeouts and retries, as httpx transports under the generated functions.

Hand-written layer (copied into the package from openapi/python-client-layer/ at regeneration).
Written by hand rather than with a retry library because the rule of what may be repeated is
this API's: a create or a restore that may have reached the server is never sent again, so
a POST is retried only when the connection could not even be opened; and the per-call overrides
(`call_options`) have to reach the transport through the generated functions, which take no
such argument.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import random
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NoReturn

import httpx

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_TOTAL_TIMEOUT", "NO_RETRIES", "AsyncRetryingTransport", "RetryPolicy", "RetryingTransport", "call_options"]

LOGGER = logging.getLogger("vps_snapshots_client")

# 10 s to connect, 30 s for each read, write or wait for a pooled connection: a call to a server
# that never answers fails after 30 s instead of hanging (httpx's own default is 5 s; the
# generated client's is none at all).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

# 90 s for a whole call: every attempt and every wait between them. Each attempt's timeouts are
# cut to what is left of it, and a retry whose wait would end after it is not made (the last
# error is raised at once): against a server that never answers, a default call ends after 90 s
# (attempts of 30 s, 30 s and what the two backoffs left) rather than four times 30 s and more.
DEFAULT_TOTAL_TIMEOUT = 90.0

# Methods whose repetition leaves the server as one request would (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """When and how often a call is sent again.

    A GET or DELETE is retried after a connection error, a timeout, or one of `statuses` (429
    and 503); a POST (create, restore) only when the connection could not be opened, so that
    nothing the server may have received is sent twice. The wait before retry ``n`` (from 0) is
    ``min(backoff_max, backoff_initial * backoff_multiplier ** n)``, less up to `jitter` of it at
    random; a ``Retry-After`` header replaces it, and one longer than `retry_after_max` ends the
    retries (the error is raised at once). Each retry is logged at DEBUG level on the
    ``vps_snapshots_client`` logger.
    """

    max_retries: int = 3
    backoff_initial: float = 0.5
    backoff_multiplier: float = 2.0
    backoff_max: float = 8.0
    jitter: float = 0.5
    retry_after_max: float = 60.0
    statuses: frozenset[int] = frozenset({429, 503})

    def backoff(self, retry: int) -> float:
        """The wait before retry number `retry` (from 0) when the server names none."""
        base = min(self.backoff_max, self.backoff_initial * self.backoff_multiplier**retry)
        return base * (1 - self.jitter * random.random())

    def delay_after_error(self, request: httpx.Request, error: Exception, retry: int) -> float | None:
        """Seconds to wait before sending `request` again after `error`; None: do not."""
        if retry >= self.max_retries or not isinstance(error, httpx.TransportError):
            return None
        unsent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        if not unsent and request.method not in IDEMPOTENT_METHODS:
            return None
        return self.backoff(retry)

    def delay_after_response(self, request: httpx.Request, response: httpx.Response, retry: int) -> float | None:
        """Seconds to wait before sending `request` again after `response`; None: do not."""
        if retry >= self.max_retries or response.status_code not in self.statuses:
            return None
        if request.method not in IDEMPOTENT_METHODS:
            return None
        named = retry_after(response.headers.get("retry-after"))
        if named is None:
            return self.backoff(retry)
        return named if named <= self.retry_after_max else None


NO_RETRIES = RetryPolicy(max_retries=0)
"""A policy that never retries: pass it as ``retry=`` to switch retries off."""


def retry_after(value: str | None) -> float | None:
    """A ``Retry-After`` header's wait in seconds (delay-seconds or an HTTP date), if valid."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


_call_timeout: ContextVar[httpx.Timeout | None] = ContextVar("vps_snapshots_call_timeout", default=None)
_call_retry: ContextVar[RetryPolicy | None] = ContextVar("vps_snapshots_call_retry", default=None)
_call_total_timeout: ContextVar[float | None] = ContextVar("vps_snapshots_call_total_timeout", default=None)


@contextlib.contextmanager
def call_options(
    *, timeout: float | httpx.Timeout | None = None, retry: RetryPolicy | None = None, total_timeout: float | None = None
) -> Iterator[None]:
    """Within the block, calls through a layer transport use this `timeout`, `retry` and
    `total_timeout` instead of their client's (for the generated functions, which take none)."""
    timeout_token = _call_timeout.set(None if timeout is None else httpx.Timeout(timeout))
    retry_token = _call_retry.set(retry)
    total_token = _call_total_timeout.set(total_timeout)
    try:
        yield
    finally:
        _call_timeout.reset(timeout_token)
        _call_retry.reset(retry_token)
        _call_total_timeout.reset(total_token)


# How early a socket's timeout may fire by the monotonic clock (a timeout cut to the total's
# that fires this close to the deadline is the total's).
_CLOCK_SLACK = 0.1


class _Call:
    """One call's policy and its total timeout's deadline, from the request and the call options."""

    def __init__(self, request: httpx.Request, policy: RetryPolicy, total_timeout: float) -> None:
        timeout = _call_timeout.get()
        # httpx hands a request's own timeout to the connection pool in this extension.
        self.timeouts: dict[str, float | None] = timeout.as_dict() if timeout is not None else dict(request.extensions.get("timeout", {}))
        self.policy = _call_retry.get() or policy
        self.total = _call_total_timeout.get() or total_timeout
        self.deadline = time.monotonic() + self.total
        self.cut = False

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def start_attempt(self, request: httpx.Request) -> None:
        """Give the attempt's every timeout (connect, pool, read, write) at most what is left."""
        left = max(0.0, self.left())
        self.cut = any(value is None or value > left for value in self.timeouts.values())
        timeouts = {name: left if value is None else min(value, left) for name, value in self.timeouts.items()}
        request.extensions = {**request.extensions, "timeout": timeouts}

    def check(self, request: httpx.Request) -> None:
        """Raise a timeout once the call's total timeout has passed (between chunks of a body)."""
        if self.left() <= 0:
            raise httpx.ReadTimeout(self.expired(), request=request)

    def expired(self) -> str:
        return f"no answer within the call's total timeout of {self.total:g} s"

    def raise_final(self, request: httpx.Request, error: httpx.TransportError) -> NoReturn:
        """Raise `error`, named as the total timeout's if that is what cut the attempt short."""
        if self.cut and isinstance(error, httpx.TimeoutException) and self.left() < _CLOCK_SLACK:
            raise type(error)(self.expired(), request=request) from error
        raise error

    def retry_in_time(self, delay: float | None) -> bool:
        """Whether a retry after `delay` seconds would start before the total timeout passes."""
        return delay is not None and delay < self.left()


def _buffered(response: httpx.Response, chunks: list[bytes]) -> httpx.Response:
    """`response` with its body, read within the attempt so that the timeouts cover it too."""
    return httpx.Response(response.status_code, headers=response.headers, content=b"".join(chunks), extensions=response.extensions)


def _log(request: httpx.Request, cause: str, retry: int, policy: RetryPolicy, delay: float) -> None:
    LOGGER.debug(
        "retrying %s %s after %s (retry %d of %d) in %.2f s",
        request.method,
        request.url,
        cause,
        retry + 1,
        policy.max_retries,
        delay,
    )


class RetryingTransport(httpx.BaseTransport):
    """A sync transport that applies a `RetryPolicy`, the total timeout and the per-call options."""

    def __init__(
        self, policy: RetryPolicy, inner: httpx.BaseTransport | None = None, *, total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    ) -> None:
        self.policy = policy
        self.total_timeout = total_timeout
        self._inner = inner or httpx.HTTPTransport()

    def _attempt(self, request: httpx.Request, call: _Call) -> httpx.Response:
        call.start_attempt(request)
        response = self._inner.handle_request(request)
        chunks = []
        try:
            for chunk in response.iter_raw():
                chunks.append(chunk)
                call.check(request)
        finally:
            response.close()
        return _buffered(response, chunks)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(request, self.policy, self.total_timeout)
        policy, retry = call.policy, 0
        while True:
            try:
                response = self._attempt(request, call)
            except httpx.TransportError as error:
                delay = policy.delay_after_error(request, error, retry)
                if not call.retry_in_time(delay):
                    call.raise_final(request, error)
                cause = type(error).__name__
            else:
                delay = policy.delay_after_response(request, response, retry)
                if delay is None or not call.retry_in_time(delay):
                    return response
                cause = f"status {response.status_code}"
            assert delay is not None
            _log(request, cause, retry, policy, delay)
            time.sleep(delay)
            retry += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    """The async twin of `RetryingTransport`; its total timeout also bounds a body sent slowly."""

    def __init__(
        self, policy: RetryPolicy, inner: httpx.AsyncBaseTransport | None = None, *, total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    ) -> None:
        self.policy = policy
        self.total_timeout = total_timeout
        self._inner = inner or httpx.AsyncHTTPTransport()

    async def _attempt(self, request: httpx.Request, call: _Call) -> httpx.Response:
        call.start_attempt(request)
        chunks = []
        try:
            async with asyncio.timeout(max(0.0, call.left())):
                response = await self._inner.handle_async_request(request)
                try:
                    async for chunk in response.aiter_raw():
                        chunks.append(chunk)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout(call.expired(), request=request) from None
        return _buffered(response, chunks)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(request, self.policy, self.total_timeout)
        policy, retry = call.policy, 0
        while True:
            try:
                response = await self._attempt(request, call)
            except httpx.TransportError as error:
                delay = policy.delay_after_error(request, error, retry)
                if not call.retry_in_time(delay):
                    call.raise_final(request, error)
                cause = type(error).__name__
            else:
                delay = policy.delay_after_response(request, response, retry)
                if delay is None or not call.retry_in_time(delay):
                    return response
                cause = f"status {response.status_code}"
            assert delay is not None
            _log(request, cause, retry, policy, delay)
            await asyncio.sleep(delay)
            retry += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
