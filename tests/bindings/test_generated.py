"""The committed Go, Java and Rust trees: versioned by the document, and free of anything that
would differ between two machines or two runs (the drift check in CI regenerates them and
compares byte for byte; this names the usual culprits if it ever fails)."""

from __future__ import annotations

import re
import tomllib

import pytest

from scripts import targets
from tests import openapi_document
from tests.bindings import builds

VERSION = str(openapi_document.load()["info"]["version"])
# The trees openapi-generator and oapi-codegen write (the Python and TypeScript trees: their own
# tests, tests/python_client and the typescript session).
TARGETS = targets.packaged_by_bindings()


@pytest.mark.parametrize("target", TARGETS)
def test_the_tree_names_no_machine_path_and_no_generation_date(target: str) -> None:
    files = [path for path in (builds.GENERATED / target).rglob("*") if path.is_file()]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert str(builds.ROOT) not in text, path
        assert "/tmp/" not in text, path
        # openapi-generator's @Generated would carry `date = "..."` without hideGenerationTimestamp.
        assert not re.search(r"@(javax\.annotation\.)?Generated\([^)]*date\s*=", text), path


def test_every_package_has_the_documents_version() -> None:
    cargo = tomllib.loads((builds.GENERATED / "rust" / "Cargo.toml").read_text(encoding="utf-8"))
    assert cargo["package"]["version"] == VERSION
    pom = (builds.GENERATED / "java" / "pom.xml").read_text(encoding="utf-8")
    artifact = re.search(
        r"<artifactId>snapshots-client</artifactId>\s*<packaging>jar</packaging>"
        r"\s*<name>[^<]*</name>\s*<version>([^<]+)</version>",
        pom,
    )
    assert artifact is not None
    assert artifact.group(1) == VERSION
    go_version = (builds.GENERATED / "go" / "version.go").read_text(encoding="utf-8")
    assert f'const Version = "{VERSION}"' in go_version


@pytest.mark.parametrize("target", TARGETS)
def test_the_readme_lists_every_operation(target: str) -> None:
    readme = (builds.GENERATED / target / "README.md").read_text(encoding="utf-8")
    for _, _, operation in openapi_document.operations(openapi_document.load()):
        assert operation["summary"] in readme, operation["operationId"]
