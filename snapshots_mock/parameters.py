"""A request's path and query parameters, parsed and checked against the operation's."""

from __future__ import annotations

import urllib.parse
from typing import Any

from starlette.types import Scope

from snapshots_mock.document import Operation, Problem
from snapshots_mock.errors import ApiError, invalid_parameters


def parameters(
    operation: Operation,
    scope: Scope,
    *,
    take_first_of_repeated: bool = False,
    refuse_unknown: bool = False,
    path_id_not_found: bool = False,
) -> dict[str, Any]:
    """The operation's parameters by name; `ApiError` 400 naming every one that is wrong.

    The keyword arguments are fault switches (`config.Faults`), all off but in the fault matrix.
    """
    path_params: dict[str, str] = scope.get("path_params", {})
    query: dict[str, list[str]] = {}
    if (operation.parameters or refuse_unknown) and scope["query_string"]:
        query = _query(scope["query_string"].decode("latin-1"))
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    if refuse_unknown:
        known = {p.name for p in operation.parameters}
        # FAULT: unknown_query_parameter_refused
        problems += [Problem(name, "is not a parameter") for name in query if name not in known]
    for parameter in operation.parameters:
        if parameter.location == "path":
            texts = [path_params[parameter.name]]
        else:
            texts = query.get(parameter.name, [])
        if not texts:
            if parameter.required:
                problems.append(Problem(parameter.name, "is required"))
            continue
        if len(texts) > 1 and not take_first_of_repeated:  # FAULT: repeated_query_parameter_taken
            problems.append(Problem(parameter.name, "is given more than once"))
            continue
        value, found = parameter.parse(texts[0])
        if found and path_id_not_found and parameter.location == "path":
            # FAULT: bad_path_id_not_found
            raise ApiError(404, "snapshot_not_found", f"Snapshot {texts[0]} does not exist.")
        problems.extend(found)
        values[parameter.name] = value
    if problems:
        raise invalid_parameters(problems)
    return values


def _query(text: str) -> dict[str, list[str]]:
    if "%" in text or "+" in text:
        # errors="replace": a percent-encoded byte that is not UTF-8 becomes U+FFFD, which no
        # parameter's schema accepts, so it is a 400 that names the parameter.
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="replace")
    # Nothing to decode (the usual "server_id=12345"): the same result, a good deal faster.
    found: dict[str, list[str]] = {}
    for part in text.split("&"):
        if part:
            name, _, value = part.partition("=")
            found.setdefault(name, []).append(value)
    return found
