"""actionlint on a GitHub Actions workflow of the repository (docs/ci/): a Go module, pinned, run
with ``go run``; with shellcheck on PATH it also checks the ``run:`` scripts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.system import program

ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"


def _with_shellcheck() -> dict[str, str]:
    """This environment (Go's settings and caches), with shellcheck on PATH for actionlint."""
    folder = str(Path(program("shellcheck")).parent)
    return {**os.environ, "PATH": f"{folder}:{os.environ.get('PATH', '')}"}


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [program("go"), "run", ACTIONLINT, "-no-color", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=_with_shellcheck(),
        cwd=Path(__file__).resolve().parent.parent,
    )
