"""Run ``mypy --strict`` in a subprocess of the tests' interpreter, as a client user would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
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


def mypy_strict_sources(
    sources: Mapping[str, str], folder: Path
) -> subprocess.CompletedProcess[str]:
    """Write each of `sources` (module name -> Python source) into `folder` and type-check them
    all at once, with a configuration of their own (nothing but ``--strict``), from `folder`."""
    for name, source in sources.items():
        (folder / f"{name}.py").write_text(source, encoding="utf-8")
    config = folder / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    return mypy_strict(
        *(folder / f"{name}.py" for name in sources),
        config=config,
        cache=folder / "cache",
        cwd=folder,
    )
