"""A request's body: media type, size limit, reading, and the check against the document."""

from __future__ import annotations

from typing import Any

from starlette.types import Receive

from snapshots_mock.document import Operation, Problem
from snapshots_mock.errors import ApiError, invalid_parameters
from snapshots_mock.headers import Headers
from snapshots_mock.json_parsing import parse_json


def media_type(content_type: bytes | None) -> str:
    if content_type is None:
        return ""
    return content_type.split(b";", 1)[0].strip().lower().decode("latin-1")


async def read_body(
    operation: Operation,
    headers: Headers,
    receive: Receive,
    limit: int,
    *,
    accept_invalid_name: bool = False,
) -> Any:
    """The request's JSON body, checked against the document; None for an operation without.

    The body is read a message at a time and refused as soon as it passes `limit`, so a huge
    body is never held in memory. (Starlette's own body limit answers in plain text, and
    replaces even a 401 when the declared length is too big, hence this.)
    """
    if not operation.takes_body:
        return None  # a body sent to an operation without one is ignored, unread
    if media_type(headers.get(b"content-type")) not in operation.body_media_types:
        message = "The request body must be application/json."
        raise ApiError(415, "unsupported_media_type", message)
    declared = headers.get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        event = await receive()
        if event["type"] != "http.request":
            # The client went away mid-body: refuse, so that half a body is never acted on.
            raise invalid_parameters([Problem("body", "the body ended early")])
        chunk: bytes = event.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        more = event.get("more_body", False)
    raw = b"".join(chunks)
    if not raw.strip():
        if operation.body_required:
            raise invalid_parameters([Problem("body", "a JSON body is required")])
        return None
    value = parse_json(raw)
    if operation.body_schema is not None:
        problems = operation.body_schema.problems(value)
        if accept_invalid_name and isinstance(value, dict) and isinstance(value.get("name"), str):
            problems = [p for p in problems if p.field != "name"]  # FAULT: accept_invalid_name
        if problems:
            raise invalid_parameters(problems)
    return value


def _too_large(limit: int) -> ApiError:
    # Made when needed, not ahead of every body (docs/benchmarks.md).
    message = f"The request body is larger than {limit} bytes."
    return ApiError(413, "payload_too_large", message, headers={"Connection": "close"})
