"""The OpenAPI document, read once at start-up into what the server needs at run time.

Routes, parameters (and how each is parsed from the URL), the accepted request media types, the
request body schema and every response schema come from the document; nothing here repeats a
schema. Each schema is compiled once by jsonschema-rs against the whole document, registered as
one resource, so a ``$ref`` resolves exactly as it does for the clients' generators, and the
compiled validators are reused for every request.

jsonschema-rs validates JSON Schema 2020-12 (the schemas of an OpenAPI 3.1 document) and nothing
of what OpenAPI adds around them: how a parameter is written in a URL, which media types a body
may have, which responses an operation documents. Those few rules are read from the document
here.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema_rs
import yaml

# libyaml's loader when PyYAML was built with it: a large seed file loads ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DOCUMENT_URI = "urn:vps-snapshots:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# The OpenAPI types a URL parameter can be parsed to; a document using another type for a path
# or query parameter is refused at start-up rather than half-served.
_INTEGER = re.compile(r"-?[0-9]+")

Json = Any


class DocumentError(Exception):
    """The document uses something this mock cannot serve."""


@dataclass(frozen=True)
class Problem:
    """One offending field: the ``details`` item of an ``invalid_parameters`` error."""

    field: str
    message: str


@dataclass(frozen=True)
class Schema:
    """A compiled schema of the document, named by its JSON pointer."""

    pointer: str
    validator: jsonschema_rs.Validator

    def problems(self, value: Json, field: str | None = None) -> list[Problem]:
        """What is wrong with `value`; `field` names it when it is one parameter."""
        if self.validator.is_valid(value):
            return []
        found: list[Problem] = []
        for error in self.validator.iter_errors(value):
            if field is not None:
                found.append(Problem(field, error.message))
            else:
                found.extend(_body_problems(error))
        return found


def _body_problems(error: jsonschema_rs.ValidationError) -> list[Problem]:
    # Name the field a person would look at: the property for a missing or unknown one, the
    # path to the value otherwise, and "body" for the body as a whole.
    kind = error.kind
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        return [
            Problem(_field_name([*error.instance_path, name]), f"unknown field {name!r}")
            for name in kind.unexpected
        ]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return [Problem(_field_name([*error.instance_path, kind.property]), error.message)]
    return [Problem(_field_name(error.instance_path), error.message)]


def _field_name(path: list[str | int]) -> str:
    return ".".join(str(part) for part in path) or "body"


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter: its name, whether it must be there, and its schema."""

    name: str
    location: str
    required: bool
    type: str
    schema: Schema

    def parse(self, text: str) -> tuple[Json, list[Problem]]:
        """The value of the parameter from its text in the URL, or what is wrong with it."""
        value: Json = text
        if self.type == "integer":
            # Only ASCII digits with an optional minus: int() alone would take " 7", "+7",
            # "7_000" and other scripts' digits, none of which is an integer in a URL.
            if _INTEGER.fullmatch(text) is None or len(text) > 4000:
                return None, [Problem(self.name, f"{text!r} is not a valid integer")]
            value = int(text)
        return value, self.schema.problems(value, self.name)


@dataclass(frozen=True)
class Response:
    """One documented response of an operation: its media type and body schema, if any."""

    status: int
    media_type: str | None
    schema: Schema | None


