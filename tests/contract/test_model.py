"""The reference model's rules that no fault switch of the mock exercises, on made-up answers.

The fault matrix (test_faults.py) proves the others against the mock; these feed the model
answers a broken deployment could give, and check the finding names the rule, the field and
the call that made the model expect otherwise.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from contract_tests.document import SNAPSHOT, SNAPSHOTS
from contract_tests.model import Model


def now() -> str:
    # Read when the answer is made, not at import: the model compares created_at with the run's
    # clock at the call, and a slow suite runs this module minutes after collecting it.
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Request:
    method: str
    url: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=lambda: {"Authorization": "Bearer t"})


@dataclass
class Answer:
    request: Request
    status_code: int
    body: Any = None
    elapsed: float = 0.01

    def json(self) -> Any:
        if self.body is None:
            raise ValueError("no body")
        return self.body


def snapshot(snapshot_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "id": snapshot_id,
        "server": {"id": 7, "name": "web"},
        "name": f"s{snapshot_id}",
        "status": "in_progress",
        "size_mb": None,
        "created_at": now(),
        "description": None,
        **changes,
    }


def create(model: Model, sent: dict[str, Any], answered: dict[str, Any]) -> list[str]:
    request = Request("POST", "http://api/api/v1/snapshots/", json.dumps(sent).encode())
    answer = Answer(request, 201, {**answered, "message": "m"})
    model.observe("POST", SNAPSHOTS, answer)
    return model.take(answer)


def listing(model: Model, *results: dict[str, Any]) -> list[str]:
    answer = Answer(
        Request("GET", "http://api/api/v1/snapshots/"),
        200,
        {"count": len(results), "results": list(results)},
    )
    model.observe("GET", SNAPSHOTS, answer)
    return model.take(answer)


def delete(model: Model, snapshot_id: int, status: int = 204) -> list[str]:
    body = None if status == 204 else {"error": {"code": "x", "message": "m", "details": []}}
    answer = Answer(Request("DELETE", f"http://api/api/v1/snapshots/{snapshot_id}/"), status, body)
    model.observe("DELETE", SNAPSHOT, answer)
    return model.take(answer)


def test_a_create_answers_what_was_sent() -> None:
    model = Model()
    found = create(model, {"server_id": 7, "name": "a", "description": "d"}, snapshot(1, name="b"))
    assert len(found) == 2
    assert "new snapshot 1: name is 'b'; the model expected 'a', as sent" in found[0]
    assert "description is None; the model expected 'd', as sent" in found[1]
    assert "[model rule as-sent]" in found[0]


def test_an_id_is_never_given_twice() -> None:
    model = Model()
    assert create(model, {"server_id": 7, "name": "s1"}, snapshot(1)) == []
    assert delete(model, 1) == []
    (found,) = create(model, {"server_id": 7, "name": "s1"}, snapshot(1))
    assert "an id never given before (it was deleted)" in found
    assert "DELETE /api/v1/snapshots/1/ answered 204" in found


def test_a_deleted_snapshot_is_not_listed_and_a_held_one_is_found() -> None:
    model = Model()
    assert listing(model, snapshot(2), snapshot(1)) == []
    assert delete(model, 1) == []
    (found,) = listing(model, snapshot(2), snapshot(1))
    assert "[model rule deleted-not-listed]" in found
    (found,) = delete(model, 2, status=404)
    assert "snapshot 2 is '404 snapshot_not_found'" in found
    assert "[model rule found-until-deleted]" in found


def test_a_completed_snapshot_keeps_its_size() -> None:
    model = Model()
    assert listing(model, snapshot(1, status="completed", size_mb=10)) == []
    (found,) = listing(model, snapshot(1, status="completed", size_mb=11))
    assert "snapshot 1: size_mb is 11; the model expected 10" in found
    assert "call #1: GET /api/v1/snapshots/ answered 200" in found


def test_another_token_has_a_model_of_its_own() -> None:
    model = Model()
    assert listing(model, snapshot(1)) == []
    other = Answer(
        Request("GET", "http://api/api/v1/snapshots/", headers={"Authorization": "Bearer u"}),
        200,
        {"count": 0, "results": []},
    )
    model.observe("GET", SNAPSHOTS, other)
    assert model.take(other) == []
