"""The document drives the server: a change to it changes what is served, with no other edit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from snapshots_mock import MockConfig
from snapshots_mock.document import DocumentError
from snapshots_mock.testing import RunningMock, running_mock
from tests import openapi_document as doc
from tests.conftest import mock_config
from tests.mock.helpers import SNAPSHOTS, assert_error, detail_fields

Edit = Callable[[Any], None]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., RunningMock]]:
    """Start a mock on an edited copy of the document (stopped at the end of the test)."""
    stack: list[Any] = []

    def start(edit: Edit, **changes: Any) -> RunningMock:
        document = doc.load()
        edit(document)
        path = tmp_path / f"openapi-{len(stack)}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        database = f"sqlite:///{tmp_path / f'mock-{len(stack)}.sqlite3'}"
        config = dataclasses.replace(mock_config(database), openapi_path=path, **changes)
        context = running_mock(config)
        stack.append(context)
        return context.__enter__()

    yield start
    for context in reversed(stack):
        context.__exit__(None, None, None)


def _schemas(document: Any) -> Any:
    return document["components"]["schemas"]


def test_a_schema_change_changes_the_validation(serve: Callable[..., RunningMock]) -> None:
    def shorter_names(document: Any) -> None:
        _schemas(document)["SnapshotName"]["maxLength"] = 10

    mock = serve(shorter_names)
    body = {"server_id": 12345, "name": "eleven-char"}
    response = httpx.post(mock.url + SNAPSHOTS, json=body, headers=mock.auth())
    assert detail_fields(response) == ["name"]
    body["name"] = "ten-chars0"
    assert httpx.post(mock.url + SNAPSHOTS, json=body, headers=mock.auth()).status_code == 201


def test_a_parameter_change_changes_what_is_accepted(serve: Callable[..., RunningMock]) -> None:
    def small_ids(document: Any) -> None:
        _schemas(document)["Id"]["maximum"] = 1000

    mock = serve(small_ids)
    response = httpx.get(mock.url + SNAPSHOTS, params={"server_id": 12345}, headers=mock.auth())
    assert detail_fields(response) == ["server_id"]
    assert httpx.delete(mock.url + f"{SNAPSHOTS}801/", headers=mock.auth()).status_code == 204


def test_the_routes_are_the_documents_paths(serve: Callable[..., RunningMock]) -> None:
    def version_2(document: Any) -> None:
        document["paths"] = {
            path.replace("/api/v1/", "/api/v2/"): item for path, item in document["paths"].items()
        }

    mock = serve(version_2)
    assert httpx.get(mock.url + "/api/v2/snapshots/", headers=mock.auth()).status_code == 200
    response = httpx.get(mock.url + SNAPSHOTS, headers=mock.auth())
    assert_error(response, 404, "not_found")


def test_a_removed_method_is_a_405(serve: Callable[..., RunningMock]) -> None:
    def no_delete(document: Any) -> None:
        item = document["paths"]["/api/v1/snapshots/{snapshot_id}/"]
        item["get"] = item.pop("delete") | {"operationId": "deleteSnapshot"}

    mock = serve(no_delete)
    response = httpx.delete(mock.url + f"{SNAPSHOTS}801/", headers=mock.auth())
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def _small_ids(document: Any) -> None:
    # The seed's snapshots (801...) break it. (A property the mock has no value for, such as a
    # new required `region`, stops its start instead: tests/mock/test_sent_fields.py.)
    snapshot = _schemas(document)["Snapshot"]
    snapshot["properties"]["id"] = {"type": "integer", "maximum": 100, "examples": [1]}


def test_response_validation_reports_an_answer_that_breaks_the_document(
    serve: Callable[..., RunningMock],
) -> None:
    mock = serve(_small_ids)
    response = httpx.get(mock.url + SNAPSHOTS, headers=mock.auth())
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert "results.0.id" in response.json()["detail"]
    # Errors are still checked, and still pass: they do not hold snapshots.
    assert_error(httpx.get(mock.url + SNAPSHOTS), 401, "unauthorized")


def test_response_validation_can_be_switched_off(serve: Callable[..., RunningMock]) -> None:
    mock = serve(_small_ids, validate_responses=False)
    response = httpx.get(mock.url + SNAPSHOTS, headers=mock.auth())
    assert response.status_code == 200


def test_an_operation_without_a_handler_stops_the_start(tmp_path: Path) -> None:
    document = doc.load()
    document["paths"]["/api/v1/snapshots/"]["put"] = {
        **document["paths"]["/api/v1/snapshots/"]["get"],
        "operationId": "replaceSnapshots",
    }
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    config = MockConfig(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", openapi_path=path)
    with pytest.raises(LookupError, match="replaceSnapshots"), running_mock(config):
        pass


def test_a_document_that_is_not_openapi_3_1_is_refused(tmp_path: Path) -> None:
    document = doc.load()
    document["openapi"] = "3.0.3"
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    config = MockConfig(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", openapi_path=path)
    with pytest.raises(DocumentError), running_mock(config):
        pass
