"""Each question the original page (docs/original-page.md) leaves open is answered in the
document itself.

These tests pin the decisions as the document states them to programs (schemas, answers, error
codes), not the wording of its descriptions, so that a change to one is a deliberate edit of
this file too (see the document's descriptions for the reasons).
"""

from __future__ import annotations

from tests import openapi_document as doc

SCHEMAS = doc.load()["components"]["schemas"]
PATHS = doc.load()["paths"]


def test_error_body_shape_and_codes() -> None:
    error = SCHEMAS["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message", "details"]
    assert set(SCHEMAS["ErrorCode"]["enum"]) >= {
        "invalid_parameters",
        "snapshot_limit_reached",
        "duplicate_snapshot_name",
        "invalid_state",
        "unauthorized",
        "server_not_found",
        "snapshot_not_found",
    }


def test_length_limits() -> None:
    assert (SCHEMAS["SnapshotName"]["minLength"], SCHEMAS["SnapshotName"]["maxLength"]) == (1, 64)
    assert SCHEMAS["SnapshotDescription"]["maxLength"] == 255


def test_description_may_be_null() -> None:
    assert SCHEMAS["SnapshotDescription"]["type"] == ["string", "null"]


def test_statuses() -> None:
    assert SCHEMAS["SnapshotStatus"]["enum"] == ["in_progress", "completed", "failed"]
    assert "restoring" in SCHEMAS["ServerStatus"]["enum"]


def _error_codes(path: str, method: str, status: str) -> set[str]:
    """The error codes of the examples the document gives for one answer of one operation."""
    document = doc.load()
    response = doc.resolve(document, PATHS[path][method]["responses"][status])
    examples = response["content"]["application/json"]["examples"].values()
    return {doc.resolve(document, example)["value"]["error"]["code"] for example in examples}


def _statuses(path: str, method: str) -> set[str]:
    return set(PATHS[path][method]["responses"])


# The decisions below are stated in the descriptions for people; these tests pin what a program
# can read of them (answers, codes, parameters, properties), not their wording. The mock holds
# each one (tests/mock/test_rules.py) and the contract suite checks it (contract_tests).


def test_a_refused_restore_is_invalid_state_and_every_blocker_is_a_status() -> None:
    restore = ("/api/v1/snapshots/{snapshot_id}/restore/", "post")
    assert "invalid_state" in _error_codes(*restore, "400")
    # What blocks a restore: a snapshot not `completed`, a server restoring or suspended.
    assert {"in_progress", "failed"} <= set(SCHEMAS["SnapshotStatus"]["enum"])
    assert {"restoring", "suspended"} <= set(SCHEMAS["ServerStatus"]["enum"])


def test_the_limit_and_name_clashes_have_codes_of_their_own() -> None:
    create = ("/api/v1/snapshots/", "post")
    assert {"snapshot_limit_reached", "duplicate_snapshot_name", "invalid_state"} <= (
        _error_codes(*create, "400")
    )


def test_a_filter_on_a_server_that_is_not_yours_is_not_an_error() -> None:
    # An empty list rather than a 404 or 403: the filter reveals nothing about other accounts.
    statuses = _statuses("/api/v1/snapshots/", "get")
    assert {"200", "400", "401"} <= statuses
    assert not {"403", "404"} & statuses


def test_no_pagination_and_no_rate_limit() -> None:
    listing = PATHS["/api/v1/snapshots/"]["get"]
    parameters = [doc.resolve(doc.load(), p)["name"] for p in listing["parameters"]]
    assert parameters == ["server_id"]
    assert set(SCHEMAS["SnapshotList"]["properties"]) == {"count", "results"}
    for _, _, operation in doc.operations(doc.load()):
        assert "429" not in operation["responses"]
        for response in operation["responses"].values():
            headers = doc.resolve(doc.load(), response).get("headers", {})
            assert [name for name in headers if "ratelimit" in name.lower()] == []


def test_another_accounts_snapshot_is_answered_as_a_missing_one() -> None:
    # One 404 answer for both, and no 403 anywhere, so that nothing tells them apart.
    for path, method in (
        ("/api/v1/snapshots/{snapshot_id}/", "delete"),
        ("/api/v1/snapshots/{snapshot_id}/restore/", "post"),
    ):
        assert PATHS[path][method]["responses"]["404"] == {
            "$ref": "#/components/responses/SnapshotNotFound"
        }
    for _, _, operation in doc.operations(doc.load()):
        assert "403" not in operation["responses"]
