"""The Python target's test side (tests/targets/__init__.py): the client as the tests session
built and installed it (noxfile: _install_python_client), and programs run in a new virtual
environment outside the repository that holds nothing but the client from the built wheel's
folder, as the reference's install line says (tests/docs/sample_programs.py)."""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scripts import targets
from tests.bindings.builds import ROOT
from tests.docs import sample_programs
from tests.python_client.paths import built_dist

NAME = "python"
SCENARIO = ROOT / targets.TARGETS[NAME].tests.scenario_folder / "scenario.py"


@functools.cache
def _folder() -> Path:
    """A temporary folder outside the repository, removed when the run ends."""
    folder = Path(tempfile.mkdtemp(prefix="python-programs-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def _environment() -> Path:
    """The interpreter of a venv holding only the client (sample_programs.python_environment)."""
    return sample_programs.python_environment(_folder())


# --- TargetTests ------------------------------------------------------------------------------


def scenario() -> list[str]:
    # The tests' own interpreter, where the session installed the client's wheel.
    return [sys.executable, str(SCENARIO)]


def programs(batch: str, sources: Mapping[str, str]) -> dict[str, list[str]]:
    python = _environment()
    folder = _folder() / batch
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    commands = {}
    for name, source in sources.items():
        script = folder / f"{name}.py"
        script.write_text(source, encoding="utf-8")
        commands[name] = [str(python), "-I", str(script)]
    return commands


def bundle(dest: Path, scratch: Path) -> None:
    # What the tests session built and installed (noxfile: _install_python_client).
    for made in sorted(built_dist().iterdir()):
        if made.suffix in (".whl", ".gz"):
            shutil.copy2(made, dest / made.name)


def user_environment(env: dict[str, str], home: Path) -> None:
    """pip and a venv need nothing of the user's own."""


def sample_imports(source: str) -> set[str]:
    found = re.findall(r"(?m)^(?:from|import) (\w+)", source)
    return {name for name in found if name not in sys.stdlib_module_names}
