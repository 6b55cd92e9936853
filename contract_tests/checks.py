"""What the API means, as Schemathesis custom checks: run on every response the suite checks.

Each check is registered with ``@schemathesis.check`` when this module is imported, so it runs
beside the built-in checks in every ``case.call_and_validate()`` of the suite, in the stateful
run, and in a plain ``st run`` (``schemathesis.toml`` names this module under ``hooks``).

A check that needs the API's state (is the new snapshot listed?) asks for it with a follow-up
call sent as the checked request was: the same base URL (or in-process application) and the
same ``Authorization`` header. Follow-up calls only read, apart from the second delete of a
snapshot the checked request has just deleted.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.document import (
    RESTORE,
    SNAPSHOT,
    SNAPSHOTS,
    SNAPSHOTS_PER_SERVER,
    error_statuses,
)
from contract_tests.errors import error_body_problem
from contract_tests.target import MAX_ID, active


def _is(case: Case[Any], method: str, path: str) -> bool:
    return case.method.upper() == method and case.operation.path == path


def _json(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None  # not JSON: the built-in content and schema checks say so


def _sent_body(response: Response) -> Any:
    body = response.request.body
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _valid_id(value: Any) -> int | None:
    """`value` as an API identifier, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema's integer: 12345.0 is 12345
    if isinstance(value, int) and 1 <= value <= MAX_ID:
        return value
    return None


def _path_id(response: Response) -> int | None:
    # The id as it went over the wire: /api/v1/snapshots/{id}/...
    parts = urlsplit(str(response.request.url)).path.split("/")
    if "snapshots" not in parts or parts.index("snapshots") + 1 >= len(parts):
        return None
    return _valid_id(parts[parts.index("snapshots") + 1])


def follow_up(
    case: Case[Any],
    response: Response,
    method: str,
    path: str,
    *,
    snapshot_id: int | None = None,
    server_id: int | None = None,
) -> Response:
    """Call `method` `path` as the checked request was sent: same server, same token."""
    operation = case.operation.schema[path][method]
    follow = operation.Case(
        path_parameters={} if snapshot_id is None else {"snapshot_id": snapshot_id},
        query={} if server_id is None else {"server_id": server_id},
    )
    headers = {}
    authorization = response.request.headers.get("Authorization")
    if authorization is not None:
        headers["Authorization"] = authorization
    sent = urlsplit(str(response.request.url))
    result: Response = follow.call(base_url=f"{sent.scheme}://{sent.netloc}", headers=headers)
    _raise_model_findings(result, f"the follow-up {method} {path}")
    return result


def _raise_model_findings(response: Response, what: str = "the answer") -> None:
    target = active()
    findings = target.model.take(response) if target is not None and target.model else []
    if findings:
        listed = "\n".join(f"- {finding}" for finding in findings)
        raise AssertionError(f"{what} differs from the reference model:\n{listed}")


