"""The copy of the document the page renders (scripts/reader_schemas.py): each answer's own shape,
while the document and the downloads keep every conditional the contract suite reads."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from scripts import build_docs, code_samples
from scripts.reader_schemas import reader_schemas

SOURCE = code_samples.load_document()


def test_the_create_answer_is_drawn_in_progress_and_without_a_size() -> None:
    before = copy.deepcopy(SOURCE)
    shown = reader_schemas(SOURCE)["components"]["schemas"]
    assert before == SOURCE  # the document itself is not touched
    created = shown["SnapshotCreated"]
    assert "allOf" not in created
    assert not {"if", "then", "else", "dependentSchemas"} & set(created)
    assert created["properties"]["status"]["const"] == "in_progress"
    assert "enum" not in created["properties"]["status"]
    assert created["properties"]["size_mb"]["type"] == "null"
    assert "minimum" not in created["properties"]["size_mb"]
    snapshot = SOURCE["components"]["schemas"]["Snapshot"]
    fields = [*snapshot["properties"], "message"]
    assert list(created["properties"]) == fields
    assert created["required"] == [*snapshot["required"], "message"]


def test_a_listed_snapshot_keeps_its_rule_in_words() -> None:
    snapshot = reader_schemas(SOURCE)["components"]["schemas"]["Snapshot"]
    assert not {"if", "then", "else"} & set(snapshot)
    size = snapshot["properties"]["size_mb"]
    assert size["type"] == ["integer", "null"]
    assert all(word in size["description"] for word in ("`completed`", "`in_progress`", "`null`"))


def test_the_downloads_keep_the_conditionals(built_docs: Path) -> None:
    for folder in build_docs.EDITIONS.values():
        document = json.loads((built_docs / folder / "openapi.json").read_text(encoding="utf-8"))
        schemas = document["components"]["schemas"]
        assert {"if", "then", "else"} <= set(schemas["Snapshot"])
        assert "dependentSchemas" in schemas["SnapshotCreated"]["allOf"][1]
