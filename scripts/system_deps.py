"""Make sure the system programs the tests need are on this machine.

Usage: ``python scripts/system_deps.py postgres chromium wrk curl node``

For each name, the program is looked up; when it is missing and we run as root on Debian (or a
derivative), the Debian package that provides it is installed with apt-get. Anywhere else this
exits non-zero with a message naming the package to install, because a test that needs the
program must fail loudly rather than be skipped.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemProgram:
    """A program the tests run, how to find it, and the Debian packages that provide it."""

    name: str
    executables: tuple[str, ...]
    debian_packages: tuple[str, ...]

    def found(self) -> str | None:
        for pattern in self.executables:
            if "/" in pattern:
                hits = sorted(glob.glob(pattern))
                if hits:
                    return hits[-1]
            elif path := shutil.which(pattern):
                return path
        return None


PROGRAMS = {
    # Debian puts the server binaries under a versioned directory, off PATH.
    "postgres": SystemProgram("postgres", ("/usr/lib/postgresql/*/bin/postgres",), ("postgresql",)),
    # A font, so that headless Chromium draws the page's text in screenshots.
    "chromium": SystemProgram(
        "chromium", ("chromium", "chromium-browser"), ("chromium", "fonts-dejavu-core")
    ),
    "wrk": SystemProgram("wrk", ("wrk",), ("wrk",)),
    "npm": SystemProgram("npm", ("npm",), ("nodejs", "npm")),
    "curl": SystemProgram("curl", ("curl",), ("curl",)),
    "node": SystemProgram("node", ("node",), ("nodejs",)),
    # GNU gettext, the reference reader and writer of PO files (tests/docs/test_po_files.py).
    "msgcat": SystemProgram("msgcat", ("msgcat",), ("gettext",)),
    "msgmerge": SystemProgram("msgmerge", ("msgmerge",), ("gettext",)),
    # actionlint checks a workflow's `run:` scripts with it when it is on PATH (docs/ci/).
    "shellcheck": SystemProgram("shellcheck", ("shellcheck",), ("shellcheck",)),
}

_apt_updated = False


def _is_debian() -> bool:
    return Path("/etc/debian_version").exists() and shutil.which("apt-get") is not None


def _apt_install(packages: tuple[str, ...]) -> None:
    global _apt_updated
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        _apt_updated = True
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
    )


@contextlib.contextmanager
def _one_installer_at_a_time() -> Iterator[None]:
    # The test command's workers (pytest-xdist) may each find a program missing at once, and
    # apt-get fails rather than waits when another apt-get holds dpkg's lock; so the processes
    # of this script take turns, on an advisory lock of their own.
    with open(Path(tempfile.gettempdir()) / "vps-snapshots-system-deps.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure(name: str) -> str:
    """Return the path of program `name`, installing its Debian package when allowed."""
    program = PROGRAMS[name]
    if path := program.found():
        return path
    packages = " ".join(program.debian_packages)
    if os.geteuid() == 0 and _is_debian():
        with _one_installer_at_a_time():
            # Another test worker may have installed it while this one waited.
            if path := program.found():
                return path
            print(f"system_deps: {name} is missing; installing Debian package(s) {packages}")
            _apt_install(program.debian_packages)
        if path := program.found():
            return path
        raise SystemExit(f"system_deps: installed {packages} but still cannot find {name}")
    raise SystemExit(
        f"system_deps: the tests need {name}, which is not installed. "
        f"Install it (on Debian or Ubuntu: sudo apt-get install {packages}) and run again."
    )


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in PROGRAMS]
    if unknown:
        print(f"system_deps: unknown program(s) {unknown}; known: {sorted(PROGRAMS)}")
        return 2
    for name in argv:
        print(f"system_deps: {name} -> {ensure(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
