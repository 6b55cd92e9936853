"""Run ``mypy --strict`` in a subprocess of the tests' interpreter, as a client user would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def mypy_strict(
    *targets: Path, config: Path, cache: Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Type-check `targets` with `config` (never the toolkit's own mypy settings) and `cache`."""
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file",
        str(config),
        "--cache-dir",
        str(cache),
        *map(str, targets),
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
