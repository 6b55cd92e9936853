"""The OpenAPI document the suite tests against, and the facts the checks read from it.

The facts code reads are the document's ``x-`` extensions (checked present and well formed by
the lint ruleset, redocly.yaml), never its prose: ``info.x-snapshots-per-server`` and the
``ErrorCode`` schema's ``x-error-statuses``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
SNAPSHOTS = "/api/v1/snapshots/"
SNAPSHOT = "/api/v1/snapshots/{snapshot_id}/"
RESTORE = "/api/v1/snapshots/{snapshot_id}/restore/"


@functools.cache
def raw() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return loaded


def schema(name: str) -> dict[str, Any]:
    """The component schema `name`, as written (references unresolved)."""
    found: dict[str, Any] = raw()["components"]["schemas"][name]
    return found


@functools.cache
def snapshots_per_server() -> int:
    """How many snapshots a server holds at most (``info.x-snapshots-per-server``)."""
    limit = raw()["info"]["x-snapshots-per-server"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise LookupError(f"info.x-snapshots-per-server is not a positive integer: {limit!r}")
    return limit


@functools.cache
def error_statuses() -> dict[str, int]:
    """Each error code's status (the ``ErrorCode`` schema's ``x-error-statuses``)."""
    codes = schema("ErrorCode")
    table = dict(codes["x-error-statuses"])
    if set(table) != set(codes["enum"]):
        raise LookupError("ErrorCode's x-error-statuses and its enum list different codes")
    return table


SNAPSHOTS_PER_SERVER = snapshots_per_server()
