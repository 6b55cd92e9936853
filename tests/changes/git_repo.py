"""A real git repository holding a small OpenAPI document, and ``python -m spec_changes`` run in
it as the nox sessions run it, for the workflow's and the clones' tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from spec_changes import Version, releases
from tests.changes.documents import Json, base, schema

ROOT = Path(__file__).resolve().parents[2]
DOC = Path("openapi") / "openapi.yaml"
RELEASES = Path("openapi") / "releases"
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

    @classmethod
    def init(cls, path: Path) -> Repo:
        """A repository whose first commit holds ``base()`` (info.version 1.0.0), unreleased."""
        repo = cls(path)
        repo.git("init", "-q", "-b", "main")
        (path / "openapi").mkdir()
        repo.commit(base(), "first")
        return repo

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

    def commit(self, spec: Json | None, message: str) -> str:
        if spec is not None:
            self.write(spec)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def release_by_hand(self, version: str) -> Path:
        """Record the working copy's document as ``version`` as ``release`` does (the file and
        its checksum), without the version check."""
        return releases.record(self.path / RELEASES, Version.parse(version), self.path / DOC)

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

    @property
    def releases(self) -> list[str]:
        directory = self.path / RELEASES
        # The release files; their checksum list (SHA256SUMS) is checked on its own.
        if not directory.is_dir():
            return []
        return sorted(p.name for p in directory.iterdir() if p.name != releases.CHECKSUMS)


def with_version(spec: Json, version: str) -> Json:
    spec["info"]["version"] = version
    return spec


def breaking(version: str = "1.0.0") -> Json:
    """``base()`` with a narrower name (64 → 32): breaking in the create's request body."""
    spec = with_version(base(), version)
    schema(spec, "Name")["maxLength"] = 32
    return spec


def non_breaking(version: str = "1.0.0") -> Json:
    spec = with_version(base(), version)
    schema(spec, "NewThing")["properties"]["owner"] = {"type": "string"}
    return spec


BREAKING_LINE = "schema Name: `maxLength` lowered from 64 to 32 (narrower)"
