"""How long the README's test command takes on a clean clone, session by session.

The committed HEAD (not the work tree's uncommitted edits) is cloned with ``git clone`` into a
temporary directory, as CI gets it: no ``.venv-nox``, ``.nox``, ``node_modules`` or
``.build-bindings``. The user-level caches (uv's, npm's, Go's, Cargo's, Maven's, pip's) are
left as they are, so this is a clean checkout on a machine that has built the project before;
a first run on a new machine adds their downloads. There the README's test command runs as
``.ci/run`` runs it: nox's sessions tagged ``test``, in the noxfile's order, each through
``scripts/run_nox.py``, one after the other, timed from outside. The commands are pinned to
``cores`` CPUs (the target is for 2 cores; the noxfile sizes pytest's workers by the CPUs a
process may use). The tests session also writes a JUnit XML report, from which come the
slowest test files and tests.

The smoke form (``--smoke``) runs only the tests session, on one small test file: the clone,
nox's own set-up, a session's set-up (its venv from uv's cache, ``npm ci``, the Python client's
wheel), the timing and the report are exercised; the whole command would run the smoke test
again inside itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from bench.throughput import ROOT

COMMAND = "python3 scripts/run_nox.py -t test"
TAG = "test"
TESTS_SESSION = "tests"
SMOKE_TESTS = "tests/spec/test_open_questions.py"
TOP = 10
FAILED_LOGS = ROOT / "reports" / "bench" / "test-command"
TARGET_SECONDS = 600
TARGET_CORES = 2
# Set by the nox session or the pytest run that starts the bench; the clone must not inherit
# them (a session's venv on PATH, pytest-xdist's worker id, the outer tests' client wheel, and
# nox's TMPDIR inside the bench session's folder, where the tests' PostgreSQL, which runs as
# another user, cannot reach its data directory).
INHERITED = (
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHON_CLIENT_DIST",
    "CONDA_PREFIX",
    "TMPDIR",
)
INHERITED_PREFIXES = ("PYTEST_", "NOX_")
# What the test command makes in a clone (none of it is committed): the clone starts without.
MADE = (".venv-nox", ".nox", "node_modules", ".build-bindings")


def outside_environment() -> dict[str, str]:
    """This process's environment without the venv and the test run it may be running in."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in INHERITED and not name.startswith(INHERITED_PREFIXES)
    }
    venvs = {str(Path(sys.prefix) / "bin")}
    if "VIRTUAL_ENV" in os.environ:
        venvs.add(str(Path(os.environ["VIRTUAL_ENV"]) / "bin"))
    env["PATH"] = os.pathsep.join(
        entry for entry in env.get("PATH", "").split(os.pathsep) if entry not in venvs
    )
    return env


def _cpus(cores: int) -> list[int]:
    return sorted(os.sched_getaffinity(0))[:cores]


