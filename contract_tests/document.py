"""The OpenAPI document the suite tests against, and the facts the checks read from it."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
SNAPSHOTS = "/api/v1/snapshots/"
SNAPSHOT = "/api/v1/snapshots/{snapshot_id}/"
RESTORE = "/api/v1/snapshots/{snapshot_id}/restore/"
# The document's `SnapshotsPerServer` rule ("A server holds at most 5 snapshots"); prose, so
# written here once for the checks.
SNAPSHOTS_PER_SERVER = 5
_TABLE_ROW = re.compile(r"^\|\s*`(?P<code>[a-z_]+)`\s*\|\s*(?P<status>\d{3})\s*\|", re.MULTILINE)


@functools.cache
def raw() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def error_statuses() -> dict[str, int]:
    """Each error code's status, from the table in the ``ErrorCode`` schema's description."""
    schema = raw()["components"]["schemas"]["ErrorCode"]
    table = {m["code"]: int(m["status"]) for m in _TABLE_ROW.finditer(schema["description"])}
    if set(table) != set(schema["enum"]):
        raise LookupError("the ErrorCode table and its enum list different codes")
    return table
