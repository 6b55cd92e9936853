"""Make sure the system programs the tests and sessions need are on this machine.

Usage: ``python scripts/system_deps.py postgres chromium wrk curl node``

For each name, the program is looked up; when it is missing and we run as root on Debian (or a
derivative), the Debian package that provides it is installed with apt-get. Anywhere else this
exits non-zero with a message naming the package to install, because a test that needs the
program must fail loudly rather than be skipped. Go and Rust are not Debian's (too old there):
a missing one is named with where to get it.

Another apt process may hold apt's locks for minutes (cloud machines run unattended upgrades at
boot): apt-get is made to wait for them, up to ``SYSTEM_DEPS_LOCK_TIMEOUT`` seconds in all
(``LOCK_TIMEOUT_DEFAULT``), after which this stops with a message saying who held which lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemProgram:
    """A program the tests run, how to find it, and the Debian packages that provide it."""

    name: str
    executables: tuple[str, ...]
    debian_packages: tuple[str, ...]
    # For a program Debian does not provide (in a version the project can use): where it comes
    # from, said when it is missing.
    elsewhere: str = ""

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
    # Java 17 and Maven 3.8 build the Java client and run openapi-generator; Debian 12 has both.
    "java": SystemProgram("java", ("java",), ("openjdk-17-jdk-headless",)),
    "javac": SystemProgram("javac", ("javac",), ("openjdk-17-jdk-headless",)),
    "mvn": SystemProgram("mvn", ("mvn",), ("maven",)),
    # Debian 12's Go (1.19) and Rust (1.63) are older than the generated Go module and crate
    # need: these come with the project's kind of machine (CONTRIBUTING.md).
    "go": SystemProgram("go", ("go",), (), "Go 1.26 or newer, from https://go.dev/dl/"),
    "gofmt": SystemProgram("gofmt", ("gofmt",), (), "Go 1.26 or newer, from https://go.dev/dl/"),
    "cargo": SystemProgram(
        "cargo", ("cargo",), (), "Rust 1.95 or newer with clippy, from https://rustup.rs/"
    ),
    # actionlint checks a workflow's `run:` scripts with it when it is on PATH (docs/ci/).
    "shellcheck": SystemProgram("shellcheck", ("shellcheck",), ("shellcheck",)),
}

# How long, in all, to wait for another apt or dpkg process to let go of apt's locks before
# giving up: unattended upgrades at a cloud machine's boot take minutes.
LOCK_TIMEOUT_VARIABLE = "SYSTEM_DEPS_LOCK_TIMEOUT"
LOCK_TIMEOUT_DEFAULT = 600.0
# What apt-get prints when a lock is held by another process and it did not (or could no
# longer) wait: "Could not get lock /var/lib/apt/lists/lock. It is held by process 1234 (apt-get)".
_LOCK_HELD = re.compile(r"Could not get lock .*|Unable to acquire the dpkg frontend lock.*")
_RETRY_SECONDS = 1.0

_apt_updated = False


class LockTimeout(SystemExit):
    """Another apt or dpkg process held apt's locks for longer than the bound."""


def lock_timeout() -> float:
    """The bound, in seconds, on waiting for apt's locks (``SYSTEM_DEPS_LOCK_TIMEOUT``)."""
    text = os.environ.get(LOCK_TIMEOUT_VARIABLE, "")
    try:
        seconds = float(text) if text else LOCK_TIMEOUT_DEFAULT
    except ValueError:
        raise SystemExit(
            f"system_deps: {LOCK_TIMEOUT_VARIABLE}={text!r} is not a number of seconds"
        ) from None
    if seconds < 0:
        raise SystemExit(f"system_deps: {LOCK_TIMEOUT_VARIABLE}={text!r} is negative")
    return seconds


def _is_debian() -> bool:
    return Path("/etc/debian_version").exists() and shutil.which("apt-get") is not None


def _gave_up(waited: float, holder: str, packages: str) -> LockTimeout:
    return LockTimeout(
        f"system_deps: gave up installing {packages} after waiting {waited:.0f} s for another "
        f"apt or dpkg process to finish (apt-get: {holder}). A machine that has just booted may "
        "be running unattended upgrades: let them finish and run again, or allow a longer wait "
        f"with {LOCK_TIMEOUT_VARIABLE}=SECONDS (now {lock_timeout():g})."
    )


def _apt_get(arguments: list[str], deadline: float, packages: str) -> None:
    """Run apt-get, waiting (until `deadline`, a time.monotonic()) for apt's locks.

    apt waits for dpkg's lock itself (``DPkg::Lock::Timeout``, apt 1.9.11 and later) but not for
    the lock of its package lists (``apt-get update``) or of its download cache: for those the
    run is tried again, a second later, while the deadline allows.
    """
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    start = time.monotonic()
    while True:
        wait = max(0, int(deadline - time.monotonic()))
        command = ["apt-get", "-o", f"DPkg::Lock::Timeout={wait}", *arguments]
        result = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, check=False)
        if result.returncode == 0:
            sys.stderr.write(result.stderr)
            return
        held = _LOCK_HELD.search(result.stderr)
        if held is None:
            sys.stderr.write(result.stderr)
            raise SystemExit(
                f"system_deps: `apt-get {' '.join(arguments)}` failed (exit {result.returncode})"
            )
        if time.monotonic() + _RETRY_SECONDS > deadline:
            raise _gave_up(time.monotonic() - start, held.group(0).strip(), packages)
        time.sleep(_RETRY_SECONDS)


def _apt_install(packages: tuple[str, ...], deadline: float) -> None:
    global _apt_updated
    names = " ".join(packages)
    if not _apt_updated:
        _apt_get(["update", "-qq"], deadline, names)
        _apt_updated = True
    _apt_get(["install", "-y", "-qq", "--no-install-recommends", *packages], deadline, names)


@contextlib.contextmanager
def _one_installer_at_a_time(deadline: float, packages: str) -> Iterator[None]:
    # The test command's workers (pytest-xdist) may each find a program missing at once: the
    # processes of this script take turns, on an advisory lock of their own, so that they do not
    # queue on apt's locks one behind the other. The turn is waited for within the same bound.
    start = time.monotonic()
    with open(Path(tempfile.gettempdir()) / "vps-snapshots-system-deps.lock", "w") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() + 0.2 > deadline:
                    raise _gave_up(
                        time.monotonic() - start,
                        "another system_deps process was still installing",
                        packages,
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure(name: str) -> str:
    """Return the path of program `name`, installing its Debian package when allowed."""
    return ensure_program(PROGRAMS[name])


def ensure_program(program: SystemProgram) -> str:
    """Return the path of `program`, installing its Debian packages when allowed."""
    name = program.name
    if path := program.found():
        return path
    if not program.debian_packages:
        raise SystemExit(
            f"system_deps: the tests need {name}, which is not on PATH; it does not come from "
            f"Debian: install {program.elsewhere} and run again."
        )
    packages = " ".join(program.debian_packages)
    if os.geteuid() == 0 and _is_debian():
        deadline = time.monotonic() + lock_timeout()
        with _one_installer_at_a_time(deadline, packages):
            # Another test worker may have installed it while this one waited.
            if path := program.found():
                return path
            print(f"system_deps: {name} is missing; installing Debian package(s) {packages}")
            _apt_install(program.debian_packages, deadline)
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
