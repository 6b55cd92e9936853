"""The report's notes on the clients' hand-written layer: pairs of the project's own document.

The layer's facts (``spec_changes.layer``) are about this API's document (the wait helper polls
``listSnapshots``, the error codes are schema ``ErrorCode``), so each pair changes a copy of
``openapi/openapi.yaml``; each case lists the whole report it expects, every line (without the
contexts) with its level. test_layer_names.py checks those facts against the layer itself.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from spec_changes import compare
from tests.changes.documents import Json

ROOT = Path(__file__).resolve().parents[2]
_DOCUMENT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
LIST = "/api/v1/snapshots/"
ONE = "/api/v1/snapshots/{snapshot_id}/"
RESTORE = "/api/v1/snapshots/{snapshot_id}/restore/"
Mutation = Callable[[Json], None]
CASES: list[object] = []


def case(*expected: str) -> Callable[[Mutation], Mutation]:
    def register(mutation: Mutation) -> Mutation:
        CASES.append(pytest.param(mutation, list(expected), id=mutation.__name__))
        return mutation

    return register


def _schemas(document: Json) -> Json:
    return document["components"]["schemas"]


@case(
    "BREAKING: GET /api/v1/snapshots/ (findSnapshots): operationId listSnapshots → findSnapshots; "
    "the layer's SnapshotsClient.list_snapshots → find_snapshots (Python, and "
    "AsyncSnapshotsClient's), SnapshotsClient.listSnapshots → findSnapshots (TypeScript), "
    "SnapshotsClient.ListSnapshots → FindSnapshots (Go), SnapshotsClient.listSnapshots → "
    "findSnapshots (Java), SnapshotsClient.list_snapshots → find_snapshots (Rust)",
)
def operation_id_renamed(new: Json) -> None:
    new["paths"][LIST]["get"]["operationId"] = "findSnapshots"


@case(
    # Every layer keeps its names; the operationId rule itself still calls it breaking.
    "BREAKING: GET /api/v1/snapshots/ (list_snapshots): operationId listSnapshots → "
    "list_snapshots; the layer's methods keep their names (list_snapshots, listSnapshots, "
    "ListSnapshots)",
)
def operation_id_recased(new: Json) -> None:
    new["paths"][LIST]["get"]["operationId"] = "list_snapshots"


@case(
    "BREAKING: POST /api/v1/snapshots/{snapshot_id}/restore/: operation removed (with the "
    "layer's SnapshotsClient.restore_snapshot (Python, and AsyncSnapshotsClient's), "
    "SnapshotsClient.restoreSnapshot (TypeScript), SnapshotsClient.RestoreSnapshot (Go), "
    "SnapshotsClient.restoreSnapshot (Java) and SnapshotsClient.restore_snapshot (Rust))",
    "NON_BREAKING: POST /api/v1/snapshots/ (createSnapshot) response 201: link `restoreSnapshot` "
    "removed",
    "NON_BREAKING: link RestoreCreatedSnapshot: removed",
)
def operation_removed(new: Json) -> None:
    del new["paths"][RESTORE]
    del new["components"]["links"]["RestoreCreatedSnapshot"]
    del new["paths"][LIST]["post"]["responses"]["201"]["links"]["restoreSnapshot"]


@case(
    "BREAKING: GET /api/v1/snapshots/: operation removed (with the layer's "
    "SnapshotsClient.list_snapshots (Python, and AsyncSnapshotsClient's), "
    "SnapshotsClient.listSnapshots (TypeScript), SnapshotsClient.ListSnapshots (Go), "
    "SnapshotsClient.listSnapshots (Java) and SnapshotsClient.list_snapshots (Rust), and the "
    "call wait_for_snapshot / waitForSnapshot polls)",
)
def polled_operation_removed(new: Json) -> None:
    del new["paths"][LIST]["get"]


@case(
    "BREAKING: GET /api/v1/snapshots/ (listSnapshots): query parameter `server_id` removed (an "
    "argument of the layer's SnapshotsClient.list_snapshots, and wait_for_snapshot's "
    "`server_id` / waitForSnapshot's `serverId`)",
    "NON_BREAKING: GET /api/v1/snapshots/ (listSnapshots): optional query parameter `server` added",
)
def wait_filter_renamed(new: Json) -> None:
    new["components"]["parameters"]["ServerIdFilter"]["name"] = "server"


@case(
    "BREAKING: POST /api/v1/snapshots/ (createSnapshot): request body property `description` "
    "removed (an argument of the layer's SnapshotsClient.create_snapshot)",
    "BREAKING: schema SnapshotCreateRequest: property `description` removed",
)
def body_property_removed(new: Json) -> None:
    del _schemas(new)["SnapshotCreateRequest"]["properties"]["description"]


@case(
    'BREAKING: schema ErrorCode: enum value "not_found" removed (the layer\'s '
    "APIStatusError.error_code / errorCode no longer gives it)",
    "DOCUMENTATION: schema ErrorCode: extension `x-error-statuses` changed",
)
def error_code_removed(new: Json) -> None:
    _schemas(new)["ErrorCode"]["enum"].remove("not_found")
    del _schemas(new)["ErrorCode"]["x-error-statuses"]["not_found"]


@case(
    "BREAKING: schema Error.error.code: now refers to schema ApiErrorCode instead of schema "
    "ErrorCode (a renamed model)",
    "BREAKING: schema ErrorCode: removed (with the type generated from it; the layer's "
    "APIStatusError.error_code / errorCode returns it)",
    "NON_BREAKING: schema ApiErrorCode: added",
)
def error_code_schema_renamed(new: Json) -> None:
    _schemas(new)["ApiErrorCode"] = _schemas(new).pop("ErrorCode")
    code = _schemas(new)["Error"]["properties"]["error"]["properties"]["code"]
    code["$ref"] = "#/components/schemas/ApiErrorCode"


@case(
    'BREAKING: schema SnapshotStatus: enum value "failed" removed (wait_for_snapshot / '
    "waitForSnapshot raise SnapshotFailedError for it)",
)
def wait_status_removed(new: Json) -> None:
    _schemas(new)["SnapshotStatus"]["enum"].remove("failed")


@case(
    "BREAKING: DELETE /api/v1/snapshots/{snapshot_id}/ (deleteSnapshot): error response 404 "
    "removed (regenerated, the layer raises UndocumentedStatusError for a 404)",
)
def documented_error_status_removed(new: Json) -> None:
    del new["paths"][ONE]["delete"]["responses"]["404"]


@case(
    "NON_BREAKING: GET /api/v1/snapshots/ (listSnapshots): error response 429 added "
    "(regenerated, the layer no longer raises UndocumentedStatusError for a 429)",
)
def documented_error_status_added(new: Json) -> None:
    unavailable = {"$ref": "#/components/responses/ServiceUnavailable"}
    new["paths"][LIST]["get"]["responses"]["429"] = unavailable


@case(
    "BREAKING: POST /api/v1/snapshots/ (createSnapshot): success status 201 → 200 (the layer "
    "of clients made before raises UndocumentedStatusError for a 200)",
)
def success_status_changed(new: Json) -> None:
    responses = new["paths"][LIST]["post"]["responses"]
    responses["200"] = responses.pop("201")


@case(
    "BREAKING: servers: default server https://admin.vps.org → https://sandbox.vps.org (the "
    "layer's DEFAULT_BASE_URL and the generated TypeScript client's baseUrl: code that gives "
    "no base URL calls another server)",
    "NON_BREAKING: servers: server https://sandbox.vps.org added",
)
def default_server_changed(new: Json) -> None:
    new["servers"].insert(0, {"url": "https://sandbox.vps.org", "description": "Sandbox"})


@case("NON_BREAKING: servers: server https://sandbox.vps.org added")
def server_added_after_the_default(new: Json) -> None:
    new["servers"].append({"url": "https://sandbox.vps.org", "description": "Sandbox"})


@case(
    'BREAKING: schema ErrorCode: enum value "teapot" added',
    "DOCUMENTATION: schema ErrorCode: extension `x-error-statuses` changed",
)
def error_code_added_has_no_layer_note(new: Json) -> None:
    # The layer keeps a code it does not know as a string; the generated model does not.
    _schemas(new)["ErrorCode"]["enum"].append("teapot")
    _schemas(new)["ErrorCode"]["x-error-statuses"]["teapot"] = 418


@pytest.mark.parametrize(("mutation", "expected"), CASES)
def test_layer_rule(mutation: Mutation, expected: list[str]) -> None:
    old, new = copy.deepcopy(_DOCUMENT), copy.deepcopy(_DOCUMENT)
    mutation(new)
    validate(json.loads(json.dumps(new)))
    lines = [f"{entry.level.name}: {entry.where}: {entry.what}" for entry in compare(old, new)]
    assert lines == expected
