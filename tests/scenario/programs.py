"""How each target's scenario program is built, and the command that runs it (the steps file is
appended): the functions scripts/targets.py names as each target's `TestBuilds.scenario`."""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

from tests.bindings import builds
from tests.tools.installed import install

HERE = Path(__file__).resolve().parent


def python() -> list[str]:
    return [sys.executable, str(HERE / "python" / "scenario.py")]


def typescript() -> list[str]:
    return builds.typescript_program("scenario", HERE / "typescript" / "scenario.ts")


def go() -> list[str]:
    return [
        str(builds.go_program("scenario", builds.go_committed_program(HERE / "go" / "main.go")))
    ]


def java() -> list[str]:
    source = (HERE / "java" / "Scenario.java").read_text(encoding="utf-8")
    return builds.java_program("scenario", "Scenario", source)


def rust() -> list[str]:
    return [str(builds.rust_programs() / "scenario")]


def cli() -> list[str]:
    """``vps-snapshots`` from its wheel, in a venv in a temporary folder outside the repository
    (removed when the run ends), driven by a program that reads the steps."""
    folder = Path(tempfile.mkdtemp(prefix="scenario-cli-"))
    atexit.register(shutil.rmtree, folder, True)
    return [sys.executable, str(HERE / "cli" / "scenario.py"), str(install(folder).cli)]
