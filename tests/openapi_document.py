"""Read the OpenAPI document and validate values against its schemas, for the tests.

The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1), so the plain `jsonschema`
library validates them once the document is registered as one resource: a `$ref` such as
``#/components/schemas/Snapshot`` then resolves inside it exactly as it does for a generator.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
DOCUMENT_URI = "urn:vps-snapshots:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Json = Any


@cache
def _loaded() -> Json:
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def load() -> Json:
    """A fresh deep copy of the document, safe for a test to change."""
    return copy.deepcopy(_loaded())


def resolve(document: Json, node: Json) -> Json:
    """Follow local `$ref`s (``#/components/...``) until a node without one."""
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"]
        assert pointer.startswith("#/"), f"only local references are used: {pointer}"
        node = document
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def validator(document: Json, schema: Json) -> Draft202012Validator:
    """A validator for `schema` (a schema or a `$ref` into `document`), formats checked."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Json] = Registry().with_resource(DOCUMENT_URI, resource)
    root = {"$id": DOCUMENT_URI + "/validated", **_rebase(schema)}
    return Draft202012Validator(root, registry=registry, format_checker=FormatChecker())


def schema_validator(name: str, document: Json | None = None) -> Draft202012Validator:
    """A validator for ``#/components/schemas/<name>``."""
    doc = _loaded() if document is None else document
    return validator(doc, {"$ref": f"#/components/schemas/{name}"})


def _rebase(schema: Json) -> Json:
    # A top-level "#/..." ref must point into the document, not into the wrapper schema.
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if ref.startswith("#/"):
            return {**schema, "$ref": DOCUMENT_URI + ref}
    return schema


def operations(document: Json) -> Iterator[tuple[str, str, Json]]:
    """Every (path, method, operation) of the document."""
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def media_examples(document: Json) -> Iterator[tuple[str, Json, Json]]:
    """Every example of a request or response body: (where, schema, example value)."""
    for _, _, operation in operations(document):
        bodies: list[tuple[str, Json]] = []
        if "requestBody" in operation:
            bodies.append(("request", resolve(document, operation["requestBody"])))
        for status, response in operation["responses"].items():
            bodies.append((status, resolve(document, response)))
        for label, body in bodies:
            for media_type, media in body.get("content", {}).items():
                for name, example in media.get("examples", {}).items():
                    value = resolve(document, example)["value"]
                    where = f"{operation['operationId']} {label} {media_type} {name}"
                    yield where, media["schema"], value


def link_problems(document: Json) -> list[str]:
    """What is wrong with the document's links, which neither validator nor linter checks.

    A link must name an existing operationId, give only parameters that operation has, and
    take each value from a `$response.body#/pointer` that the response schema defines.
    """
    by_id = {op["operationId"]: op for _, _, op in operations(document)}
    problems: list[str] = []
    for _, _, operation in operations(document):
        for status, response in operation["responses"].items():
            response = resolve(document, response)
            for name, link in response.get("links", {}).items():
                where = f"{operation['operationId']} {status} link {name!r}"
                link = resolve(document, link)
                target = by_id.get(link.get("operationId", ""))
                if target is None:
                    problems.append(f"{where}: unknown operationId {link.get('operationId')!r}")
                    continue
                known = {resolve(document, p)["name"] for p in target.get("parameters", [])}
                for param, expression in link.get("parameters", {}).items():
                    if param not in known:
                        problems.append(
                            f"{where}: {link['operationId']} has no parameter {param!r}"
                        )
                    problems.extend(
                        f"{where}: {problem}"
                        for problem in _expression_problems(document, response, expression)
                    )
    return problems


def _expression_problems(document: Json, response: Json, expression: str) -> list[str]:
    prefix = "$response.body#/"
    if not expression.startswith(prefix):
        return [f"unsupported runtime expression {expression!r}"]
    schema = response["content"]["application/json"]["schema"]
    for part in expression[len(prefix) :].split("/"):
        properties = _properties(document, schema)
        if part not in properties:
            return [f"{expression!r}: the response schema has no property {part!r}"]
        schema = properties[part]
    return []


def _properties(document: Json, schema: Json) -> dict[str, Json]:
    schema = resolve(document, schema)
    found: dict[str, Json] = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        found.update(_properties(document, part))
    return found


# Issue 23's edit, as an API team would make it: an optional `tags` array of strings in the
# create request and in `Snapshot` (a schema of its own, referred to from both, as
# `SnapshotDescription` is). Its description is new text, which no translation has yet.
TAGS_DESCRIPTION = "Labels of the snapshot, up to 10, each 1 to 32 characters: returned as sent."


def add_tags(document: Json) -> None:
    """Issue 23's edit: an optional `tags` array of strings in the create request and `Snapshot`."""
    schemas = document["components"]["schemas"]
    schemas["SnapshotTags"] = {
        "type": "array",
        "maxItems": 10,
        "items": {"type": "string", "minLength": 1, "maxLength": 32, "examples": ["nightly"]},
        "description": TAGS_DESCRIPTION,
        "examples": [["nightly", "before-upgrade"]],
    }
    for name in ("SnapshotCreateRequest", "Snapshot"):
        schemas[name]["properties"]["tags"] = {"$ref": "#/components/schemas/SnapshotTags"}
