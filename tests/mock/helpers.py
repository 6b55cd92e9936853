"""What the mock server's tests share: the API's paths, tokens and answer checks."""

from __future__ import annotations

from typing import Any

import httpx

from snapshots_mock.testing import OTHER_TOKEN, TOKEN, MockProcess, mock_process
from tests import openapi_document as doc

__all__ = ["OTHER_TOKEN", "TOKEN", "MockProcess", "mock_process"]

SNAPSHOTS = "/api/v1/snapshots/"
_ERROR = doc.schema_validator("Error")


def snapshot_path(snapshot_id: int | str) -> str:
    return f"{SNAPSHOTS}{snapshot_id}/"


def restore_path(snapshot_id: int | str) -> str:
    return f"{SNAPSHOTS}{snapshot_id}/restore/"


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """`response` is the document's error `code` with `status`; returns the error object.

    The body is checked with the tests' own validator (python-jsonschema), apart from the
    mock's response validation.
    """
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    errors = [error.message for error in _ERROR.iter_errors(body)]
    assert not errors, errors
    assert body["error"]["code"] == code, body
    error: dict[str, Any] = body["error"]
    return error


def detail_fields(response: httpx.Response) -> list[str]:
    """The fields an ``invalid_parameters`` error names."""
    error = assert_error(response, 400, "invalid_parameters")
    return [detail["field"] for detail in error["details"]]


def listing(client: httpx.Client, token: str = TOKEN, **params: Any) -> list[dict[str, Any]]:
    """The snapshots `token`'s account sees (``GET /api/v1/snapshots/``)."""
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get(SNAPSHOTS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["results"])
    results: list[dict[str, Any]] = body["results"]
    return results


def world(client: httpx.Client) -> list[list[dict[str, Any]]]:
    """Everything both seed accounts see: equal before and after means nothing changed."""
    return [listing(client, TOKEN), listing(client, OTHER_TOKEN)]


def create(client: httpx.Client, server_id: int, name: str, **extra: Any) -> httpx.Response:
    return client.post(SNAPSHOTS, json={"server_id": server_id, "name": name, **extra})
