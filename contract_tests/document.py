"""The OpenAPI document the suite tests against, and the facts the checks read from it.

The facts code reads are the document's ``x-`` extensions (checked present and well formed by
the lint ruleset, redocly.yaml), never its prose: ``info.x-snapshots-per-server`` and the
``ErrorCode`` schema's ``x-error-statuses``.

Which document: the one bundled in the installed package (``vps-snapshots-contract``, built by
``nox -s build``), else this repository's ``openapi/openapi.yaml``; ``--spec FILE`` chooses
another (`use`), e.g. a release under ``openapi/releases/``, before the suite is imported.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
# The wheel carries the document beside the modules (scripts/package_contract.py puts it there).
BUNDLED = PACKAGE / "openapi.yaml"
OPENAPI = BUNDLED if BUNDLED.exists() else ROOT / "openapi" / "openapi.yaml"
SNAPSHOTS = "/api/v1/snapshots/"
SNAPSHOT = "/api/v1/snapshots/{snapshot_id}/"
RESTORE = "/api/v1/snapshots/{snapshot_id}/restore/"


_CHOSEN: list[Path] = []


def path() -> Path:
    """The document the run tests against."""
    return _CHOSEN[-1] if _CHOSEN else OPENAPI


def use(document: Path) -> None:
    """Test against `document` from now on (``--spec``); before the suite's modules are imported,
    since the checks read its facts when they are."""
    _CHOSEN[:] = [document.resolve()]
    for cached in (
        raw,
        snapshots_per_server,
        error_statuses,
        documented_statuses,
        sent_properties,
    ):
        cached.cache_clear()


@functools.cache
def raw() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path().read_text(encoding="utf-8"))
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


@functools.cache
def documented_statuses() -> dict[str, tuple[int, ...]]:
    """Each operation (``METHOD /path/``) and the statuses the document lists for it."""
    found = {}
    for route, item in raw()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                statuses = sorted(int(s) for s in operation["responses"] if str(s).isdigit())
                found[f"{method.upper()} {route}"] = tuple(statuses)
    return found


def _follow(node: Any) -> Any:
    """`node` with its local ``$ref`` followed (to the schema it names)."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        found: Any = raw()
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part.replace("~1", "/").replace("~0", "~")]
        node = found
    return node


def _properties(node: Any) -> dict[str, Any]:
    """An object schema's properties, those of its ``allOf`` parts included."""
    schema = _follow(node)
    found: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        found.update(_properties(part))
    found.update(schema.get("properties", {}))
    return found


@functools.cache
def sent_properties() -> tuple[str, ...]:
    """The properties of a snapshot that the API returns as they were sent: those of both the
    ``Snapshot`` schema and the create request body (``POST /api/v1/snapshots/``), in the
    body's order. (``server_id`` is answered as ``server.id``, which the model compares too.)"""
    operation = raw()["paths"][SNAPSHOTS]["post"]
    body = _follow(operation["requestBody"])["content"]["application/json"]["schema"]
    snapshot = _properties(schema("Snapshot"))
    return tuple(name for name in _properties(body) if name in snapshot)


def __getattr__(name: str) -> int:
    # Read when asked for, not when this module is imported: --spec may choose the document
    # after the command has imported this module and before the checks import the limit.
    if name == "SNAPSHOTS_PER_SERVER":
        return snapshots_per_server()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
