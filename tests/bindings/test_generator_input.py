"""openapi-generator's input (Java, Rust): the document without JSON Schema's conditional
keywords, which validate values and make no client type, and with nothing else changed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from scripts.generator_common import CONDITIONAL_KEYWORDS, without_conditionals
from scripts.targets import rust
from tests import openapi_document

Json = Any

# A size rule by status, as a document may state it on the schema SnapshotCreated extends.
SIZE_RULE = {
    "if": {"properties": {"status": {"const": "completed"}}},
    "then": {"properties": {"size_mb": {"type": "integer"}}},
    "else": {"properties": {"size_mb": {"type": "null"}}},
}


def _with_conditionals() -> Json:
    document = copy.deepcopy(openapi_document.load())
    document["components"]["schemas"]["Snapshot"].update(copy.deepcopy(SIZE_RULE))
    created = document["components"]["schemas"]["SnapshotCreated"]["allOf"][1]
    created["dependentSchemas"] = {"status": {"properties": {"status": {"const": "in_progress"}}}}
    # A property that happens to be called `if` is a name, not a keyword: it stays.
    created["properties"]["if"] = {"type": "string"}
    return document


def test_only_the_conditional_keywords_are_left_out() -> None:
    document = _with_conditionals()
    stripped = without_conditionals(document)
    validate(stripped)
    expected = copy.deepcopy(document)
    for keyword in ("if", "then", "else"):
        del expected["components"]["schemas"]["Snapshot"][keyword]
    del expected["components"]["schemas"]["SnapshotCreated"]["allOf"][1]["dependentSchemas"]
    assert stripped == expected
    assert "if" in stripped["components"]["schemas"]["SnapshotCreated"]["allOf"][1]["properties"]
    assert set(CONDITIONAL_KEYWORDS) == {"if", "then", "else", "dependentSchemas"}


def test_the_document_itself_is_unchanged_where_it_has_no_conditionals() -> None:
    document = openapi_document.load()
    if not any(key in str(document) for key in ("'if':", "'dependentSchemas':")):
        assert without_conditionals(document) == document


def test_an_extended_schema_with_conditionals_keeps_its_fields_in_the_rust_client(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(_with_conditionals(), sort_keys=False), encoding="utf-8")
    rust.generate(spec, tmp_path / "rust")
    model = (tmp_path / "rust" / "src" / "models" / "snapshot_created.rs").read_text("utf-8")
    for field in ("pub id: i64", "pub name: String", "pub size_mb: Option<i32>", "pub message"):
        assert field in model
