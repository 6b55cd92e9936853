"""The schemas as the reference page shows them: each answer's own shape, without the JSON Schema
conditionals that Redoc draws as something else.

The document says the size rule of a snapshot with ``if``/``then``/``else`` (``size_mb`` an
integer once ``completed``, ``null`` otherwise) and that a new snapshot is ``in_progress`` with a
``dependentSchemas`` branch of ``SnapshotCreated``; the contract suite and the clients rely on
them, so the document keeps them. Redoc 3 (Redocly CLI 2.77) draws ``if``/``then``/``else`` as
"One of: case 1 / case 2", opening on the ``then`` branch (``status`` "completed", ``size_mb``
an integer) even for the create answer whose text and example say ``in_progress`` and ``null``,
and draws each branch's ``additionalProperties: true`` as a property of its own ("property
name* any additional property", so a 7-field object says "Show 8 properties"). Redoc has no
option for either, so the page renders this copy (the downloads beside it are the document
itself):

- an ``allOf`` of objects becomes one object, and a ``dependentSchemas`` branch on a required
  property (so it always applies) narrows that property (``status``: the value ``in_progress``);
- a conditional whose ``if`` names only constant values that the schema fixes is replaced by the
  branch that applies (the create answer: ``else``, ``size_mb`` null);
- any other conditional is left out: its rule is the property's description, which the page
  shows (``size_mb``: "once it is `completed`; `null` while it is `in_progress` ...").
"""

from __future__ import annotations

import copy
from typing import Any

Json = Any
_REF_PREFIX = "#/components/schemas/"
# What a value that can only be null has no use for.
_NOT_FOR_NULL = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "format", "enum")


def reader_schemas(document: Json) -> Json:
    """A copy of `document` whose component schemas are drawn as their answers are."""
    shown = copy.deepcopy(document)
    schemas = shown.get("components", {}).get("schemas", {})
    original = copy.deepcopy(schemas)  # each schema is read as the document says it
    for name in list(schemas):
        schemas[name] = _for_reader(schemas[name], original)
    return shown


def _for_reader(schema: Json, schemas: dict[str, Json]) -> Json:
    if not isinstance(schema, dict):
        return schema
    if "allOf" in schema and all(_is_object(part, schemas) for part in schema["allOf"]):
        schema = _merged(schema, schemas)
    if "if" in schema:
        schema = _resolved(schema, schemas)
    return schema


def _is_object(part: Json, schemas: dict[str, Json]) -> bool:
    part = _target(part, schemas)
    return isinstance(part, dict) and (part.get("type") == "object" or "properties" in part)


def _target(schema: Json, schemas: dict[str, Json]) -> Json:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        return copy.deepcopy(schemas[ref[len(_REF_PREFIX) :]])
    return copy.deepcopy(schema)


def _merged(schema: Json, schemas: dict[str, Json]) -> Json:
    """One object of an ``allOf`` of objects, its always-applying dependent schemas applied."""
    merged: dict[str, Json] = {"type": "object"}
    if "description" in schema:
        merged["description"] = schema["description"]
    properties: dict[str, Json] = {}
    required: list[str] = []
    narrowing: list[Json] = []
    for part in schema["allOf"]:
        part = _target(part, schemas)
        properties.update(part.get("properties", {}))
        required += [name for name in part.get("required", []) if name not in required]
        for key in ("if", "then", "else"):
            if key in part:
                merged[key] = part[key]
        for name, dependent in part.get("dependentSchemas", {}).items():
            if name in part.get("required", []) or name in required:
                narrowing.append(dependent)
    merged["properties"] = properties
    merged["required"] = required
    for dependent in narrowing:
        _narrow(merged, dependent, schemas)
    return merged


def _narrow(schema: Json, branch: Json, schemas: dict[str, Json]) -> None:
    """Apply `branch`'s property constraints to `schema`'s properties (in place)."""
    for name, constraint in branch.get("properties", {}).items():
        base = schema["properties"].get(name, {})
        if "$ref" in base:
            own = {key: value for key, value in base.items() if key != "$ref"}
            base = {**_target(base, schemas), **own}
        narrowed = {**base, **constraint}
        if "const" in constraint:
            narrowed.pop("enum", None)
        if constraint.get("type") == "null":
            for key in _NOT_FOR_NULL:
                narrowed.pop(key, None)
        schema["properties"][name] = narrowed


def _resolved(schema: Json, schemas: dict[str, Json]) -> Json:
    schema = dict(schema)
    condition, then, otherwise = schema.pop("if"), schema.pop("then", {}), schema.pop("else", {})
    wanted = {
        name: constraint["const"]
        for name, constraint in condition.get("properties", {}).items()
        if isinstance(constraint, dict) and "const" in constraint
    }
    known = {
        name: schema.get("properties", {}).get(name, {}).get("const", _UNKNOWN) for name in wanted
    }
    if not wanted or _UNKNOWN in known.values():
        return schema  # the rule stays in the properties' descriptions
    branch = then if known == wanted else otherwise
    _narrow(schema, branch, schemas)
    return schema


_UNKNOWN = object()
