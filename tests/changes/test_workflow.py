"""The change workflow in a real git repository: the base revision, the report's exit status,
and the CHANGELOG.md entry, through ``python -m spec_changes`` as the nox sessions run it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from spec_changes import document
from tests.changes.documents import Json, base, schema

ROOT = Path(__file__).resolve().parents[2]
DOC = Path("openapi") / "openapi.yaml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.test",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.test",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **GIT_ENV},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def write(self, spec: Json) -> None:
        (self.path / DOC).write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")

    def commit(self, spec: Json, message: str) -> str:
        self.write(spec)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "spec_changes", *args, "--date", "2026-01-02"],
            cwd=self.path,
            env={**os.environ, **GIT_ENV, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
        )

    @property
    def changelog(self) -> Path:
        return self.path / "CHANGELOG.md"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    found = Repo(tmp_path)
    found.git("init", "-q", "-b", "main")
    (tmp_path / "openapi").mkdir()
    found.commit(base(), "first")
    return found


def _with_version(spec: Json, version: str) -> Json:
    spec["info"]["version"] = version
    return spec


def _breaking(version: str = "1.0.0") -> Json:
    spec = _with_version(base(), version)
    schema(spec, "Name")["maxLength"] = 32
    return spec


def _non_breaking(version: str = "1.0.0") -> Json:
    spec = _with_version(base(), version)
    schema(spec, "NewThing")["properties"]["owner"] = {"type": "string"}
    return spec


def test_the_default_base_is_the_first_commit_without_a_release_tag(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD")
    repo.commit(_non_breaking("1.1.0"), "second")
    repo.git("tag", "nightly")  # not a release tag
    assert document.default_base(repo.path) == first


def test_the_default_base_is_the_latest_release_tag(repo: Repo) -> None:
    repo.git("tag", "v1.0.0")
    repo.commit(_non_breaking("1.1.0"), "second")
    repo.git("tag", "v1.1.0")
    repo.commit(_breaking("2.0.0"), "third")
    assert document.default_base(repo.path) == "v1.1.0"


def test_the_document_is_read_as_it_was_at_the_revision(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD")
    repo.commit(_breaking("2.0.0"), "second")
    repo.write(_with_version(base(), "3.0.0"))
    assert document.load_revision(repo.path, first, DOC)["info"]["version"] == "1.0.0"
    assert document.load_revision(repo.path, "HEAD", DOC)["info"]["version"] == "2.0.0"


def test_an_unknown_revision_or_a_missing_document_is_a_clear_error(repo: Repo) -> None:
    with pytest.raises(document.DocumentError, match=r"cannot read openapi/openapi\.yaml at 'v9'"):
        document.load_revision(repo.path, "v9", DOC)
    with pytest.raises(document.DocumentError, match="at 'HEAD'"):
        document.load_revision(repo.path, "HEAD", Path("openapi") / "missing.yaml")
    result = repo.run("check", "v9")
    assert result.returncode == 2
    assert "error: cannot read openapi/openapi.yaml at 'v9'" in result.stderr


def test_an_unchanged_document_reports_no_changes(repo: Repo) -> None:
    result = repo.run("check")
    assert result.returncode == 0, result.stdout
    assert "No changes." in result.stdout
    assert "No change: info.version stays 1.0.0." in result.stdout


def test_a_breaking_change_without_a_major_raise_fails(repo: Repo) -> None:
    for version in ("1.0.0", "1.1.0"):
        repo.write(_breaking(version))
        result = repo.run("check")
        assert result.returncode == 1, result.stdout
        assert "Breaking (1):" in result.stdout
        assert "schema Name: `maxLength` lowered from 64 to 32 (narrower)" in result.stdout
        assert result.stdout.rstrip().endswith("raise info.version to 2.0.0.")


def test_a_breaking_change_with_a_major_raise_passes(repo: Repo) -> None:
    repo.write(_breaking("2.0.0"))
    result = repo.run("check")
    assert result.returncode == 0, result.stdout
    assert "enough for breaking changes (at least 2.0.0)" in result.stdout


def test_a_non_breaking_change_needs_a_minor_raise(repo: Repo) -> None:
    repo.write(_non_breaking("1.0.1"))
    result = repo.run("check")
    assert result.returncode == 1
    assert "Non-breaking (1):" in result.stdout
    assert "raise info.version to 1.1.0." in result.stdout
    repo.write(_non_breaking("1.1.0"))
    assert repo.run("check").returncode == 0


def test_a_given_base_replaces_the_default(repo: Repo) -> None:
    repo.git("tag", "v1.0.0")
    second = repo.commit(_non_breaking("1.1.0"), "second")
    repo.write(_non_breaking("1.1.0"))
    since_release = repo.run("check")
    assert since_release.returncode == 0
    assert "from v1.0.0 (info.version 1.0.0)" in since_release.stdout
    since_second = repo.run("check", second)
    assert since_second.returncode == 0
    assert f"from {second[:12]} (info.version 1.1.0)" in since_second.stdout
    assert "No changes." in since_second.stdout


def test_the_changelog_waits_for_the_version_to_be_raised(repo: Repo) -> None:
    repo.write(_non_breaking("1.0.0"))
    result = repo.run("changelog")
    assert result.returncode == 0, result.stdout
    assert "No changelog entry written: raise info.version to 1.1.0" in result.stdout
    assert not repo.changelog.exists()


def test_the_changelog_refuses_a_version_raised_too_little(repo: Repo) -> None:
    repo.write(_breaking("1.1.0"))
    result = repo.run("changelog")
    assert result.returncode == 1
    assert "raise info.version to 2.0.0." in result.stdout
    assert not repo.changelog.exists()


def test_the_changelog_entry_is_made_from_the_report_once(repo: Repo) -> None:
    repo.changelog.write_text(
        "# Changelog\n\nIntro.\n\n## [1.0.0] - 2026-01-01\n\nThe first version.\n",
        encoding="utf-8",
    )
    spec = _breaking("2.0.0")
    schema(spec, "Kind")["description"] = "How big a thing is."
    schema(spec, "NewThing")["properties"]["owner"] = {"type": "string"}
    repo.write(spec)
    result = repo.run("changelog")
    assert result.returncode == 0, result.stdout
    assert "CHANGELOG.md: added the entry for 2.0.0." in result.stdout
    assert repo.changelog.read_text(encoding="utf-8") == (
        "# Changelog\n\nIntro.\n\n"
        "## [2.0.0] - 2026-01-02\n\n"
        f"Compared with 1.0.0 ({repo.git('rev-parse', 'HEAD')[:12]}).\n\n"
        "### Breaking\n\n"
        "- schema Name: `maxLength` lowered from 64 to 32 (narrower)"
        " (breaking in: createThing request body)\n\n"
        "### Non-breaking\n\n"
        "- schema NewThing: optional property `owner` added"
        " (non-breaking in: createThing request body)\n\n"
        "### Documentation\n\n"
        "- schema Kind: `description` changed\n\n"
        "## [1.0.0] - 2026-01-01\n\nThe first version.\n"
    )
    before = repo.changelog.read_text(encoding="utf-8")
    again = repo.run("changelog")
    assert again.returncode == 0
    assert "CHANGELOG.md already has an entry for 2.0.0; left as it is." in again.stdout
    assert repo.changelog.read_text(encoding="utf-8") == before
