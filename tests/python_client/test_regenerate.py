"""scripts/regenerate.py: repeatable output, a drift check that names files, atomic replacement."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import openapi_document as doc
from tests.python_client.paths import (
    GENERATED,
    GENERATOR_CONFIG,
    PACKAGE_NAME,
    PROJECT,
    ROOT,
)


def _regenerate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scripts.regenerate", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` with the digest of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        # Bytecode caches appear when a tree is imported in place; the generator never writes them.
        if path.is_file() and "__pycache__" not in path.parts
    }


def _document_copy(tmp_path: Path, change: Any = None) -> Path:
    document = doc.load()
    if change is not None:
        change(document)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return spec


@pytest.fixture
def generated_copy(tmp_path: Path) -> Path:
    """A copy of the committed generated/, for runs that would write to it."""
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_generation_is_byte_for_byte_repeatable(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    first = _regenerate("--generated", out, "python")
    assert first.returncode == 0, first.stderr
    # A second generation compared with the first: the drift check on the fresh output.
    second = _regenerate("--check", "--generated", out, "python")
    assert second.returncode == 0, second.stdout + second.stderr
    assert _tree(out / "python") == _tree(PROJECT)
    caches = [p for p in out.rglob("*") if p.name in {".ruff_cache", ".mypy_cache", "__pycache__"}]
    assert caches == []
    for path in (out / "python").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert str(tmp_path) not in text, path
            assert str(ROOT) not in text, path


def test_check_names_every_changed_missing_and_extra_file(generated_copy: Path) -> None:
    (generated_copy / "python" / "README.md").write_text("hand-edited\n", encoding="utf-8")
    (generated_copy / "python" / PACKAGE_NAME / "errors.py").unlink()
    (generated_copy / "python" / "notes.txt").write_text("not generated\n", encoding="utf-8")
    before = _tree(generated_copy)

    result = _regenerate("--check", "--generated", generated_copy, "python")

    assert result.returncode == 1
    project = generated_copy / "python"
    # Paths inside the repository are named from its root, others in full.
    where = (project.relative_to(ROOT) if project.is_relative_to(ROOT) else project).as_posix()
    assert f"changed: {where}/README.md" in result.stdout
    assert "-hand-edited" in result.stdout
    assert f"missing (the generator makes it): {where}/{PACKAGE_NAME}/errors.py" in result.stdout
    assert f"extra (the generator no longer makes it): {where}/notes.txt" in result.stdout
    assert _tree(generated_copy) == before, "--check writes nothing"


def test_regenerate_rewrites_a_drifted_tree(generated_copy: Path) -> None:
    (generated_copy / "python" / "README.md").write_text("hand-edited\n", encoding="utf-8")
    (generated_copy / "python" / "notes.txt").write_text("not generated\n", encoding="utf-8")

    result = _regenerate("--generated", generated_copy, "python")

    assert result.returncode == 0, result.stderr
    assert _tree(generated_copy / "python") == _tree(PROJECT)
    assert [p.name for p in generated_copy.parent.iterdir() if p.name.startswith(".regen")] == []


def _break_a_reference(document: Any) -> None:
    ok = document["paths"]["/api/v1/snapshots/"]["get"]["responses"]["200"]
    ok["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/NoSuchSchema"}


def test_a_failing_generator_leaves_generated_exactly_as_it_was(
    tmp_path: Path, generated_copy: Path
) -> None:
    before = _tree(generated_copy)
    spec = _document_copy(tmp_path, _break_a_reference)

    result = _regenerate("--spec", spec, "--generated", generated_copy, "python")

    assert result.returncode == 1
    assert "the python generator failed" in result.stderr
    assert "NoSuchSchema" in result.stderr
    assert _tree(generated_copy) == before


def test_nothing_is_replaced_unless_every_target_succeeds(
    generated_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The Python target succeeds (on a changed document) and a second target fails after it:
    # generated/python must not take the Python target's new output either.
    from scripts import regenerate

    def failing(spec: Path, out: Path) -> None:
        out.mkdir()
        (out / "half-written").write_text("", encoding="utf-8")
        raise RuntimeError("this generator broke")

    monkeypatch.setitem(regenerate.TARGETS, "broken", failing)
    before = _tree(generated_copy)
    spec = _document_copy(generated_copy.parent, _set_version("9.9.9"))

    status = regenerate.main(
        ["--spec", str(spec), "--generated", str(generated_copy), "python", "broken"]
    )

    assert status == 1
    assert "the broken generator failed" in capsys.readouterr().err
    assert _tree(generated_copy) == before


def _set_version(version: str) -> Any:
    def change(document: Any) -> None:
        document["info"]["version"] = version

    return change


def test_client_version_follows_the_documents_info_version(tmp_path: Path) -> None:
    spec = _document_copy(tmp_path, _set_version("2.3.4"))

    result = _regenerate("--spec", spec, "--generated", tmp_path / "generated", "python")

    assert result.returncode == 0, result.stderr
    pyproject = tomllib.loads((tmp_path / "generated/python/pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["version"] == "2.3.4"
    assert "Version 2.3.4," in (tmp_path / "generated/python/README.md").read_text("utf-8")


def test_committed_metadata_comes_from_the_config_and_the_document() -> None:
    config = yaml.safe_load(GENERATOR_CONFIG.read_text(encoding="utf-8"))
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == config["project_name_override"] == "vps-snapshots-client"
    assert config["package_name_override"] == PACKAGE_NAME
    assert (PROJECT / PACKAGE_NAME / "py.typed").is_file()
    assert project["version"] == doc.load()["info"]["version"]
    # The generator's default would be "A client library for accessing <title>".
    assert project["description"].startswith("Typed Python client for the VPS.org Snapshots API")
    assert project["readme"] == "README.md"


def test_unknown_target_is_refused(tmp_path: Path) -> None:
    result = _regenerate("--generated", tmp_path / "generated", "cobol")
    assert result.returncode == 2
    assert "unknown target(s) cobol" in result.stderr
    assert not (tmp_path / "generated").exists()
