"""The facts `spec_changes.layer` states about the clients' hand-written layer, checked against
the layer itself and the project's document, so that the report's layer notes stay true.

Python's layer is checked as built (the package the tests session installs from generated/);
the others in their source (the registry's `Layer.sources`), which regeneration copies as is.
Every target of the registry (scripts/targets/) is checked for its operations' methods; the
names of the rest of the layers' contract are checked by tests/test_targets.py.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
from pathlib import Path

import pytest
import vps_snapshots_client
import yaml
from openapi_python_client.strings import PythonIdentifier
from vps_snapshots_client import _document, exceptions, sdk

from scripts import targets
from spec_changes import layer
from spec_changes.document import follow
from spec_changes.operations import METHODS
from spec_changes.schemas import flatten

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
TS_LAYER = ROOT / "openapi" / "typescript-client" / "layer"
TS_CLIENT = (TS_LAYER / "client.ts").read_text(encoding="utf-8")
TS_ERRORS = (TS_LAYER / "errors.ts").read_text(encoding="utf-8")
GO_CLIENT = (ROOT / "openapi" / "go-client" / "layer" / "client.go").read_text(encoding="utf-8")
RUST_LAYER = (ROOT / "openapi" / "rust-client" / "layer" / "sdk.rs").read_text(encoding="utf-8")
PER_CALL = {"self", "timeout", "total_timeout", "retry"}
OPENAPI_TS = ROOT / "node_modules" / ".bin" / "openapi-ts"
# operationIds of every shape the generators name differently.
SAMPLE_IDS = [
    "listSnapshots",
    "list_snapshots",
    "getHTTPStatus",
    "deleteSnapshot2",
    "get-thing.v2",
    "list",
]
# Methods of the layer's clients that are not an operation's.
OWN_METHODS = {"wait_for_snapshot", "close", "aclose"}


def _operations() -> list[tuple[str, str, dict[str, object]]]:
    return [
        (method, path, item[method])
        for path, item in DOCUMENT["paths"].items()
        for method in METHODS
        if method in item
    ]


def _operation(operation_id: str) -> dict[str, object]:
    (found,) = [op for _, _, op in _operations() if op["operationId"] == operation_id]
    return found


def _arguments(operation: dict[str, object]) -> set[str]:
    """The path and query parameters and the JSON body's properties, by name."""
    names = set()
    for node in operation.get("parameters", []):  # type: ignore[attr-defined]
        parameter, _ = follow(DOCUMENT, node)
        if parameter["in"] in ("path", "query"):
            names.add(parameter["name"])
    body, _ = follow(DOCUMENT, operation.get("requestBody") or {})
    node = ((body.get("content") or {}).get("application/json") or {}).get("schema") or {}
    schema, _ = follow(DOCUMENT, node)
    names |= set(flatten(schema, lambda part: follow(DOCUMENT, part)).get("properties") or {})
    return names


def _public_methods(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name[0] != "_"}


@pytest.mark.parametrize("operation_id", SAMPLE_IDS)
def test_the_python_name_is_the_generators(operation_id: str) -> None:
    assert layer.python_method(operation_id) == PythonIdentifier(operation_id, prefix="")


def test_the_typescript_name_is_the_generators(tmp_path: Path) -> None:
    # The pinned @hey-api/openapi-ts, with the project's configuration, names the functions.
    # (Two ids of the same name would be told apart with a number: list_snapshots is left out.)
    ids = [*(i for i in SAMPLE_IDS if i != "list_snapshots"), "list_all_snapshots"]
    operations = {
        method: {"operationId": operation_id, "responses": {"200": {"description": "OK."}}}
        for method, operation_id in zip(METHODS, ids, strict=False)
    }
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}
    (tmp_path / "doc.json").write_text(json.dumps({**document, "paths": {"/a/": operations}}))
    config = ROOT / "openapi" / "typescript-client" / "openapi-ts.config.mjs"
    command = [str(OPENAPI_TS), "--file", str(config), "--input", str(tmp_path / "doc.json")]
    subprocess.run([*command, "--silent", "--no-log-file"], cwd=tmp_path, check=True)
    sdk_source = (tmp_path / "src" / "sdk.gen.ts").read_text(encoding="utf-8")
    generated = set(re.findall(r"^export const (\w+) =", sdk_source, re.MULTILINE))
    assert generated == {layer.typescript_method(operation_id) for operation_id in ids}


@pytest.mark.parametrize("cls", [vps_snapshots_client.SnapshotsClient, sdk.AsyncSnapshotsClient])
def test_each_operation_is_a_python_method_of_its_name_with_its_arguments(cls: type) -> None:
    expected = {layer.python_method(str(op["operationId"])): op for _, _, op in _operations()}
    assert _public_methods(cls) - OWN_METHODS == set(expected)
    for name, operation in expected.items():
        arguments = set(inspect.signature(getattr(cls, name)).parameters) - PER_CALL
        assert arguments == _arguments(operation), name


def test_each_operation_is_a_typescript_method_of_its_name() -> None:
    methods = set(re.findall(r"^  async (\w+)\(", TS_CLIENT, re.MULTILINE))
    expected = {layer.typescript_method(str(op["operationId"])) for _, _, op in _operations()}
    assert methods - {"waitForSnapshot"} == expected
    generated = (ROOT / "generated" / "typescript" / "src" / "sdk.gen.ts").read_text("utf-8")
    assert set(re.findall(r"^export const (\w+) =", generated, re.MULTILINE)) == expected


