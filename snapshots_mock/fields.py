"""Which documented properties of a snapshot the mock stores as sent, read from the document.

The rule, derived from the document at start-up and not listed here by hand: a property of both
the create request body (``createSnapshot``'s JSON schema) and the ``Snapshot`` schema is
returned as it was sent; every other property of ``Snapshot`` is set by the API (the handlers
compute it). The handlers own a few properties by name, because they apply rules to them or
compute them: ``name`` (unique per server), ``server_id`` (the server it names), and the
properties they write into every answer (`SET_BY_HANDLERS`). Every other as-sent property (today
``description``) has a column of its own, named after it, created (or added to an existing
table) at start-up, and is stored and answered without the handlers naming it: a property
added to both schemas is carried at once.

What the mock cannot carry makes it refuse to start, naming the property (`DocumentError`): a
``Snapshot`` property that the create body does not have and the handlers do not set, a create
body property that ``Snapshot`` does not return and the handlers do not use, a name that cannot
be a column, and a property ``Snapshot`` requires, not null, that the create body may leave out
(there would be nothing to answer). A string (possibly null) is stored as it is, so the
``description`` column of a database made before keeps serving; any other value is stored as
its JSON text, which holds every JSON value: no property is refused for its type.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml

from snapshots_mock.document import DocumentError

# libyaml's loader when PyYAML was built with it (as in `document`).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SNAPSHOT_SCHEMA = "Snapshot"
CREATE_OPERATION = "createSnapshot"
# The create body's properties that `handlers.create_snapshot` reads itself.
HANDLED_REQUEST = frozenset({"server_id", "name"})
# The properties `handlers.snapshot_body` writes into every snapshot it answers.
SET_BY_HANDLERS = frozenset({"id", "server", "name", "status", "size_mb", "created_at"})
# The columns of the snapshots table that the handlers own (sql.TABLES); a property of one of
# these names cannot have a column of its own.
HANDLER_COLUMNS = frozenset(
    {"id", "server_id", "name", "created_at", "ready_at_us", "outcome", "size_mb"}
)
# A column name the same in SQLite and PostgreSQL without quoting (and not a keyword of either
# that a property is likely to be named; a reserved word fails at start-up in the CREATE).
_COLUMN = re.compile(r"[a-z][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class SentField:
    """One property stored as sent: its column, and how its value is kept there."""

    name: str
    # A string (or null) is kept as it is; any other value as its JSON text.
    plain_text: bool
    # Whether `Snapshot` lists it in `required`: an answer then shows it, null if never sent.
    required: bool

    def to_column(self, body: Mapping[str, Any]) -> Any:
        """The column's value for a create request `body` (NULL when the property is absent)."""
        if self.name not in body:
            return None
        value = body[self.name]
        if self.plain_text or value is None:
            return value
        return orjson.dumps(value).decode()

    def from_column(self, stored: Any) -> Any:
        if stored is None or self.plain_text:
            return stored
        return orjson.loads(stored)


class SnapshotFields:
    """The as-sent properties with a column of their own, in their columns' order."""

    def __init__(self, sent: tuple[SentField, ...]) -> None:
        self.sent = sent
        self.columns = tuple(field.name for field in sent)
        # What `fill` does per column, worked out once: it runs for every snapshot answered.
        self._plan = tuple(
            (field.name, None if field.plain_text else orjson.loads, field.required)
            for field in sent
        )

    def row_values(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Each column's value for a create request `body`."""
        return {field.name: field.to_column(body) for field in self.sent}

    def fill(self, answer: dict[str, Any], stored: tuple[Any, ...]) -> dict[str, Any]:
        """`answer` with the properties of the stored columns: an optional one never sent (NULL)
        is left out, a required one is null."""
        for (name, decode, required), value in zip(self._plan, stored, strict=True):
            if value is None:
                if required:
                    answer[name] = None
            else:
                answer[name] = value if decode is None else decode(value)
        return answer


@functools.cache
def snapshot_fields(path: Path) -> SnapshotFields:
    """The as-sent properties of the document at `path`; `DocumentError` naming what the mock
    cannot carry."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return fields_of(document)


def fields_of(document: Any) -> SnapshotFields:
    """`snapshot_fields` for a loaded document."""
    schemas = document.get("components", {}).get("schemas", {})
    if SNAPSHOT_SCHEMA not in schemas:
        raise DocumentError(f"components.schemas has no {SNAPSHOT_SCHEMA} schema")
    snapshot, snapshot_required = _object(document, schemas[SNAPSHOT_SCHEMA])
    request, _ = _object(document, _create_body(document))
    problems: list[str] = []
    for name in sorted(set(snapshot) - set(request) - SET_BY_HANDLERS):
        problems.append(
            f"{SNAPSHOT_SCHEMA}.{name} is not a property of the {CREATE_OPERATION} request body, "
            "and the mock does not set it: it has no value to answer"
        )
    for name in sorted(set(request) - set(snapshot) - HANDLED_REQUEST):
        problems.append(
            f"the {CREATE_OPERATION} request property {name!r} is not a property of "
            f"{SNAPSHOT_SCHEMA}, and the mock does not use it: it would be dropped"
        )
    sent: list[SentField] = []
    for name in request:  # in the document's order
        if name not in snapshot or name in HANDLED_REQUEST:
            continue
        if not _COLUMN.fullmatch(name) or name in HANDLER_COLUMNS:
            problems.append(
                f"the as-sent property {name!r} cannot be a column of the snapshots table "
                "(a lower-case letter, then letters, digits or underscores, and not one of "
                f"{', '.join(sorted(HANDLER_COLUMNS))})"
            )
            continue
        types = _types(document, snapshot[name])
        required = name in snapshot_required
        if required and "null" not in types:
            problems.append(
                f"{SNAPSHOT_SCHEMA} requires {name!r}, not null, which the {CREATE_OPERATION} "
                "request body may leave out: the mock would have nothing to answer"
            )
            continue
        plain_text = bool(types) and types <= {"string", "null"}
        sent.append(SentField(name, plain_text=plain_text, required=required))
    if problems:
        raise DocumentError(
            "the mock cannot store and answer every documented snapshot property:\n- "
            + "\n- ".join(problems)
        )
    return SnapshotFields(tuple(sent))


def _resolve(document: Any, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"]
        if not pointer.startswith("#/"):
            raise DocumentError(f"only local references are served: {pointer}")
        node = document
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _create_body(document: Any) -> Any:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == CREATE_OPERATION:
                body = _resolve(document, operation.get("requestBody", {}))
                return body.get("content", {}).get("application/json", {}).get("schema", {})
    raise DocumentError(f"the document has no operation {CREATE_OPERATION}")


def _object(document: Any, node: Any) -> tuple[dict[str, Any], set[str]]:
    """An object schema's properties (its ``allOf`` parts' included) and required names."""
    schema = _resolve(document, node)
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for part in schema.get("allOf", []):
        part_properties, part_required = _object(document, part)
        properties.update(part_properties)
        required |= part_required
    properties.update(schema.get("properties", {}))
    required |= set(schema.get("required", []))
    return properties, required


def _types(document: Any, node: Any) -> set[str]:
    """The JSON types a property's schema names (empty when it names none: any value)."""
    schema = _resolve(document, node)
    kind = schema.get("type")
    if kind is None:
        return {"null"} if schema.get("const", ...) is None else set()
    return {kind} if isinstance(kind, str) else set(kind)
