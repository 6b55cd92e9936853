"""The OpenAPI document: valid 3.1, true to the original page (docs/original-page.md), examples
that hold."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests import openapi_document as doc

SEED_OPERATIONS = {
    # operationId: (method, path, the status codes the original page documents)
    "listSnapshots": ("get", "/api/v1/snapshots/", {"200", "401"}),
    "createSnapshot": ("post", "/api/v1/snapshots/", {"201", "400", "401", "404"}),
    "restoreSnapshot": (
        "post",
        "/api/v1/snapshots/{snapshot_id}/restore/",
        {"200", "400", "401", "404"},
    ),
    "deleteSnapshot": ("delete", "/api/v1/snapshots/{snapshot_id}/", {"204", "401", "404"}),
}


def test_document_is_valid_openapi_3_1() -> None:
    document = doc.load()
    assert document["openapi"].startswith("3.1.")
    validate(document)


def test_validator_command_fails_on_a_broken_reference(tmp_path: Path) -> None:
    # The lint session runs this command: a broken $ref must fail it, naming the reference.
    document = doc.load()
    document["components"]["schemas"]["SnapshotList"]["properties"]["results"]["items"] = {
        "$ref": "#/components/schemas/NoSuchSchema"
    }
    broken = tmp_path / "openapi.yaml"
    broken.write_text(yaml.safe_dump(document), encoding="utf-8")
    command = [str(Path(sys.executable).with_name("openapi-spec-validator")), str(broken)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "NoSuchSchema" in result.stdout + result.stderr


def test_validator_rejects_a_schema_error() -> None:
    document = doc.load()
    document["paths"]["/api/v1/snapshots/"]["get"]["responses"]["200"]["content"] = "none"
    with pytest.raises(OpenAPIValidationError):
        validate(document)


def test_server_and_bearer_security() -> None:
    document = doc.load()
    assert [server["url"] for server in document["servers"]] == ["https://admin.vps.org"]
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for _, _, operation in doc.operations(document):
        assert operation["security"] == [{"bearerAuth": []}], operation["operationId"]


def test_the_four_operations_of_the_seed_with_their_status_codes() -> None:
    document = doc.load()
    found = {op["operationId"]: (method, path, op) for path, method, op in doc.operations(document)}
    assert set(found) == set(SEED_OPERATIONS)
    for operation_id, (method, path, statuses) in SEED_OPERATIONS.items():
        found_method, found_path, operation = found[operation_id]
        assert (found_method, found_path) == (method, path)
        assert statuses <= set(operation["responses"]), operation_id
        assert operation["summary"]
        assert operation["description"]
        assert operation["tags"] == ["Snapshots"]


def test_every_error_response_uses_the_one_error_schema() -> None:
    document = doc.load()
    for _, _, operation in doc.operations(document):
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                schema = doc.resolve(document, response)["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (operation, status)


EXAMPLES = list(doc.media_examples(doc.load()))


def test_every_seed_example_is_present() -> None:
    wheres = {where.rsplit(" ", 1)[0] for where, _, _ in EXAMPLES}
    assert {
        "listSnapshots 200 application/json",
        "createSnapshot request application/json",
        "createSnapshot 201 application/json",
        "restoreSnapshot 200 application/json",
    } <= wheres


@pytest.mark.parametrize(("where", "schema", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_validates_against_its_schema(where: str, schema: Any, value: Any) -> None:
    errors = list(doc.validator(doc.load(), schema).iter_errors(value))
    assert not errors, [error.message for error in errors]


def _example(name: str) -> Any:
    return copy.deepcopy(doc.load()["components"]["examples"][name]["value"])


def _with(value: dict[str, Any], **changes: Any) -> dict[str, Any]:
    changed = {**value, **changes}
    return {key: item for key, item in changed.items() if item is not _DROP}


_DROP = object()
CREATE = _example("SnapshotCreateRequestSeed")
SNAPSHOT = _example("SnapshotListSeed")["results"][0]
RESTORE = _example("RestoreResultSeed")

INVALID = {
    "name with a space": ("SnapshotCreateRequest", _with(CREATE, name="my snapshot")),
    "name with a dot": ("SnapshotCreateRequest", _with(CREATE, name="v1.2")),
    "empty name": ("SnapshotCreateRequest", _with(CREATE, name="")),
    "name of 65 characters": ("SnapshotCreateRequest", _with(CREATE, name="a" * 65)),
    "missing server_id": ("SnapshotCreateRequest", _with(CREATE, server_id=_DROP)),
    "missing name": ("SnapshotCreateRequest", _with(CREATE, name=_DROP)),
    "server_id as a string": (
        "SnapshotCreateRequest",
        _with(CREATE, server_id=str(CREATE["server_id"])),
    ),
    "server_id zero": ("SnapshotCreateRequest", _with(CREATE, server_id=0)),
    "server_id beyond 2^53-1": ("SnapshotCreateRequest", _with(CREATE, server_id=2**53)),
    "description of 256 characters": (
        "SnapshotCreateRequest",
        _with(CREATE, description="d" * 256),
    ),
    "unknown field": ("SnapshotCreateRequest", _with(CREATE, size_mb=10)),
    "size_mb as a string": ("Snapshot", _with(SNAPSHOT, size_mb="5120")),
    "negative size_mb": ("Snapshot", _with(SNAPSHOT, size_mb=-1)),
    "unknown status": ("Snapshot", _with(SNAPSHOT, status="done")),
    "created_at not a date-time": ("Snapshot", _with(SNAPSHOT, created_at="yesterday")),
    "snapshot without description": ("Snapshot", _with(SNAPSHOT, description=_DROP)),
    "restore without server": ("RestoreResult", _with(RESTORE, server=_DROP)),
    "restore status other than success": ("RestoreResult", _with(RESTORE, status="ok")),
    "error without code": ("Error", {"error": {"message": "x", "details": []}}),
    "error with an unknown code": (
        "Error",
        {"error": {"code": "teapot", "message": "x", "details": []}},
    ),
}


@pytest.mark.parametrize(("schema", "value"), INVALID.values(), ids=list(INVALID))
def test_invalid_variant_is_rejected(schema: str, value: Any) -> None:
    assert not doc.schema_validator(schema).is_valid(value)


VALID = {
    "name at 64 characters": ("SnapshotCreateRequest", _with(CREATE, name="A_-9" * 16)),
    "no description": ("SnapshotCreateRequest", _with(CREATE, description=_DROP)),
    "null description": ("SnapshotCreateRequest", _with(CREATE, description=None)),
    "in-progress snapshot with null size": (
        "Snapshot",
        _with(SNAPSHOT, status="in_progress", size_mb=None),
    ),
    "failed snapshot": ("Snapshot", _with(SNAPSHOT, status="failed", size_mb=None)),
}


@pytest.mark.parametrize(("schema", "value"), VALID.values(), ids=list(VALID))
def test_valid_variant_is_accepted(schema: str, value: Any) -> None:
    errors = [error.message for error in doc.schema_validator(schema).iter_errors(value)]
    assert not errors


def test_created_snapshot_carries_a_message() -> None:
    created = _example("SnapshotCreatedSeed")
    assert doc.schema_validator("SnapshotCreated").is_valid(created)
    del created["message"]
    assert not doc.schema_validator("SnapshotCreated").is_valid(created)


def test_links_chain_create_to_restore_and_delete() -> None:
    document = doc.load()
    created = document["paths"]["/api/v1/snapshots/"]["post"]["responses"]["201"]["links"]
    targets = {doc.resolve(document, link)["operationId"] for link in created.values()}
    assert targets == {"restoreSnapshot", "deleteSnapshot"}
    for link in created.values():
        assert doc.resolve(document, link)["parameters"] == {"snapshot_id": "$response.body#/id"}
    assert doc.link_problems(document) == []


@pytest.mark.parametrize(
    ("link_change", "problem"),
    [
        ({"operationId": "restoreSnapshots"}, "unknown operationId 'restoreSnapshots'"),
        ({"parameters": {"snapshotId": "$response.body#/id"}}, "no parameter 'snapshotId'"),
        ({"parameters": {"snapshot_id": "$response.body#/uid"}}, "no property 'uid'"),
    ],
)
def test_link_check_finds_a_broken_link(link_change: dict[str, Any], problem: str) -> None:
    document = doc.load()
    document["components"]["links"]["RestoreCreatedSnapshot"].update(link_change)
    problems = doc.link_problems(document)
    assert len(problems) == 1
    assert problem in problems[0]


def test_error_code_table_agrees_with_its_extension() -> None:
    # The table in ErrorCode's description is for people; code reads x-error-statuses. The two
    # must say the same, or a reader of the reference and a client disagree.
    codes = doc.load()["components"]["schemas"]["ErrorCode"]
    rows = re.findall(r"^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|", codes["description"], re.MULTILINE)
    assert {code: int(status) for code, status in rows} == codes["x-error-statuses"]


def test_size_follows_status() -> None:
    snapshot = doc.schema_validator("Snapshot")
    assert not snapshot.is_valid(_with(SNAPSHOT, status="completed", size_mb=None))
    assert not snapshot.is_valid(_with(SNAPSHOT, status="in_progress", size_mb=10))
    assert not snapshot.is_valid(_with(SNAPSHOT, status="failed", size_mb=10))


def test_a_new_snapshot_is_in_progress() -> None:
    created = _example("SnapshotCreatedSeed")
    assert not doc.schema_validator("SnapshotCreated").is_valid(_with(created, status="completed"))
    assert not doc.schema_validator("SnapshotCreated").is_valid(_with(created, size_mb=1))


def _response_examples() -> list[tuple[str, str, int, Any]]:
    """Every example of every JSON response: (method, path, status, value)."""
    document = doc.load()
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                content = doc.resolve(document, response).get("content", {})
                for example in content.get("application/json", {}).get("examples", {}).values():
                    value = doc.resolve(document, example)["value"]
                    found.append((method.upper(), path, int(status), value))
    return found


@pytest.mark.parametrize(("method", "path", "status", "value"), _response_examples())
def test_response_examples_carry_only_documented_properties(
    method: str, path: str, status: int, value: Any
) -> None:
    # Redocly's example check is left open for the Snapshot schema's if/then/else branches
    # (openapi.yaml says why); the contract suite's own walk of the document closes it again.
    from contract_tests.model import DocumentedProperties

    assert DocumentedProperties().undocumented(method, path, status, value) == []


def test_the_walk_finds_an_undocumented_property() -> None:
    from contract_tests.model import DocumentedProperties

    listing = _example("SnapshotListSeed")
    listing["results"][1]["server"]["region"] = "eu"
    found = DocumentedProperties().undocumented("GET", "/api/v1/snapshots/", 200, listing)
    assert found == ["results[1].server.region"]
