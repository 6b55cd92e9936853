"""The generated client's types and calls say what the OpenAPI document says.

Each documented answer (the document's own examples, every status with its body) is handed to
the installed client through httpx's in-memory transport, so that every status of every
operation is covered, including those a server is hard to drive into; the tests against the
mock server cover the same client over real HTTP.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
from vps_snapshots_client import AuthenticatedClient, errors, models

from snapshots_mock import seed_facts
from tests import openapi_document as doc

DOCUMENT = doc.load()
SCHEMAS = DOCUMENT["components"]["schemas"]
BASE_URL = "https://admin.vps.org"
TOKEN = seed_facts.TOKEN
# The one class named by the generator's configuration rather than after a schema.
INLINE_CLASSES = {"ErrorInfo": SCHEMAS["Error"]["properties"]["error"]}


def _module(operation_id: str) -> ModuleType:
    name = re.sub(r"(?<!^)([A-Z])", r"_\1", operation_id).lower()
    return importlib.import_module(f"vps_snapshots_client.api.snapshots.{name}")


def _utc_as_python_writes_it(value: Any) -> Any:
    # The client writes date-times with isoformat(), "+00:00" where the examples have "Z".
    if isinstance(value, dict):
        return {key: _utc_as_python_writes_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_utc_as_python_writes_it(item) for item in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
        return value[:-1] + "+00:00"
    return value


def _answers() -> Iterator[Any]:
    """(operation, status, example name, example body or None) for every documented answer."""
    for path, method, operation in doc.operations(DOCUMENT):
        for status, response in operation["responses"].items():
            content = doc.resolve(DOCUMENT, response).get("content")
            if content is None:
                yield pytest.param(
                    path, method, operation, status, None, id=f"{operation['operationId']}-{status}"
                )
                continue
            media = content["application/json"]
            for name, example in media["examples"].items():
                value = doc.resolve(DOCUMENT, example)["value"]
                schema_name = media["schema"]["$ref"].rsplit("/", 1)[-1]
                yield pytest.param(
                    path,
                    method,
                    operation,
                    status,
                    (schema_name, value),
                    id=f"{operation['operationId']}-{status}-{name}",
                )


def _call_arguments(operation: Any) -> tuple[dict[str, Any], dict[str, str], Any]:
    """Keyword arguments for the operation's function, the path values, and the JSON body."""
    kwargs: dict[str, Any] = {}
    path_values: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        parameter = doc.resolve(DOCUMENT, parameter)
        kwargs[parameter["name"]] = parameter["example"]
        if parameter["in"] == "path":
            path_values[parameter["name"]] = str(parameter["example"])
    body = None
    if "requestBody" in operation:
        media = operation["requestBody"]["content"]["application/json"]
        body = doc.resolve(DOCUMENT, next(iter(media["examples"].values())))["value"]
        kwargs["body"] = models.SnapshotCreateRequest.from_dict(body)
    return kwargs, path_values, body


@pytest.mark.parametrize(("path", "method", "operation", "status", "answer"), list(_answers()))
def test_every_documented_answer_is_parsed_into_its_model(
    path: str, method: str, operation: Any, status: str, answer: tuple[str, Any] | None
) -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if answer is None:
            return httpx.Response(int(status))
        return httpx.Response(int(status), json=answer[1])

    kwargs, path_values, body = _call_arguments(operation)
    transport = httpx.MockTransport(server)
    client = AuthenticatedClient(
        base_url=BASE_URL, token=TOKEN, httpx_args={"transport": transport}
    )

    response = _module(operation["operationId"]).sync_detailed(client=client, **kwargs)

    (request,) = seen
    assert request.method == method.upper()
    assert request.url.path == path.format(**path_values)
    query = {name: str(value) for name, value in kwargs.items() if name not in path_values}
    query.pop("body", None)
    assert dict(request.url.params) == query
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == body
    assert response.status_code == int(status)
    if answer is None:
        assert response.parsed is None
        assert response.content == b""
    else:
        schema_name, value = answer
        assert type(response.parsed) is getattr(models, schema_name)
        assert response.parsed.to_dict() == _utc_as_python_writes_it(value)


@pytest.mark.parametrize("raise_on_unexpected_status", [False, True])
def test_an_undocumented_status_is_not_taken_for_a_documented_one(
    raise_on_unexpected_status: bool,
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500, text="boom"))
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        raise_on_unexpected_status=raise_on_unexpected_status,
        httpx_args={"transport": transport},
    )
    list_snapshots = _module("listSnapshots")
    if raise_on_unexpected_status:
        with pytest.raises(errors.UnexpectedStatus) as raised:
            list_snapshots.sync(client=client)
        assert (raised.value.status_code, raised.value.content) == (500, b"boom")
    else:
        assert list_snapshots.sync(client=client) is None


ENUMS = {
    "SnapshotStatus": SCHEMAS["SnapshotStatus"]["enum"],
    "ServerStatus": SCHEMAS["ServerStatus"]["enum"],
    "ErrorCode": SCHEMAS["ErrorCode"]["enum"],
    "RestoreResultStatus": SCHEMAS["RestoreResult"]["properties"]["status"]["enum"],
}


@pytest.mark.parametrize(("class_name", "values"), ENUMS.items())
def test_enums_hold_exactly_the_documents_values(class_name: str, values: list[str]) -> None:
    enum = getattr(models, class_name)
    assert sorted(member.value for member in enum) == sorted(values)
    assert all(str(member) == member.value for member in enum)


def _properties(schema: Any) -> tuple[dict[str, Any], set[str]]:
    schema = doc.resolve(DOCUMENT, schema)
    properties = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, more_required = _properties(part)
        properties.update(more)
        required |= more_required
    return properties, required


def _nullable(schema: Any) -> bool:
    kind = doc.resolve(DOCUMENT, schema).get("type")
    return isinstance(kind, list) and "null" in kind


OBJECT_SCHEMAS = {
    name: schema
    for name, schema in SCHEMAS.items()
    if schema.get("type") == "object" or "allOf" in schema
} | INLINE_CLASSES


@pytest.mark.parametrize(("class_name", "schema"), OBJECT_SCHEMAS.items())
def test_model_fields_are_the_schemas_properties(class_name: str, schema: Any) -> None:
    properties, required = _properties(schema)
    fields = {field.name: str(field.type) for field in attrs.fields(getattr(models, class_name))}
    closed = doc.resolve(DOCUMENT, schema).get("additionalProperties") is False
    assert ("additional_properties" not in fields) == closed
    fields.pop("additional_properties", None)
    assert set(fields) == set(properties)
    for name, annotation in fields.items():
        kinds = {kind.strip() for kind in annotation.split("|")}
        assert ("Unset" in kinds) == (name not in required), (name, annotation)
        assert ("None" in kinds) == _nullable(properties[name]), (name, annotation)
