"""Each question the original page leaves open is answered in the document itself.

These tests pin the decisions (see the document's descriptions for the reasons), so that a
change to one is a deliberate edit of this file too.
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


def test_restore_blockers_are_described() -> None:
    description = PATHS["/api/v1/snapshots/{snapshot_id}/restore/"]["post"]["description"]
    for blocker in ("not `completed`", "`restoring`", "`suspended`", "`in_progress`"):
        assert blocker in description


def test_limit_counts_every_status_and_names_are_unique() -> None:
    description = PATHS["/api/v1/snapshots/"]["post"]["description"]
    assert "maximum of 5 snapshots per server, whatever their status" in description
    assert "Names are unique per server" in description


def test_filter_on_a_foreign_server_is_an_empty_list() -> None:
    description = PATHS["/api/v1/snapshots/"]["get"]["description"]
    assert "the answer is an empty list" in description


def test_pagination_rate_limits_and_foreign_snapshots() -> None:
    overview = doc.load()["info"]["description"]
    assert "The list is not paginated" in overview
    assert "documents no rate limit" in overview
    assert "Another account's snapshot is answered exactly as one" in overview
