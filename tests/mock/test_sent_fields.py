"""Every documented property of a snapshot is stored and returned, derived from the document
(issue 23): a property of both the create request and `Snapshot` comes back as sent, on both
databases, with no edit of the mock; one the mock cannot carry stops its start, named."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from snapshots_mock.document import DocumentError
from snapshots_mock.fields import fields_of
from snapshots_mock.testing import running_mock
from tests import openapi_document as doc
from tests.conftest import mock_config
from tests.mock.helpers import SNAPSHOTS, detail_fields

Edit = Callable[[Any], None]


def _document(tmp_path: Path, *edits: Edit) -> Path:
    document = doc.load()
    for edit in edits:
        edit(document)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_property_added_to_the_request_and_snapshot_is_stored_and_returned(
    tmp_path: Path, database_url: str
) -> None:
    config = dataclasses.replace(
        mock_config(database_url), openapi_path=_document(tmp_path, doc.add_tags)
    )
    with running_mock(config) as mock, httpx.Client(base_url=mock.url, headers=mock.auth()) as api:
        body = {"server_id": 12345, "name": "tagged", "tags": ["nightly", "pre-upgrade"]}
        created = api.post(SNAPSHOTS, json=body)
        assert created.status_code == 201, created.text
        assert created.json()["tags"] == ["nightly", "pre-upgrade"]
        untagged = api.post(SNAPSHOTS, json={"server_id": 12345, "name": "untagged"}).json()
        assert "tags" not in untagged  # optional, never sent: left out, as the seed's are
        listed = {
            s["name"]: s for s in api.get(SNAPSHOTS, params={"server_id": 12345}).json()["results"]
        }
        assert listed["tagged"]["tags"] == ["nightly", "pre-upgrade"]
        assert "tags" not in listed["untagged"]
        assert listed["pre-migration-snapshot"]["description"] == "Before major migration"
        # The document's own rules on the new property hold, and a refusal stores nothing.
        refused = api.post(SNAPSHOTS, json={**body, "name": "bad-tags", "tags": [""]})
        assert detail_fields(refused) == ["tags.0"]


def test_a_database_made_before_the_property_gets_its_column(
    tmp_path: Path, database_url: str
) -> None:
    before = mock_config(database_url)
    with running_mock(before) as mock:
        created = httpx.post(
            mock.url + SNAPSHOTS, json={"server_id": 12345, "name": "old"}, headers=mock.auth()
        )
        assert created.status_code == 201
    after = dataclasses.replace(before, openapi_path=_document(tmp_path, doc.add_tags))
    with running_mock(after) as mock, httpx.Client(base_url=mock.url, headers=mock.auth()) as api:
        body = {"server_id": 12345, "name": "new", "tags": ["kept"]}
        assert api.post(SNAPSHOTS, json=body).json()["tags"] == ["kept"]
        listed = {s["name"]: s for s in api.get(SNAPSHOTS).json()["results"]}
        assert listed["new"]["tags"] == ["kept"]
        assert "tags" not in listed["old"]


def _snapshot_only(document: Any) -> None:
    snapshot = document["components"]["schemas"]["Snapshot"]
    snapshot["properties"]["region"] = {"type": "string", "examples": ["eu"]}


def _request_only(document: Any) -> None:
    request = document["components"]["schemas"]["SnapshotCreateRequest"]
    request["properties"]["priority"] = {"type": "integer", "examples": [1]}


def _no_column_name(document: Any) -> None:
    for name in ("SnapshotCreateRequest", "Snapshot"):
        properties = document["components"]["schemas"][name]["properties"]
        properties["Retention-Days"] = {"type": "integer", "examples": [7]}


def _required_not_null(document: Any) -> None:
    doc.add_tags(document)
    snapshot = document["components"]["schemas"]["Snapshot"]
    snapshot["required"] = [*snapshot["required"], "tags"]


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (_snapshot_only, "Snapshot.region is not a property of the createSnapshot request"),
        (_request_only, "request property 'priority' is not a property of Snapshot"),
        (_no_column_name, "'Retention-Days' cannot be a column"),
        (_required_not_null, "Snapshot requires 'tags', not null"),
    ],
)
def test_a_property_the_mock_cannot_carry_stops_its_start(
    tmp_path: Path, edit: Edit, named: str
) -> None:
    config = dataclasses.replace(
        mock_config(f"sqlite:///{tmp_path / 'db.sqlite3'}"), openapi_path=_document(tmp_path, edit)
    )
    with pytest.raises(DocumentError, match=named), running_mock(config):
        pass


def test_the_projects_document_stores_description_as_sent() -> None:
    fields = fields_of(doc.load())
    assert fields.columns == ("description",)
    (description,) = fields.sent
    assert (description.plain_text, description.required) == (True, True)