@schemathesis.check
def agrees_with_the_model(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """The answer agrees with the reference model of the account (`contract_tests.model`): what
    was sent, what was seen before, the document's order, lifecycle and properties."""
    _raise_model_findings(response)
    return None


def listed(
    case: Case[Any], response: Response, server_id: int | None = None
) -> list[dict[str, Any]]:
    """The snapshots the checked request's token sees (on `server_id`), by a follow-up list."""
    answer = follow_up(case, response, "GET", SNAPSHOTS, server_id=server_id)
    body = _json(answer)
    if answer.status_code != 200 or not isinstance(body, dict):
        raise AssertionError(f"the follow-up list was answered {answer.status_code}: {body}")
    results: list[dict[str, Any]] = body.get("results", [])
    return results


@schemathesis.check
def list_count_matches_results(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A list's ``count`` is the number of its ``results`` (the list is not paginated)."""
    if not _is(case, "GET", SNAPSHOTS) or response.status_code != 200:
        return None
    body = _json(response)
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        count, results = body.get("count"), body["results"]
        if count != len(results):
            raise AssertionError(f"`count` is {count!r} but `results` holds {len(results)}")
    return None


@schemathesis.check
def list_filter_is_respected(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A list filtered by ``server_id`` holds that server's snapshots only."""
    if not _is(case, "GET", SNAPSHOTS) or response.status_code != 200:
        return None
    values = parse_qs(urlsplit(str(response.request.url)).query).get("server_id", [])
    server_id = _valid_id(values[0]) if len(values) == 1 else None
    body = _json(response)
    if server_id is None or not isinstance(body, dict):
        return None
    others = sorted(
        {
            r.get("server", {}).get("id")
            for r in body.get("results", [])
            if isinstance(r, dict) and r.get("server", {}).get("id") != server_id
        },
        key=str,
    )
    if others:
        raise AssertionError(f"the list filtered by server_id={server_id} holds servers {others}")
    return None


@schemathesis.check
def error_code_goes_with_status(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """An error's code is the one the document's table gives for its status (401: unauthorized)."""
    if not 400 <= response.status_code < 500:
        return None
    body = _json(response)
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    expected = error_statuses().get(code) if isinstance(code, str) else None
    if expected is not None and expected != response.status_code:
        raise AssertionError(
            f"error code {code!r} is documented with {expected}, answered {response.status_code}"
        )
    return None


@schemathesis.check
def error_body_is_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every error (every 4xx and the 503) has the document's error body, whatever its status;
    ``details`` names the offending fields of an ``invalid_parameters`` error and is empty
    otherwise."""
    problem = error_body_problem(response)
    if problem is not None:
        raise AssertionError(problem)
    return None


# The document's form of every ``created_at``: UTC, to the whole second.
_UTC_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def _created_ats(body: Any) -> list[tuple[str, Any]]:
    if not isinstance(body, dict):
        return []
    found = [("created_at", body["created_at"])] if "created_at" in body else []
    snapshot = body.get("snapshot")
    if isinstance(snapshot, dict) and "created_at" in snapshot:
        found.append(("snapshot.created_at", snapshot["created_at"]))
    results = body.get("results")
    for index, item in enumerate(results if isinstance(results, list) else []):
        if isinstance(item, dict) and "created_at" in item:
            found.append((f"results[{index}].created_at", item["created_at"]))
    return found


@schemathesis.check
def created_at_is_utc_to_the_second(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """Every ``created_at`` is in UTC, to the whole second (``2025-01-15T18:30:00Z``): the
    schema's ``date-time`` format also takes an offset and a fraction."""
    if response.status_code not in (200, 201):
        return None
    wrong = [
        f"{where} is {value!r}"
        for where, value in _created_ats(_json(response))
        if not (isinstance(value, str) and _UTC_SECOND.fullmatch(value))
    ]
    if wrong:
        raise AssertionError(
            f"{'; '.join(wrong)}: the document's created_at is UTC, to the whole second "
            "(2025-01-15T18:30:00Z)"
        )
    return None


@schemathesis.check
def schema_valid_request_is_not_invalid(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A request the schema allows is never refused as ``invalid_parameters``.

    The document refuses some schema-valid requests with a 400 of its own (limit reached,
    duplicate name, invalid state), so the suite lets ``positive_data_acceptance`` take a 400;
    this check keeps the part of it that still holds: such a 400 never says the input is invalid.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if case.method.upper() != case.operation.method.upper():
        return None  # a probe with a method the operation does not have
    body = _json(response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("code") == "invalid_parameters":
        raise AssertionError(f"a schema-valid request was refused as invalid: {error}")
    return None


@schemathesis.check
def created_snapshot_is_listed(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A new snapshot is in_progress without a size, is listed, and its server holds at most 5."""
    if not _is(case, "POST", SNAPSHOTS) or not 200 <= response.status_code < 300:
        return None
    body = _json(response)
    if not isinstance(body, dict) or _valid_id(body.get("id")) is None:
        return None  # the schema checks report it
    snapshot_id = body["id"]
    problems = []
    if body.get("status") != "in_progress" or body.get("size_mb") is not None:
        problems.append(
            f"a new snapshot is in_progress with size_mb null, not {body.get('status')!r} "
            f"with {body.get('size_mb')!r}"
        )
    sent = _sent_body(response)
    server = body.get("server")
    server_id = server.get("id") if isinstance(server, dict) else None
    if isinstance(sent, dict) and (
        sent.get("server_id") != server_id or sent.get("name") != body.get("name")
    ):
        problems.append(f"the snapshot {body} is not the one asked for: {sent}")
    on_server = listed(case, response, server_id=_valid_id(server_id))
    if snapshot_id not in [s.get("id") for s in on_server]:
        problems.append(f"snapshot {snapshot_id} is not listed on server {server_id}")
    if len(on_server) > SNAPSHOTS_PER_SERVER:
        problems.append(
            f"server {server_id} holds {len(on_server)} snapshots, over the limit of "
            f"{SNAPSHOTS_PER_SERVER}"
        )
    if problems:
        raise AssertionError("; ".join(problems))
    return None


@schemathesis.check
def limit_refusal_stores_nothing(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A create refused with ``snapshot_limit_reached`` leaves the server at exactly 5."""
    if not _is(case, "POST", SNAPSHOTS) or response.status_code != 400:
        return None
    body = _json(response)
    error = body.get("error") if isinstance(body, dict) else None
    sent = _sent_body(response)
    if not isinstance(error, dict) or error.get("code") != "snapshot_limit_reached":
        return None
    server_id = _valid_id(sent.get("server_id")) if isinstance(sent, dict) else None
    if server_id is None:
        raise AssertionError(f"snapshot_limit_reached for a body without a server: {sent}")
    count = len(listed(case, response, server_id=server_id))
    if count != SNAPSHOTS_PER_SERVER:
        raise AssertionError(
            f"server {server_id} reached the limit of {SNAPSHOTS_PER_SERVER} but lists {count}"
        )
    return None


@schemathesis.check
def deleted_snapshot_is_gone(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A deleted snapshot is no longer listed, and a second delete is 404 snapshot_not_found."""
    if not _is(case, "DELETE", SNAPSHOT) or response.status_code != 204:
        return None
    snapshot_id = _path_id(response)
    if snapshot_id is None:
        return None
    if snapshot_id in [s.get("id") for s in listed(case, response)]:
        raise AssertionError(f"snapshot {snapshot_id} is still listed after its delete")
    again = follow_up(case, response, "DELETE", SNAPSHOT, snapshot_id=snapshot_id)
    body = _json(again)
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if again.status_code != 404 or code != "snapshot_not_found":
        raise AssertionError(
            f"a second delete of snapshot {snapshot_id} was answered {again.status_code} {body}"
        )
    return None


@schemathesis.check
def restore_reports_restoring(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A started restore names the snapshot it restores and says the server is ``restoring``."""
    if not _is(case, "POST", RESTORE) or response.status_code != 200:
        return None
    body = _json(response)
    if not isinstance(body, dict):
        return None
    server = body.get("server")
    snapshot = body.get("snapshot")
    if not isinstance(server, dict) or server.get("status") != "restoring":
        raise AssertionError(f"a started restore leaves the server {server}, not restoring")
    snapshot_id = _path_id(response)
    if isinstance(snapshot, dict) and snapshot_id is not None and snapshot.get("id") != snapshot_id:
        raise AssertionError(f"restore of snapshot {snapshot_id} answers for {snapshot}")
    return None


NAMES = (
    "agrees_with_the_model",
    "list_count_matches_results",
    "list_filter_is_respected",
    "error_code_goes_with_status",
    "error_body_is_documented",
    "created_at_is_utc_to_the_second",
    "schema_valid_request_is_not_invalid",
    "created_snapshot_is_listed",
    "limit_refusal_stores_nothing",
    "deleted_snapshot_is_gone",
    "restore_reports_restoring",
)
