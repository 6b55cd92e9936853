"""Every system program the tests start is ensured where it is started (issue 24, point 4).

A test must not depend on another test, module or worker having installed a program first (the
benchmark smoke test ran `wrk` that only another module installed). So every command that
starts a program of scripts/system_deps.py takes the program's path from that script
(``tests.system.program`` in the tests, ``system_deps.ensure`` in the project's own code), which
finds or installs it at that moment, whatever ran before.

The check reads the code the tests run, in-process or as commands: a command written with a
program's bare name (a list or tuple whose first item is that name), or a ``shutil.which`` of
it, is refused. It cannot see a program started by another program (node for the tools in
node_modules/.bin: the sessions' ``npm ci`` ensures npm and node before any test).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scripts import system_deps

ROOT = Path(__file__).resolve().parent.parent
# The code the tests run: theirs, and the project's packages and scripts they call.
SCANNED = (
    "tests",
    "bench",
    "scripts",
    "snapshots_mock",
    "contract_tests",
    "spec_changes",
    "snapshots_cli",
    "snapshots_mcp",
)
# What defines the programs, and looks them up by name on purpose.
NOT_SCANNED = {"scripts/system_deps.py"}
# Executables of the programs beside those named in PROGRAMS: Debian's PostgreSQL tools.
POSTGRES_TOOLS = {"initdb", "pg_ctl", "psql"}
# Bare names that are not a program started, by file.
NOT_STARTED = {
    ("contract_tests/findings.py", "curl"): "the text of a reproduction printed for the reader",
    ("tests/docs/test_editions.py", "curl"): "the sample languages run from the clipboard",
}


def program_names() -> set[str]:
    names = set(system_deps.PROGRAMS) | set(POSTGRES_TOOLS)
    for program in system_deps.PROGRAMS.values():
        names.update(executable for executable in program.executables if "/" not in executable)
    return names


def bare_starts(source: str, names: set[str]) -> list[tuple[int, str]]:
    """The lines and programs of the commands in `source` that name a program bare.

    A command is a list or tuple whose first item is a program's name, given to a call (as its
    first argument or as ``args=``) or kept for one (assigned, returned); a ``which`` call with a
    program's name looks it up without installing it.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        candidates: list[ast.expr | None] = []
        if isinstance(node, ast.Call):
            if _is_which(node.func):
                candidates += node.args[:1]
            else:
                candidates += [
                    _first(node.args[0]) if node.args else None,
                    *(_first(k.value) for k in node.keywords if k.arg == "args"),
                ]
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.Return) and node.value:
            candidates.append(_first(node.value))
        for first in candidates:
            if isinstance(first, ast.Constant) and first.value in names:
                found.append((first.lineno, str(first.value)))
    return found


def _first(value: ast.expr | None) -> ast.expr | None:
    if isinstance(value, ast.List | ast.Tuple) and value.elts:
        return value.elts[0]
    return None


def _is_which(function: ast.expr) -> bool:
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name == "which"


def test_the_check_refuses_a_bare_program_and_takes_an_ensured_one() -> None:
    names = program_names()
    assert bare_starts('subprocess.run(["wrk", "-v"], check=False)', names) == [(1, "wrk")]
    assert bare_starts('MAVEN = ("mvn", "--batch-mode")', names) == [(1, "mvn")]
    assert bare_starts('node = shutil.which("node")', names) == [(1, "node")]
    assert bare_starts('run([str(binaries / "initdb"), "-D", data])', names) == []
    assert bare_starts('subprocess.run([program("wrk"), "-v"], check=False)', names) == []
    assert bare_starts('command = ["wrk", "-v"]', names) == [(1, "wrk")]
    assert bare_starts('return ["java", "-cp", classpath, name]', names) == [(1, "java")]
    assert bare_starts('code_samples.render(operation_id, "curl")', names) == []
    assert bare_starts('assert words[:3] == ["curl", "-X", "POST"]', names) == []


def test_the_programs_are_those_system_deps_knows() -> None:
    assert {"postgres", "chromium", "wrk", "curl", "node", "npm", "msgcat", "msgmerge"} <= set(
        system_deps.PROGRAMS
    )
    assert {"go", "cargo", "java", "javac", "mvn"} <= set(system_deps.PROGRAMS)


def test_the_tests_take_programs_from_tests_system() -> None:
    # One helper in the tests (it fails the test with system_deps' message, never exits pytest);
    # the lock's tests call system_deps itself, which is what they test.
    own = {"tests/system.py", "tests/test_apt_locks.py", "tests/test_system_programs.py"}
    direct = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if str(path.relative_to(ROOT)) not in own
        and "system_deps.ensure" in path.read_text(encoding="utf-8")
    ]
    assert not direct, f"use tests.system.program, not system_deps.ensure, in: {direct}"


@pytest.mark.parametrize("folder", SCANNED)
def test_every_program_is_ensured_where_it_is_started(folder: str) -> None:
    names = program_names()
    bare = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in NOT_SCANNED
        for line, name in bare_starts(path.read_text(encoding="utf-8"), names)
        if (str(path.relative_to(ROOT)), name) not in NOT_STARTED
    ]
    assert not bare, "started by bare name, not through system_deps:\n" + "\n".join(bare)