def test_each_operation_is_a_go_method_of_its_name() -> None:
    # Go's layer calls the generated Client method of the same name: oapi-codegen's name for
    # the operationId, which the generated file shows for the project's document.
    methods = set(re.findall(r"^func \(c \*SnapshotsClient\) (\w+)\(", GO_CLIENT, re.MULTILINE))
    expected = {
        layer.method(targets.TARGETS["go"], str(op["operationId"])) for _, _, op in _operations()
    }
    assert methods - {"WaitForSnapshot"} == expected
    generated = (ROOT / "generated" / "go" / "snapshots.gen.go").read_text("utf-8")
    assert set(re.findall(r"^func \(c \*Client\) (\w+)\(", generated, re.MULTILINE)) >= expected
    for name in expected:
        assert f"c.Generated.{name}(ctx" in GO_CLIENT


def test_each_operation_is_a_rust_method_of_its_name() -> None:
    # The methods of `impl SnapshotsClient` that send a request: one per operation, plus the wait.
    methods = set(re.findall(r"^    pub async fn (\w+)\(", RUST_LAYER, re.MULTILINE))
    expected = {
        layer.method(targets.TARGETS["rust"], str(op["operationId"])) for _, _, op in _operations()
    }
    assert methods - {"wait_for_snapshot"} == expected
    for name in expected:
        assert f"&documented::{name.upper()}," in RUST_LAYER


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_the_report_names_a_method_of_every_layer_for_each_operation(
    target: targets.Target,
) -> None:
    # What spec_changes.layer says of an operation names this target's method, and that method
    # is declared in the layer's source.
    source = "\n".join(p.read_text(encoding="utf-8") for p in targets.layer_files(target))
    for _, _, operation in _operations():
        name = layer.method(target, str(operation["operationId"]))
        assert f"{target.layer.clients[0]}.{name} ({target.label}" in layer.removed_operation(
            operation
        )
        declaration = target.layer.declaration.replace("{name}", re.escape(name))
        assert re.search(declaration, source, re.MULTILINE), (target.name, name)


def test_the_wait_helper_polls_the_list_with_its_filter() -> None:
    query = {
        follow(DOCUMENT, node)[0]["name"]
        for node in _operation(layer.WAIT_OPERATION)["parameters"]  # type: ignore[attr-defined]
        if follow(DOCUMENT, node)[0]["in"] == "query"
    }
    assert layer.WAIT_FILTER in query
    wait = inspect.signature(sdk.SnapshotsClient.wait_for_snapshot).parameters
    assert wait[layer.WAIT_FILTER].kind is inspect.Parameter.KEYWORD_ONLY
    list_method = layer.python_method(layer.WAIT_OPERATION)
    assert f"self.{list_method}(server_id)" in inspect.getsource(sdk.SnapshotsClient)
    ts_list = layer.typescript_method(layer.WAIT_OPERATION)
    assert f"this.{ts_list}(options.serverId, call)" in TS_CLIENT
    assert "serverId?: number;" in TS_CLIENT


def test_the_wait_helper_relies_on_the_statuses_it_names() -> None:
    name = layer.STATUS_SCHEMA.removeprefix("schema ")
    values = DOCUMENT["components"]["schemas"][name]["enum"]
    python, typescript = inspect.getsource(sdk), TS_CLIENT
    for value in ("completed", "failed"):
        assert value in values
        assert f"{name}.{value.upper()}" in python
        assert f"snapshot.status === '{value}'" in typescript
    assert "SnapshotFailedError(" in python
    assert "SnapshotFailedError(" in typescript


def test_error_codes_are_the_error_code_schemas() -> None:
    name = layer.ERROR_CODE_SCHEMA.removeprefix("schema ")
    assert name in DOCUMENT["components"]["schemas"]
    error_code = vars(exceptions.APIStatusError)["error_code"]
    assert isinstance(error_code, property)
    assert error_code.fget is not None
    annotation = inspect.signature(error_code.fget).return_annotation
    assert annotation == f"{name} | None"
    assert f"get errorCode(): {name} | undefined" in TS_ERRORS


def test_undocumented_statuses_and_the_default_server_come_from_the_document() -> None:
    assert layer.UNDOCUMENTED in exceptions.__all__
    assert f"class {layer.UNDOCUMENTED}" in TS_ERRORS
    statuses = {
        (method.upper(), path): {int(code) for code in op["responses"] if code.isdigit()}  # type: ignore[attr-defined]
        for method, path, op in _operations()
    }
    assert statuses == _document.DOCUMENTED_STATUSES
    url = DOCUMENT["servers"][0]["url"]
    assert url == _document.DEFAULT_BASE_URL
    assert inspect.signature(sdk.SnapshotsClient).parameters["base_url"].default == url
    documented = ROOT / "generated" / "typescript" / "src" / "layer" / "documented.ts"
    assert f"DEFAULT_BASE_URL = '{url}'" in documented.read_text(encoding="utf-8")
    generated_client = ROOT / "generated" / "typescript" / "src" / "client.gen.ts"
    assert f"baseUrl: '{url}'" in generated_client.read_text(encoding="utf-8")