class _Runner:
    """Runs commands in the clone: the clean environment, pinned CPUs, output to a log file."""

    def __init__(self, clone: Path, logs: Path, cpus: Sequence[int]) -> None:
        self.clone, self.logs, self.cpus = clone, logs, set(cpus)
        self.env = outside_environment()
        python3 = shutil.which("python3", path=self.env["PATH"])
        if python3 is None:
            raise RuntimeError("no python3 on PATH outside the virtual environment")
        self.python3 = python3

    def nox(
        self, name: str, *arguments: str, stdout: Path | None = None
    ) -> tuple[float, int, Path]:
        """Run ``python3 scripts/run_nox.py ARGUMENTS``; its wall time, exit status and log
        (with its standard output, unless that goes to `stdout`)."""
        log = self.logs / f"{name}.log"
        # The child inherits this thread's CPUs (a preexec_fn would be unsafe beside threads).
        own = os.sched_getaffinity(0)
        os.sched_setaffinity(0, self.cpus)
        started = time.perf_counter()
        try:
            with log.open("wb") as errors, (stdout or Path(os.devnull)).open("wb") as output:
                status = subprocess.run(
                    [self.python3, "scripts/run_nox.py", *arguments],
                    cwd=self.clone,
                    env=self.env,
                    stdout=errors if stdout is None else output,
                    stderr=errors,
                    check=False,
                ).returncode
            return time.perf_counter() - started, status, log
        finally:
            os.sched_setaffinity(0, own)


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _clone(destination: Path) -> str:
    """Clone the repository's HEAD into `destination`; return the commit."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    # --no-checkout then a detached checkout of HEAD: in a git worktree the repository's own
    # HEAD (what a plain clone checks out) may be another branch.
    subprocess.run(
        ["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(destination)], check=True
    )
    subprocess.run(["git", "checkout", "--quiet", "--detach", head], cwd=destination, check=True)
    return head


def slowest(junit: Path, top: int = TOP) -> dict[str, Any]:
    """The slowest test files (summed) and tests of a JUnit XML report (xunit1: with files).

    A test's time is pytest's setup, call and teardown together, so a module's fixtures count
    in its first test. The tests ran on several workers at once: the sum exceeds wall time.
    """
    per_file: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    tests: list[tuple[float, str]] = []
    outcomes: dict[str, int] = defaultdict(int)
    root = ElementTree.parse(junit).getroot()
    for case in root.iter("testcase"):
        seconds = float(case.get("time", "0"))
        path = case.get("file") or case.get("classname", "?").replace(".", "/") + ".py"
        per_file[path] += seconds
        count[path] += 1
        tests.append((seconds, f"{path}::{case.get('name')}"))
        kinds = [child.tag for child in case if child.tag in {"failure", "error", "skipped"}]
        outcomes[kinds[0] if kinds else "passed"] += 1
    files = sorted(per_file.items(), key=lambda item: (-item[1], item[0]))[:top]
    return {
        "tests": len(tests),
        "outcomes": dict(sorted(outcomes.items())),
        "summed_seconds": round(sum(per_file.values()), 1),
        # pytest's own wall time, from collection to the end (the session's set-up is not in it).
        "wall_seconds": round(
            sum(float(suite.get("time", "0")) for suite in root.iter("testsuite")), 1
        ),
        "slowest_files": [
            {"file": path, "seconds": round(seconds, 2), "tests": count[path]}
            for path, seconds in files
        ],
        "slowest_tests": [
            {"test": name, "seconds": round(seconds, 2)}
            for seconds, name in sorted(tests, key=lambda item: (-item[0], item[1]))[:top]
        ],
    }


def run(smoke: bool, cores: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Each session's wall time on a clean clone, the total, and the slowest tests."""
    cpus = _cpus(cores)
    with tempfile.TemporaryDirectory(prefix="bench-test-command-") as scratch_name:
        scratch = Path(scratch_name)
        clone, logs = scratch / "clone", scratch / "logs"
        logs.mkdir()
        started = time.perf_counter()
        commit = _clone(clone)
        clone_seconds = time.perf_counter() - started
        log(f"test-command: cloned {commit[:10]} in {clone_seconds:.2f} s")
        present = [name for name in MADE if (clone / name).exists()]
        if present:
            raise RuntimeError(f"the clone is not clean: {present}")
        runner = _Runner(clone, logs, cpus)
        # The listing makes nox's own venv (.venv-nox, pip from its cache): a cost the test
        # command pays on a clean clone, counted in the total.
        listing = logs / "sessions.json"
        seconds, status, listing_log = runner.nox(
            "nox-list", "-t", TAG, "--list", "--json", stdout=listing
        )
        if status:
            raise RuntimeError(f"listing the sessions failed:\n{_tail(listing_log)}")
        listed = json.loads(listing.read_text())
        names = [entry["session"] for entry in listed]
        steps: list[dict[str, Any]] = [
            {
                "step": "nox's own venv (.venv-nox) and the session list",
                "seconds": round(seconds, 2),
                "ok": True,
            }
        ]
        junit = scratch / "junit.xml"
        report = ("--junitxml", str(junit), "-o", "junit_family=xunit1")
        if smoke:
            if TESTS_SESSION not in names:
                raise RuntimeError(f"no {TESTS_SESSION} session tagged {TAG}: {names}")
            plan: list[tuple[str, tuple[str, ...]]] = [(TESTS_SESSION, (SMOKE_TESTS, *report))]
        else:
            # The tests session's default posargs are `tests`; the report's options follow.
            plan = [(name, ("tests", *report) if name == TESTS_SESSION else ()) for name in names]
        for name, posargs in plan:
            arguments = ("-s", name, *(("--", *posargs) if posargs else ()))
            seconds, status, session_log = runner.nox(name, *arguments)
            steps.append(
                {
                    "step": name,
                    "command": "python3 scripts/run_nox.py " + " ".join(arguments[:2]),
                    "seconds": round(seconds, 2),
                    "ok": status == 0,
                }
            )
            log(f"test-command: {name} {seconds:.1f} s" + ("" if status == 0 else " FAILED"))
            if status:
                # The clone goes with its temporary folder; the whole log of a failed session stays.
                kept = FAILED_LOGS / session_log.name
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(session_log, kept)
                log(_tail(session_log))
                log(f"test-command: the whole log of {name} is in {kept}")
        result: dict[str, Any] = {
            "smoke": smoke,
            "smoke_tests": SMOKE_TESTS if smoke else None,
            "command": COMMAND,
            "commit": commit,
            "sessions_tagged_test": names,
            "cpus": len(cpus),
            "clone_seconds": round(clone_seconds, 2),
            "steps": steps,
            "total_seconds": round(sum(step["seconds"] for step in steps), 1),
            "ok": all(step["ok"] for step in steps),
            "made_in_clone": [name for name in MADE if (clone / name).is_dir()]
            + [f".nox/{venv.name}" for venv in sorted((clone / ".nox").glob("*")) if venv.is_dir()],
        }
        if junit.exists():
            result["pytest"] = slowest(junit)
        return result
