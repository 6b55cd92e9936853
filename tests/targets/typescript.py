"""The TypeScript target's test side (tests/targets/__init__.py): the generated SDK packed as
`nox -s build` packs it (compiled strictly first), installed by name from its tarball into a
scratch project, and programs compiled there strictly with the project's tsc and run by node."""

from __future__ import annotations

import atexit
import functools
import json
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scripts import targets
from tests.bindings.builds import BUILD, GENERATED, ROOT, fresh, run
from tests.docs import sample_programs
from tests.system import program

NAME = "typescript"
SCENARIO = ROOT / targets.TARGETS[NAME].tests.scenario_folder / "scenario.ts"
NODE_BIN = ROOT / "node_modules" / ".bin"
NPM_QUIET = ("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn")
TS_CONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2022"],
        "types": ["node"],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "outDir": "build",
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "noEmitOnError": True,
        "skipLibCheck": False,
    },
}


def typescript_tarball(folder: Path) -> Path:
    """Pack the TypeScript client as `nox -s build` does (compiled strictly), into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="typescript-package-") as scratch:
        package = Path(scratch) / "package-source"
        shutil.copytree(GENERATED / NAME, package)
        run([str(NODE_BIN / "tsc"), "--project", str(package)], package)
        run([program("npm"), "pack", *NPM_QUIET, "--pack-destination", str(folder)], package)
    (tarball,) = folder.glob("*.tgz")
    return tarball


def typescript_program(name: str, source: Path) -> list[str]:
    """Install the packed TypeScript client beside `source` (under .build-bindings/, so that
    the project's node_modules gives tsc and @types/node), compile it strictly; the command
    that runs it."""
    folder = fresh(BUILD / NAME / name)
    tarball = typescript_tarball(folder)
    (folder / "package.json").write_text('{"private": true, "type": "module"}\n', encoding="utf-8")
    run([program("npm"), "install", *NPM_QUIET, "--no-save", "--offline", str(tarball)], folder)
    shutil.copyfile(source, folder / source.name)
    config = {**TS_CONFIG, "include": [source.name]}
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    run([str(NODE_BIN / "tsc"), "--project", str(folder)], folder)
    return [program("node"), str(folder / "build" / source.with_suffix(".js").name)]


@functools.cache
def _samples_project() -> Path:
    """A scratch npm project with the packed SDK installed by name, compiled as Node users
    compile (tests/docs/sample_programs.py); outside the repository, whose node_modules a
    program there would otherwise see. Removed when the run ends."""
    folder = Path(tempfile.mkdtemp(prefix="typescript-programs-"))
    atexit.register(shutil.rmtree, folder, True)
    return sample_programs.typescript_project(folder)


# --- TargetTests ------------------------------------------------------------------------------


def scenario() -> list[str]:
    return typescript_program("scenario", SCENARIO)


def programs(batch: str, sources: Mapping[str, str]) -> dict[str, list[str]]:
    project = _samples_project()
    shutil.rmtree(project / "src", ignore_errors=True)
    (project / "src").mkdir()
    compiled = sample_programs.compile_typescript(
        project, {f"{batch}-{name}": source for name, source in sources.items()}
    )
    return {name: sample_programs.node_command(compiled[f"{batch}-{name}"]) for name in sources}


def bundle(dest: Path, scratch: Path) -> None:
    typescript_tarball(dest)


def user_environment(env: dict[str, str], home: Path) -> None:
    """npm needs nothing of the user's own (its update notice is off for every user's shell)."""


def sample_imports(source: str) -> set[str]:
    return {name for name in re.findall(r"from '([^']+)'", source) if not name.startswith("node:")}
