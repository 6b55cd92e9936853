"""A client library for accessing VPS.org Snapshots API"""

from .client import AuthenticatedClient, Client
from .exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MalformedResponseError,
    SnapshotFailedError,
    SnapshotGoneError,
    SnapshotsError,
    UndocumentedStatusError,
    WaitDeadlineError,
    WaitError,
)
from .retries import DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, NO_RETRIES, RetryPolicy, call_options
from .sdk import AsyncSnapshotsClient, SnapshotsClient

__all__ = (
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "NO_RETRIES",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncSnapshotsClient",
    "AuthenticatedClient",
    "Client",
    "MalformedResponseError",
    "RetryPolicy",
    "SnapshotFailedError",
    "SnapshotGoneError",
    "SnapshotsClient",
    "SnapshotsError",
    "UndocumentedStatusError",
    "WaitDeadlineError",
    "WaitError",
    "call_options",
)
