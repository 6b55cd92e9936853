"""The one error body of the API, ``{"error": {"code", "message", "details"}}``, as an exception.

A handler raises `ApiError` anywhere inside a write transaction; the transaction is rolled back
and the error becomes the response, so a refused request changes nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from snapshots_mock.document import Problem


class ApiError(Exception):
    """An error answer: its status, code (from the document's closed list) and message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Iterable[Problem] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = tuple(details)
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        details = [{"field": d.field, "message": d.message} for d in self.details]
        return {"error": {"code": self.code, "message": self.message, "details": details}}


def invalid_parameters(problems: Iterable[Problem]) -> ApiError:
    return ApiError(400, "invalid_parameters", "The request has invalid parameters.", problems)


UNAUTHORIZED = ApiError(401, "unauthorized", "Invalid or missing authentication token.")


def service_unavailable(retry_after: int) -> ApiError:
    """503: the database cannot be reached, or the worker has too many connections.

    The message is fixed: what went wrong (a driver's message names hosts and ports) goes to the
    log only.
    """
    message = "The service is unavailable for a moment; try again after Retry-After seconds."
    return ApiError(503, "service_unavailable", message, headers={"Retry-After": str(retry_after)})