@dataclass(frozen=True)
class Operation:
    """One operation of the document, everything the server checks about it compiled."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    body_media_types: frozenset[str]
    body_required: bool
    body_schema: Schema | None
    responses: Mapping[int, Response]

    @property
    def takes_body(self) -> bool:
        return bool(self.body_media_types)


@dataclass(frozen=True)
class ApiDocument:
    """The served document: its operations by path and method, and the shared error schema."""

    operations: tuple[Operation, ...]
    paths: Mapping[str, Mapping[str, Operation]]
    error_schema: Schema
    error_media_type: str


@dataclass(frozen=True)
class Facts:
    """The API's facts the handlers read, from the document's ``x-`` extensions (never its prose):
    the per-server snapshot limit (``info.x-snapshots-per-server``) and each error code's status
    (the ``ErrorCode`` schema's ``x-error-statuses``). The lint ruleset checks both are there."""

    snapshots_per_server: int
    error_statuses: Mapping[str, int]


@functools.cache
def document_facts(path: Path) -> Facts:
    """The facts of the document at `path`, read once per path."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    limit = document["info"].get("x-snapshots-per-server")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise DocumentError(f"info.x-snapshots-per-server is not a positive integer: {limit!r}")
    codes = document["components"]["schemas"]["ErrorCode"]
    statuses = codes.get("x-error-statuses") or {}
    if set(statuses) != set(codes["enum"]):
        raise DocumentError("ErrorCode's x-error-statuses and its enum name different codes")
    return Facts(limit, MappingProxyType(dict(statuses)))


def load_document(path: Path) -> ApiDocument:
    """Read and compile the OpenAPI document at `path`."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return _Compiler(document).compile()


class _Compiler:
    def __init__(self, document: Json) -> None:
        if not str(document.get("openapi", "")).startswith("3.1."):
            raise DocumentError("the mock serves OpenAPI 3.1 documents")
        self.document = document
        registry = jsonschema_rs.Registry(
            [(DOCUMENT_URI, document)], draft=jsonschema_rs.Draft202012
        )
        self.registry = registry
        self._compiled: dict[str, Schema] = {}

    def compile(self) -> ApiDocument:
        operations: list[Operation] = []
        paths: dict[str, dict[str, Operation]] = {}
        for template, item in self.document["paths"].items():
            item_pointer = "#/paths/" + _escape(template)
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = self._operation(
                    template, method, item[method], f"{item_pointer}/{method}", shared
                )
                operations.append(operation)
                paths.setdefault(template, {})[method.upper()] = operation
        error = self.schema("#/components/schemas/Error")
        return ApiDocument(tuple(operations), paths, error, "application/json")

    def schema(self, pointer: str) -> Schema:
        if pointer not in self._compiled:
            # A pointer in a URI fragment is percent-encoded ("{snapshot_id}" in a path).
            fragment = urllib.parse.quote(pointer, safe="#/~")
            validator = jsonschema_rs.validator_for(
                {"$ref": DOCUMENT_URI + fragment},
                registry=self.registry,
                validate_formats=True,
            )
            self._compiled[pointer] = Schema(pointer, validator)
        return self._compiled[pointer]

    def _resolve(self, node: Json, pointer: str) -> tuple[Json, str]:
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"]
            if not pointer.startswith("#/"):
                raise DocumentError(f"only local references are served: {pointer}")
            node = self.document
            for part in pointer[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, pointer

    def _operation(
        self, template: str, method: str, spec: Json, pointer: str, shared: list[Json]
    ) -> Operation:
        parameters: dict[tuple[str, str], Parameter] = {}
        sources = [(shared, pointer.rsplit("/", 1)[0]), (spec.get("parameters", []), pointer)]
        for items, base in sources:
            for index, raw in enumerate(items):
                parameter = self._parameter(raw, f"{base}/parameters/{index}")
                parameters[(parameter.location, parameter.name)] = parameter
        media_types: frozenset[str] = frozenset()
        body_schema = None
        body_required = False
        if "requestBody" in spec:
            body, body_pointer = self._resolve(spec["requestBody"], f"{pointer}/requestBody")
            media_types = frozenset(media.lower() for media in body["content"])
            if media_types != {"application/json"}:
                raise DocumentError(f"{template} {method}: only JSON request bodies are served")
            body_required = bool(body.get("required", False))
            body_schema = self.schema(f"{body_pointer}/content/application~1json/schema")
        responses: dict[int, Response] = {}
        for status, raw in spec["responses"].items():
            response, response_pointer = self._resolve(raw, f"{pointer}/responses/{status}")
            content = response.get("content", {})
            if not content:
                responses[int(status)] = Response(int(status), None, None)
                continue
            (media_type,) = content
            schema = self.schema(f"{response_pointer}/content/{_escape(media_type)}/schema")
            responses[int(status)] = Response(int(status), media_type, schema)
        return Operation(
            operation_id=spec["operationId"],
            method=method.upper(),
            path=template,
            parameters=tuple(parameters.values()),
            body_media_types=media_types,
            body_required=body_required,
            body_schema=body_schema,
            responses=responses,
        )

    def _parameter(self, raw: Json, pointer: str) -> Parameter:
        spec, pointer = self._resolve(raw, pointer)
        if spec["in"] not in ("path", "query"):
            raise DocumentError(f"{spec['name']}: only path and query parameters are served")
        schema_node, _ = self._resolve(spec["schema"], f"{pointer}/schema")
        kind = schema_node.get("type")
        if kind not in ("integer", "string"):
            raise DocumentError(f"{spec['name']}: only integer and string parameters are served")
        return Parameter(
            name=spec["name"],
            location=spec["in"],
            required=bool(spec.get("required", False)),
            type=kind,
            schema=self.schema(f"{pointer}/schema"),
        )


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")
