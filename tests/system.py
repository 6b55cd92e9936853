"""The system programs the tests run, found (or installed) by scripts/system_deps.py.

A test takes a program's path from `program` where it starts the program, never by its bare
name, so that it does not rely on another test having installed it (tests/test_system_programs.py
checks the tests and the code they run).
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

SYSTEM_DEPS = Path(__file__).resolve().parent.parent / "scripts" / "system_deps.py"


@cache
def program(name: str) -> str:
    """The path of system program `name`, installing its Debian package when allowed.

    Fails (never skips) with system_deps' message naming what to install when it cannot.
    """
    result = subprocess.run(
        [sys.executable, str(SYSTEM_DEPS), name], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    prefix = f"system_deps: {name} -> "
    lines = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    return lines[-1][len(prefix) :]
