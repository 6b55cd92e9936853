"""The project's Redocly ruleset catches what it promises to (redocly.yaml).

Each case breaks one convention in a copy of the document and runs the same Redocly CLI the
lint session runs (pinned in package-lock.json; the nox session runs ``npm ci`` first). The lint
must fail and name the rule.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import openapi_document as doc

REDOCLY = doc.ROOT / "node_modules" / ".bin" / "redocly"
CONFIG = doc.ROOT / "redocly.yaml"

Mutation = Callable[[Any], None]


def _lint(document: Any, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert REDOCLY.exists(), "Redocly CLI is not installed: run the tests through nox (npm ci)"
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    command = [str(REDOCLY), "lint", "--config", str(CONFIG), "--format", "stylish", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def _list_op(document: Any) -> Any:
    return document["paths"]["/api/v1/snapshots/"]["get"]


def _rename_operation(document: Any) -> None:
    _list_op(document)["operationId"] = "snapshotsList"


def _drop_parameter_example(document: Any) -> None:
    del document["components"]["parameters"]["ServerIdFilter"]["example"]


def _drop_property_example(document: Any) -> None:
    del document["components"]["schemas"]["SnapshotList"]["properties"]["count"]["examples"]


def _drop_401(document: Any) -> None:
    del _list_op(document)["responses"]["401"]


def _drop_security(document: Any) -> None:
    del _list_op(document)["security"]


def _inline_error_response(document: Any) -> None:
    _list_op(document)["responses"]["401"] = {
        "description": "Unauthorized",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


def _drop_503(document: Any) -> None:
    del _list_op(document)["responses"]["503"]


def _break_reference(document: Any) -> None:
    _list_op(document)["responses"]["401"] = {"$ref": "#/components/responses/Nope"}


def _break_example(document: Any) -> None:
    seed = document["components"]["examples"]["SnapshotListSeed"]["value"]
    seed["results"][0]["size_mb"] = "5120"


def _statuses(document: Any) -> Any:
    return document["components"]["schemas"]["ErrorCode"]["x-error-statuses"]


def _drop_limit(document: Any) -> None:
    del document["info"]["x-snapshots-per-server"]


def _limit_as_text(document: Any) -> None:
    document["info"]["x-snapshots-per-server"] = "5"


def _drop_error_statuses(document: Any) -> None:
    del document["components"]["schemas"]["ErrorCode"]["x-error-statuses"]


def _code_without_status(document: Any) -> None:
    del _statuses(document)["not_found"]


def _status_of_unknown_code(document: Any) -> None:
    _statuses(document)["teapot"] = 418


def _status_not_an_error(document: Any) -> None:
    _statuses(document)["unauthorized"] = 200


def _example_code_against_status(document: Any) -> None:
    document["components"]["examples"]["UnauthorizedError"]["value"]["error"]["code"] = (
        "snapshot_not_found"
    )


MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "operationId not verb-noun camelCase": (_rename_operation, "rule/operation-id-verb-noun"),
    "parameter without example": (_drop_parameter_example, "rule/parameter-example"),
    "property without example": (_drop_property_example, "rule/property-example"),
    "operation without 401": (_drop_401, "rule/operation-answers-401"),
    "operation without 503": (_drop_503, "rule/operation-answers-limits"),
    "operation without security": (_drop_security, "rule/operation-secured"),
    "error response not shared": (_inline_error_response, "rule/shared-error-responses"),
    "broken $ref": (_break_reference, "no-unresolved-refs"),
    "example breaking its schema": (_break_example, "no-invalid-media-type-examples"),
    "no snapshot limit": (_drop_limit, "snapshots/snapshots-per-server"),
    "snapshot limit not an integer": (_limit_as_text, "snapshots/snapshots-per-server"),
    "no error statuses": (_drop_error_statuses, "snapshots/error-statuses"),
    "error code without status": (_code_without_status, "snapshots/error-statuses"),
    "status of a code not in the enum": (_status_of_unknown_code, "snapshots/error-statuses"),
    "error status not 4xx or 5xx": (_status_not_an_error, "snapshots/error-statuses"),
    "example code against its status": (_example_code_against_status, "snapshots/error-statuses"),
}


def test_the_document_passes_the_ruleset(tmp_path: Path) -> None:
    result = _lint(doc.load(), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("mutate", "rule"), MUTATIONS.values(), ids=list(MUTATIONS))
def test_the_ruleset_catches(mutate: Mutation, rule: str, tmp_path: Path) -> None:
    document = doc.load()
    mutate(document)
    result = _lint(document, tmp_path)
    assert result.returncode != 0
    assert rule in result.stdout + result.stderr
