"""What the targets' builds share: running a build step, the build folder, a program run
against a fresh mock, the READMEs' blocks and figures. How each target builds the client and
programs that use it, with its language's strict settings, as its users build them, is that
target's own module, tests/targets/<name>.py.

Everything is written under `.build-bindings/` (ignored by git), so that Go's, Maven's and
Cargo's caches make a second run fast; the committed trees are never written to. Toolchains'
downloads come from the Go module proxy, Maven Central and crates.io only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GENERATED = ROOT / "generated"
BUILD = ROOT / ".build-bindings"


class BuildError(AssertionError):
    """A build or strict check failed; the message holds the tool's output."""


def run(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    result = subprocess.run(
        list(command),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(
            f"{' '.join(command)} (in {cwd}) exited with {result.returncode}:\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout


def readme_blocks(readme: Path, language: str) -> list[str]:
    """The contents of the README's ```language fenced blocks."""
    text = readme.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def fresh(path: Path) -> Path:
    """`path`, emptied (made if missing)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def run_against_mock(
    command: Sequence[str], scratch: Path, *mock_options: str
) -> subprocess.CompletedProcess[str]:
    """Run `command` while a fresh mock (the shipped seed data, its own SQLite file) serves at
    ``$SNAPSHOTS_MOCK_URL``; the mock is stopped afterwards whatever happened."""
    from snapshots_mock.testing import mock_process

    database = f"sqlite:///{scratch / 'mock.sqlite3'}"
    with mock_process(scratch / "mock.log", "--database-url", database, *mock_options) as mock:
        return subprocess.run(
            list(command),
            env={**os.environ, "SNAPSHOTS_MOCK_URL": mock.url},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


def readme_seconds(target: str, constant: str) -> float:
    """The seconds the README of generated/`target` gives `constant`, written "`NAME` (N s)" or
    "N s (`NAME`)"."""
    readme = (GENERATED / target / "README.md").read_text(encoding="utf-8")
    name = rf"`(?:\w+\.)?{re.escape(constant)}`"
    number = r"(\d+(?:\.\d+)?) s"
    found = [
        value
        for pair in re.findall(rf"{name}\s+\({number}\)|{number}\s+\({name}\)", readme)
        for value in pair
        if value
    ]
    assert found, (
        f"the {target} README states {constant} as `{constant}` (N s) or N s (`{constant}`)"
    )
    assert len(set(found)) == 1, f"the {target} README gives {constant} two values: {found}"
    return float(found[0])
