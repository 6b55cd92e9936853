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

import httpx

__all__ = ["DEFAULT_TIMEOUT", "NO_RETRIES", "AsyncRetryingTransport", "RetryPolicy", "RetryingTransport", "call_options"]

LOGGER = logging.getLogger("vps_snapshots_client")

# 10 s to connect, 30 s for each read, write or wait for a pooled connection: a call to a server
# that never answers fails after 30 s instead of hanging (httpx's own default is 5 s; the
# generated client's is none at all).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

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


@contextlib.contextmanager
def call_options(*, timeout: float | httpx.Timeout | None = None, retry: RetryPolicy | None = None) -> Iterator[None]:
    """Within the block, calls through a layer transport use this `timeout` and `retry` instead
    of their client's (for the generated functions, which take neither)."""
    timeout_token = _call_timeout.set(None if timeout is None else httpx.Timeout(timeout))
    retry_token = _call_retry.set(retry)
    try:
        yield
    finally:
        _call_timeout.reset(timeout_token)
        _call_retry.reset(retry_token)


def _prepare(request: httpx.Request, policy: RetryPolicy) -> RetryPolicy:
    timeout = _call_timeout.get()
    if timeout is not None:
        # httpx hands a request's own timeout to the connection pool in this extension.
        request.extensions = {**request.extensions, "timeout": timeout.as_dict()}
    return _call_retry.get() or policy


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
    """A sync transport that applies a `RetryPolicy` and the per-call options."""

    def __init__(self, policy: RetryPolicy, inner: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = _prepare(request, self.policy)
        retry = 0
        while True:
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as error:
                delay = policy.delay_after_error(request, error, retry)
                if delay is None:
                    raise
                cause = type(error).__name__
            else:
                delay = policy.delay_after_response(request, response, retry)
                if delay is None:
                    return response
                response.close()
                cause = f"status {response.status_code}"
            _log(request, cause, retry, policy, delay)
            time.sleep(delay)
            retry += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    """The async twin of `RetryingTransport`."""

    def __init__(self, policy: RetryPolicy, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.policy = policy
        self._inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = _prepare(request, self.policy)
        retry = 0
        while True:
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as error:
                delay = policy.delay_after_error(request, error, retry)
                if delay is None:
                    raise
                cause = type(error).__name__
            else:
                delay = policy.delay_after_response(request, response, retry)
                if delay is None:
                    return response
                await response.aclose()
                cause = f"status {response.status_code}"
            _log(request, cause, retry, policy, delay)
            await asyncio.sleep(delay)
            retry += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
