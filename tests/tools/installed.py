"""The command-line tool and the MCP server as users get them: their wheels, built as
``nox -s build`` builds them (scripts/package_tools.py), installed with the Python client's wheel
into a fresh virtual environment in a temporary folder outside the repository, and run from
there against a misbehaving-capable mock over HTTP. Built once per test module."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from snapshots_cli import target as cli_target
from snapshots_mcp import target as mcp_target
from snapshots_mock import MockConfig
from snapshots_mock.misbehaviour import ADMIN_PATH
from snapshots_mock.seed_facts import TOKEN
from snapshots_mock.testing import RunningMock, running_mock
from tests.conftest import mock_config
from tests.contract.runs import fresh_venv
from tests.python_client.paths import built_dist

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Installed:
    bin: Path  # the venv's bin folder, outside the repository
    work: Path  # where the commands run
    dist: Path  # the wheels built: dist/cli, dist/mcp

    @property
    def cli(self) -> Path:
        return self.bin / cli_target.COMMAND

    @property
    def mcp(self) -> Path:
        return self.bin / mcp_target.COMMAND

    def environment(self, mock: RunningMock | None = None, **extra: str) -> dict[str, str]:
        """Nothing of this repository's environment: not its PYTHONPATH, not its venv."""
        home = self.work / "home"
        home.mkdir(exist_ok=True)
        env = {"PATH": f"{self.bin}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
        if mock is not None:
            env |= {"VPS_API_TOKEN": TOKEN, "VPS_API_BASE_URL": mock.url}
        return env | extra

    def run(
        self,
        *args: str,
        env: dict[str, str],
        stdin: int | None = subprocess.DEVNULL,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.cli), *args],
            cwd=self.work,
            env=env,
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def install(folder: Path) -> Installed:
    """Build both wheels into `folder`/dist and install them with the client's into a new venv."""
    assert not folder.resolve().is_relative_to(ROOT)
    dist = folder / "dist"
    subprocess.run(
        [sys.executable, "-m", "scripts.package_tools", str(dist)],
        cwd=ROOT,
        check=True,
        timeout=600,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
    )
    (client,) = built_dist().glob("*.whl")
    wheels = [client, *(dist / "cli").glob("*.whl"), *(dist / "mcp").glob("*.whl")]
    assert len(wheels) == 3, wheels
    bin_folder = fresh_venv(folder / "venv", *wheels)
    work = folder / "work"
    work.mkdir()
    return Installed(bin_folder, work, dist)


def misbehaving_mock(folder: Path) -> Iterator[RunningMock]:
    """A mock in this process, with its opt-in misbehaviour, on a manual clock."""
    config = MockConfig(
        **{**vars(mock_config(f"sqlite:///{folder / 'mock.sqlite3'}")), "misbehaviour": True}
    )
    with running_mock(config) as server:
        yield server


def fresh(mock: RunningMock) -> Iterator[RunningMock]:
    """`mock` back to the seed data, its misbehaviour disarmed after the test."""
    mock.reset()
    yield mock
    httpx.delete(mock.url + ADMIN_PATH).raise_for_status()


def arm(mock: RunningMock, **rule: object) -> None:
    httpx.post(mock.url + ADMIN_PATH, json=rule).raise_for_status()


def cli_scenario() -> list[str]:
    """The shared scenario's CLI program (the registry's TOOLS["cli"].scenario): ``vps-snapshots``
    from its wheel, in a venv in a temporary folder outside the repository (removed when the run
    ends), driven by tests/scenario/cli/scenario.py, which reads the steps."""
    folder = Path(tempfile.mkdtemp(prefix="scenario-cli-"))
    atexit.register(shutil.rmtree, folder, True)
    program = ROOT / "tests" / "scenario" / "cli" / "scenario.py"
    return [sys.executable, str(program), str(install(folder).cli)]
