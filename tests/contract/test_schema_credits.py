"""A statement the coverage table credits to a schema keyword is one that keyword really enforces.

For every ``schema:POINTER`` of the table in docs/contract-tests.md there is a mutation below:
an answer from the document's own examples, changed so that it breaks the statement of its row.
Schemathesis' response validation (what ``response_schema_conformance`` runs on every answer of
the suite) accepts the example, refuses the mutated answer, and accepts it again once the
credited keyword is taken out of the document: the keyword, nothing else, is what refuses it. A
statement the schema cannot say (``details`` empty for other codes, ``created_at`` in UTC to the
second, a path that ends in ``/``) gets a check or a scenario of the suite instead.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
import yaml

from contract_tests.document import RESTORE, SNAPSHOTS
from contract_tests.target import MAX_ID
from tests.contract.test_coverage_table import COVERED, DOCUMENT

Answer = dict[str, Any]


@dataclass(frozen=True)
class Mutation:
    """An answer (`example`, for `method` `path` and `status`) and the change that breaks the
    statement credited to the keyword."""

    method: str
    path: str
    status: int
    example: str  # a name under components/examples
    change: Callable[[Answer], None]


def _first(answer: Answer) -> Answer:
    first: Answer = answer["results"][0]
    return first


def _set(where: Callable[[Answer], Answer], **values: Any) -> Callable[[Answer], None]:
    def change(answer: Answer) -> None:
        where(answer).update(values)

    return change


def _drop_details(answer: Answer) -> None:
    del answer["error"]["details"]


def _flatten_error(answer: Answer) -> None:
    answer.update(answer.pop("error"))


def _error(answer: Answer) -> Answer:
    error: Answer = answer["error"]
    return error


def _itself(answer: Answer) -> Answer:
    return answer


def _restored_snapshot(answer: Answer) -> Answer:
    snapshot: Answer = answer["snapshot"]
    return snapshot


LIST = ("GET", SNAPSHOTS, 200, "SnapshotListSeed")
UNAUTHORIZED = ("GET", SNAPSHOTS, 401, "UnauthorizedError")
CREATED = ("POST", SNAPSHOTS, 201, "SnapshotCreatedSeed")
RESTORED = ("POST", RESTORE, 200, "RestoreResultSeed")

MUTATIONS = {
    "/components/schemas/Id/maximum": Mutation(*LIST, _set(_first, id=MAX_ID + 1)),
    "/components/schemas/Id/minimum": Mutation(*LIST, _set(_first, id=0)),
    "/components/schemas/Error/required": Mutation(*UNAUTHORIZED, _flatten_error),
    "/components/schemas/Error/properties/error/required": Mutation(*UNAUTHORIZED, _drop_details),
    "/components/schemas/ErrorCode/enum": Mutation(*UNAUTHORIZED, _set(_error, code="denied")),
    "/components/schemas/SnapshotCreated/allOf/1/dependentSchemas/status": Mutation(
        *CREATED, _set(_itself, status="failed")
    ),
    "/components/schemas/SnapshotName/pattern": Mutation(*LIST, _set(_first, name="my snapshot")),
    "/components/schemas/SnapshotDescription/maxLength": Mutation(
        *LIST, _set(_first, description="a" * 256)
    ),
    "/components/schemas/SnapshotDescription/pattern": Mutation(
        *LIST, _set(_first, description="two\nlines")
    ),
    "/components/schemas/SnapshotStatus/enum": Mutation(
        *LIST, _set(_first, status="deleting", size_mb=None)
    ),
    "/components/schemas/Snapshot/if": Mutation(*LIST, _set(_first, size_mb=None)),
    "/components/schemas/Snapshot/properties/created_at/format": Mutation(
        *LIST, _set(_first, created_at="yesterday")
    ),
    "/components/schemas/SnapshotSummary/properties/created_at/format": Mutation(
        *RESTORED, _set(_restored_snapshot, created_at="yesterday")
    ),
    "/components/schemas/RestoreResult/properties/status/enum": Mutation(
        *RESTORED, _set(_itself, status="started")
    ),
}


def _credited() -> set[str]:
    return {
        enforcer.strip().removeprefix("schema:")
        for _, enforcers in COVERED
        for enforcer in enforcers.split(",")
        if enforcer.strip().startswith("schema:")
    }


def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


def _without(document: dict[str, Any], pointer: str) -> dict[str, Any]:
    """`document` without the keyword at `pointer`."""
    changed = copy.deepcopy(document)
    *parents, last = [
        p.replace("~1", "/").replace("~0", "~") for p in pointer.strip("/").split("/")
    ]
    node: Any = changed
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    del node[last]
    return changed


def _refusal(document: dict[str, Any], mutation: Mutation, answer: Answer) -> str | None:
    """What Schemathesis' response validation says of `answer` under `document` (None: valid)."""
    operation = schemathesis.openapi.from_dict(document)[mutation.path][mutation.method]
    url = "http://127.0.0.1:8000" + mutation.path.replace("{snapshot_id}", "801")
    response = httpx.Response(
        mutation.status, json=answer, request=httpx.Request(mutation.method, url)
    )
    response.elapsed = datetime.timedelta(0)  # a response read in full, as the suite's are
    try:
        operation.validate_response(response)
    except AssertionError as refused:  # Schemathesis' failures are AssertionErrors
        return str(refused)
    return None


def test_every_schema_credit_has_a_mutation() -> None:
    assert _credited() == set(MUTATIONS)


@pytest.mark.parametrize("pointer", sorted(MUTATIONS))
def test_the_credited_keyword_refuses_the_mutated_answer(pointer: str) -> None:
    mutation = MUTATIONS[pointer]
    document = _document()
    example = copy.deepcopy(document["components"]["examples"][mutation.example]["value"])
    assert _refusal(document, mutation, example) is None
    mutated = copy.deepcopy(example)
    mutation.change(mutated)
    assert mutated != example
    refused = _refusal(document, mutation, mutated)
    assert refused is not None, f"the schema takes the answer that breaks {pointer}: {mutated}"
    assert _refusal(_without(document, pointer), mutation, mutated) is None, (
        f"without {pointer} the schema still refuses the mutated answer: something else does"
    )
