"""The document's error body, as every error of the API must have it, whatever its status.

Schemathesis validates an error against the ``Error`` schema only where an operation documents
its status; a 404 for a path the API does not have, a 405, or a status no operation lists must
have the same body ("Every error (every 4xx and the 503) has the same body"). And the schema
cannot say what ``details`` holds: the offending fields of an ``invalid_parameters`` error, and
nothing for any other code.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema_rs
from schemathesis import Response

from contract_tests.document import raw


@functools.cache
def _error_schema() -> Any:
    # The document's Error schema, its references resolved inside the document.
    return jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/Error", "components": raw()["components"]}
    )


@functools.cache
def _detail_fields() -> frozenset[str]:
    """What a ``details`` entry may name, besides a field the request's body sent: a parameter
    or body field of an operation, or ``body`` (the ``ErrorDetail.field`` description)."""
    document = raw()
    names = {"body"}
    for parameter in document["components"]["parameters"].values():
        names.add(parameter["name"])
    for schema in document["components"]["schemas"].values():
        if schema.get("additionalProperties") is False:  # a request body's schema
            names.update(schema.get("properties", {}))
    return frozenset(names)


def _sent_fields(response: Response) -> set[str]:
    body = response.request.body
    try:
        sent = json.loads(body) if body else None
    except ValueError:
        return set()
    return set(sent) if isinstance(sent, dict) else set()


def error_body_problem(response: Response) -> str | None:
    """What is wrong with the error body of `response` (a 4xx or a 503), or None."""
    status = response.status_code
    if not (400 <= status < 500 or status == 503):
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    problems = [error.message for error in _error_schema().iter_errors(body)]
    if problems:
        return (
            f"a {status} without the document's error body "
            f'{{"error": {{"code", "message", "details"}}}}: {"; ".join(problems)}: '
            f"{response.text[:200]}"
        )
    error = body["error"]
    code, details = error["code"], error["details"]
    if code != "invalid_parameters" and details:
        return (
            f"a {code} error with details {details}: the document keeps details for "
            "invalid_parameters (empty otherwise)"
        )
    if code == "invalid_parameters":
        if not details:
            return "an invalid_parameters error that names no offending field"
        unknown = sorted({d["field"] for d in details} - _detail_fields() - _sent_fields(response))
        if unknown:
            return f"invalid_parameters names {unknown}: not a parameter, a body field or `body`"
    return None
