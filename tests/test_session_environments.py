"""Every documented nox session runs in the environment it builds (issue 22, point 1).

Each session the test command does not run is run here, as documented
(``python3 scripts/run_nox.py -s NAME -- --help``), in environments nox builds afresh in a
temporary folder: a session whose requirements lack a module its entry point imports fails here,
where a reused venv could still hold a package a lock file no longer names. The sessions tagged
``test`` are the test command itself, whose run fails the same way.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.test_command import outside_environment

ROOT = Path(__file__).resolve().parent.parent
RUN_NOX = ROOT / "scripts" / "run_nox.py"
# The sessions run here, each with `-- --help` (what the help of each entry point starts with).
HELP = {
    "mock": "usage: snapshots-mock",
    "contract": "usage:",
    "soak": "usage: soak",
    "bench": "usage: python -m bench.run",
    "changes": "usage: python -m spec_changes",
    "release": "usage: python -m spec_changes",
    "changelog": "usage: python -m spec_changes",
    "translations": "usage:",
    "docs": "usage:",
    "generate": "usage:",
    "fast": "usage: pytest",
    "bindings": "usage: pytest",
}
# The sessions not run here, and why.
NOT_RUN = {
    "lint": "tagged test: the test command runs it",
    "drift": "tagged test: the test command runs it",
    "tests": "tagged test: the test command runs it (and this test runs in it)",
    "typescript": "tagged test: the test command runs it",
    "build": "takes no arguments: it would build every client (the main job runs it)",
}
# `nox --list`'s lines: "* lint [main,test] -> Validate ...".
_SESSION_LINE = re.compile(r"^[*-] (\S+)(?: \[([^]]*)\])? -> ", re.MULTILINE)
_SESSION_START = re.compile(r"^nox > Running session (\S+)$", re.MULTILINE)


def _nox(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN_NOX), *arguments],
        cwd=ROOT,
        env=outside_environment(),
        # One stream, in order, so that each session's output follows its own start line.
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def sessions_in_noxfile() -> dict[str, set[str]]:
    """Every session of the noxfile, with its tags."""
    listing = _nox("--list")
    assert listing.returncode == 0, listing.stdout
    return {
        name: set(filter(None, tags.split(",")))
        for name, tags in _SESSION_LINE.findall(listing.stdout)
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each session's part of one nox run of every session in HELP with `-- --help`."""
    envdir = tmp_path_factory.mktemp("nox-envs")
    result = _nox("--envdir", str(envdir), "--sessions", *HELP, "--", "--help")
    log = result.stdout
    starts = list(_SESSION_START.finditer(log))
    parts = {
        start.group(1): log[start.start() : following.start() if following else len(log)]
        for start, following in zip(starts, [*starts[1:], None], strict=True)
    }
    assert set(parts) == set(HELP), log[-3000:]
    return parts


def test_every_session_is_run_here_or_said_why_not() -> None:
    sessions = sessions_in_noxfile()
    assert set(sessions) == set(HELP) | set(NOT_RUN)
    assert not set(HELP) & set(NOT_RUN)
    for name, reason in NOT_RUN.items():
        assert reason.startswith("tagged test") == ("test" in sessions[name]), name


@pytest.mark.parametrize("session", sorted(HELP))
def test_the_session_runs_in_its_own_environment(runs: dict[str, str], session: str) -> None:
    part = runs[session]
    assert f"nox > Session {session} was successful" in part, part[-4000:]
    assert HELP[session] in part, part[-4000:]
