"""The generated Python client as its users get it: built, installed from its wheel, typed."""

from __future__ import annotations

import json
import tarfile
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
import vps_snapshots_client

from tests import openapi_document as doc
from tests.python_client import readme_example
from tests.python_client.paths import (
    DISTRIBUTION_NAME,
    GENERATED,
    PACKAGE_NAME,
    PROJECT,
    built_dist,
)
from tests.typecheck import mypy_strict

VERSION = doc.load()["info"]["version"]


def test_the_client_is_installed_from_its_built_wheel() -> None:
    distribution = metadata.distribution(DISTRIBUTION_NAME)
    assert distribution.version == VERSION
    direct_url = json.loads(distribution.read_text("direct_url.json") or "{}")
    assert direct_url["url"].endswith(f"{PACKAGE_NAME}-{VERSION}-py3-none-any.whl")
    assert direct_url["url"].startswith(built_dist().as_uri())
    installed = Path(vps_snapshots_client.__file__).resolve()
    assert not installed.is_relative_to(GENERATED)
    assert (installed.parent / "py.typed").is_file()


def test_wheel_holds_the_generated_package_and_its_metadata() -> None:
    (wheel,) = built_dist().glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = Parser().parsestr(
            archive.read(f"{PACKAGE_NAME}-{VERSION}.dist-info/METADATA").decode()
        )
    sources = {
        path.relative_to(PROJECT).as_posix()
        for path in (PROJECT / PACKAGE_NAME).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sources <= names
    assert f"{PACKAGE_NAME}/py.typed" in names
    assert (info["Name"], info["Version"]) == (DISTRIBUTION_NAME, VERSION)
    assert info["Summary"].startswith("Typed Python client for the VPS.org Snapshots API")
    assert "Typing :: Typed" in info.get_all("Classifier", [])


def test_sdist_holds_the_project() -> None:
    (sdist,) = built_dist().glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    top = f"{PACKAGE_NAME}-{VERSION}"
    assert {f"{top}/pyproject.toml", f"{top}/README.md", f"{top}/{PACKAGE_NAME}/py.typed"} <= names


def test_generated_package_passesmypy_strict(tmp_path: Path) -> None:
    # The generated project's own pyproject.toml (no mypy section) rather than the toolkit's,
    # which excludes generated/ from the project's own type check.
    result = mypy_strict(
        PROJECT / PACKAGE_NAME, config=PROJECT / "pyproject.toml", cache=tmp_path / "mypy"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("example", [readme_example.QUICK_START, readme_example.FUNCTIONS])
def test_readme_example_passes_mypy_strict_against_the_installed_client(
    tmp_path: Path, example: int
) -> None:
    program = tmp_path / "example.py"
    program.write_text(readme_example.program(example=example), encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    result = mypy_strict(program, config=config, cache=tmp_path / "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_example_matches_the_documents_seed_example() -> None:
    # The example, run against the mock server's seed data (the document's examples), must
    # print what the README says; the seed's names and sizes are the document's.
    examples = doc.load()["components"]["examples"]
    listed = examples["SnapshotListSeed"]["value"]["results"]
    create = examples["SnapshotCreateRequestSeed"]["value"]
    name, server_id = create["name"], create["server_id"]
    source = readme_example.program(base_url="http://127.0.0.1:8000")
    assert "'http://127.0.0.1:8000'" in source
    assert f'token="{readme_example.TOKEN}"' in source
    assert f"server_id={server_id}" in source
    assert f'name="{name}"' in source
    assert readme_example.expected_output().splitlines() == [
        *(f"{s['name']}: {s['status']}, {s['size_mb']} MB" for s in listed),
        f"created {name}: in_progress",
        "refused: duplicate_snapshot_name",
    ]
