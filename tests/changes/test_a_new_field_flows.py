"""One edit of the document reaches every part made from it (issue 23 point 1).

Issue 23's edit, an optional `tags` array of strings added to the create request and to
`Snapshot` (`tests.openapi_document.add_tags`), is applied to a temporary copy of the document,
and each part is shown to carry the new field with no other edit: the five clients regenerated
from the copy (each request model has it, and each layer's create method takes that model;
Python's layer is imported and used, TypeScript's type-checked and Go's compiled with the
field), the mock's
round trip (started on the copy), the contract model's as-sent rule, the reference's schemas,
and the translation gate (the new description is reported untranslated).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from contract_tests import document as contract_document
from contract_tests.model import Model
from scripts import build_docs, docs_i18n, targets
from scripts.reader_schemas import reader_schemas
from scripts.targets.go import GO_ENV
from snapshots_mock.testing import TOKEN, RunningMock, running_mock
from tests import openapi_document as doc
from tests.bindings.builds import run
from tests.conftest import mock_config
from tests.contract.test_model import create, snapshot
from tests.mock.helpers import SNAPSHOTS
from tests.system import program

ROOT = Path(__file__).resolve().parents[2]
TAGS = ["nightly", "before-upgrade"]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the document with issue 23's edit."""
    document = doc.load()
    doc.add_tags(document)
    path = tmp_path_factory.mktemp("edited") / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def regenerated(edited: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five clients generated from the edited copy, as `-s generate` makes them."""
    out = tmp_path_factory.mktemp("regenerated") / "generated"
    command = [sys.executable, "-m", "scripts.regenerate", "--spec", str(edited)]
    result = subprocess.run(
        [*command, "--generated", str(out)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def mock(edited: Path, tmp_path: Path) -> Iterator[RunningMock]:
    config = mock_config(f"sqlite:///{tmp_path / 'mock.sqlite3'}")
    with running_mock(dataclasses.replace(config, openapi_path=edited)) as running:
        yield running


@pytest.mark.parametrize("target", targets.NAMES)
def test_each_client_has_the_field_and_its_layer_sends_the_whole_model(
    regenerated: Path, target: str
) -> None:
    # Where the registry says the client declares the model, and the layer's create method.
    model_file, declaration = targets.TARGETS[target].tests.new_field
    model = (regenerated / target / model_file).read_text(encoding="utf-8")
    assert re.search(declaration, model, re.MULTILINE), f"{target}: no `tags` in {model_file}"
    layer_file, takes_the_model = targets.TARGETS[target].tests.layer_create
    layer = (regenerated / target / layer_file).read_text(encoding="utf-8")
    assert re.search(takes_the_model, layer), f"{target}: {layer_file} cannot send `tags`"


def test_the_mock_stores_and_returns_the_field(mock: RunningMock) -> None:
    with httpx.Client(base_url=mock.url, headers=mock.auth()) as api:
        created = api.post(SNAPSHOTS, json={"server_id": 12345, "name": "tagged", "tags": TAGS})
        assert created.status_code == 201, created.text
        assert created.json().get("tags") == TAGS
        listed = api.get(SNAPSHOTS, params={"server_id": 12345}).json()["results"]
        assert [s.get("tags") for s in listed if s["name"] == "tagged"] == [TAGS]


# Run with the regenerated package first on the path: the layer as regeneration made it.
PYTHON_PROGRAM = """
import json, sys
from vps_snapshots_client import SnapshotsClient
api = SnapshotsClient(token=sys.argv[2], base_url=sys.argv[1])
created = api.create_snapshot(12345, "tagged", tags=json.loads(sys.argv[3]))
listed = api.list_snapshots(server_id=12345)
print(json.dumps({"created": created.to_dict(), "listed": [s.to_dict() for s in listed.results]}))
"""


def test_the_python_layer_sends_the_field_and_the_mock_returns_it(
    regenerated: Path, mock: RunningMock
) -> None:
    env = {**os.environ, "PYTHONPATH": str(regenerated / "python")}
    result = subprocess.run(
        [sys.executable, "-c", PYTHON_PROGRAM, mock.url, TOKEN, json.dumps(TAGS)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["created"]["tags"] == TAGS
    (listed,) = [s for s in answers["listed"] if s["name"] == "tagged"]
    assert listed["tags"] == TAGS


# Type-checked with the package's own strict tsconfig: the layer's createSnapshot takes `tags`
# and its answer has it.
TYPESCRIPT_PROGRAM = """import { SnapshotsClient } from './main.js';

export async function tagged(client: SnapshotsClient): Promise<string[] | undefined> {
  const created = await client.createSnapshot({ server_id: 12345, name: 'n', tags: ['nightly'] });
  return created.tags;
}
"""


def test_the_typescript_layer_takes_the_field_type_checked(regenerated: Path) -> None:
    package = regenerated / "typescript"
    (package / "src" / "tags_check.ts").write_text(TYPESCRIPT_PROGRAM, encoding="utf-8")
    tsc = ROOT / "node_modules" / ".bin" / "tsc"
    command = [str(tsc), "-p", str(package / "tsconfig.json"), "--noEmit"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# Vetted (so compiled) in the regenerated module: the layer's CreateSnapshot sends `Tags`.
GO_PROGRAM = """package snapshots

import "context"

func taggedSnapshot(ctx context.Context, client *SnapshotsClient) (*SnapshotTags, error) {
	tags := SnapshotTags{"nightly"}
	request := SnapshotCreateRequest{ServerId: 12345, Name: "n", Tags: &tags}
	created, err := client.CreateSnapshot(ctx, request)
	if err != nil {
		return nil, err
	}
	return created.Tags, nil
}
"""


def test_the_go_layer_takes_the_field_compiled(regenerated: Path) -> None:
    module = regenerated / "go"
    (module / "tags_check.go").write_text(GO_PROGRAM, encoding="utf-8")
    run([program("go"), "vet", "./..."], module, GO_ENV)


@pytest.fixture
def contract_on_edited(edited: Path) -> Iterator[None]:
    contract_document.use(edited)
    yield
    contract_document.use(contract_document.OPENAPI)


@pytest.mark.usefixtures("contract_on_edited")
def test_the_contract_model_compares_the_field_as_sent() -> None:
    sent = {"server_id": 7, "name": "s1", "tags": TAGS}
    assert create(Model(), sent, snapshot(1, tags=TAGS)) == []
    (found,) = create(Model(), sent, snapshot(1))
    assert "[model rule as-sent]" in found
    assert f"new snapshot 1: tags is None; the model expected {TAGS!r}, as sent" in found


def test_the_reference_shows_the_field(edited: Path) -> None:
    shown = reader_schemas(yaml.safe_load(edited.read_text(encoding="utf-8")))["components"]
    for name in ("SnapshotCreateRequest", "Snapshot", "SnapshotCreated"):
        assert "tags" in shown["schemas"][name]["properties"], name
    assert shown["schemas"]["SnapshotTags"]["description"] == doc.TAGS_DESCRIPTION


def test_the_translation_gate_reports_the_new_text(edited: Path, tmp_path: Path) -> None:
    document: Any = yaml.safe_load(edited.read_text(encoding="utf-8"))
    for language in docs_i18n.TRANSLATIONS:
        missing = [english for _, english in docs_i18n.coverage(language, document).missing]
        assert doc.TAGS_DESCRIPTION in missing, language
    with pytest.raises(build_docs.DocsBuildError, match="missing") as refused:
        build_docs.build(tmp_path / "docs", source=edited)
    assert doc.TAGS_DESCRIPTION[:40] in str(refused.value)
