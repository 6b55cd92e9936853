"""The test side of each target of the registry (scripts/targets/): how the tests build and run
programs against it, bundle it and meet it as a new user does.

Each target has a module here, tests/targets/<name>.py, named by its registry entry's
``TestBuilds.module`` and offering every function of `TargetTests`; the shared tests (the
scenario, the reference's samples, the READMEs followed, the samples' imports) call these and
never branch on a target's name (tests/test_targets.py scans for such a branch). What the
toolchains share (running a build step, the mock around a program) is tests/bindings/builds.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, cast

from scripts import targets


class TargetTests(Protocol):
    def scenario(self) -> list[str]:
        """The command that runs the target's shared-scenario program (tests/scenario/<name>/;
        the steps file is appended), built once."""
        ...

    def programs(self, batch: str, sources: Mapping[str, str]) -> dict[str, list[str]]:
        """Each complete program of `sources` (by name: a reference sample, say), built with the
        language's strict checks against the client; the command that runs each."""
        ...

    def bundle(self, dest: Path, scratch: Path) -> None:
        """The target's folder of the release bundle in `dest`, as `-s build` makes dist/<name>/,
        from what the tests built (`scratch` is for the packer's own files)."""
        ...

    def user_environment(self, env: dict[str, str], home: Path) -> None:
        """Add to `env` what a new user of the language has that this machine's settings do not
        give (a cache of their own under `home`)."""
        ...

    def sample_imports(self, source: str) -> set[str]:
        """What a sample takes from outside the language's standard library."""
        ...


def of(name: str) -> TargetTests:
    """The test module of the registry's target `name`."""
    return cast(TargetTests, importlib.import_module(targets.TARGETS[name].tests.module))
