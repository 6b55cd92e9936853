"""scripts/system_deps.py waits for another apt process's locks, within a bound.

A machine that has just booted often runs unattended upgrades, and apt-get refuses at once
while another apt or dpkg process holds its locks. Here a process of the test's own holds those
locks as apt does (fcntl write locks on dpkg's and apt's lock files) while system_deps installs
a small Debian package that is not installed (``sl``, removed first): it must wait and succeed,
and, with a short bound, stop with a message naming the holder and the setting.

These run as root on Debian, as CI does (system_deps installs nothing anywhere else).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts import system_deps

# What apt-get itself locks: dpkg's database (the front-end lock first), the package lists
# (`apt-get update`) and the download cache.
APT_LOCKS = (
    "/var/lib/dpkg/lock-frontend",
    "/var/lib/dpkg/lock",
    "/var/lib/apt/lists/lock",
    "/var/cache/apt/archives/lock",
)
# The documented setting of the bound (seconds).
BOUND = "SYSTEM_DEPS_LOCK_TIMEOUT"
# A tiny package no test uses, so that removing it disturbs nothing.
SL = system_deps.SystemProgram("sl", ("/usr/games/sl",), ("sl",))
HOLDER = textwrap.dedent(
    """
    import fcntl, sys, time
    files = [open(path, "w") for path in sys.argv[2:]]
    for lock in files:
        fcntl.lockf(lock, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(float(sys.argv[1]))
    """
)


@pytest.fixture
def without_sl(monkeypatch: pytest.MonkeyPatch) -> None:
    """`sl` known to system_deps and not installed; a fresh process's state (no update yet)."""
    where = "system_deps installs packages only as root on Debian: run these tests there (as CI)"
    assert os.geteuid() == 0, where
    assert Path("/etc/debian_version").exists(), where
    subprocess.run(
        ["apt-get", "-o", "DPkg::Lock::Timeout=120", "purge", "-y", "-qq", "sl"],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        check=True,
        capture_output=True,
    )
    assert SL.found() is None
    monkeypatch.setitem(system_deps.PROGRAMS, "sl", SL)
    monkeypatch.setattr(system_deps, "_apt_updated", False)


@contextmanager
def apt_locks_held(seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding every apt lock for `seconds` from the moment this yields."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(seconds), *APT_LOCKS], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_an_install_waits_for_another_apt_process_and_succeeds(
    without_sl: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BOUND, "120")
    hold = 5.0
    with apt_locks_held(hold) as holder:
        start = time.monotonic()
        path = system_deps.ensure("sl")
        waited = time.monotonic() - start
        released = holder.wait()
    assert path == "/usr/games/sl"
    assert Path(path).exists()
    # It did not go ahead under the other process's locks: it finished after they were let go.
    assert released == 0
    assert waited >= hold - 0.5, waited


def test_it_gives_up_after_the_bound_naming_the_holder_and_the_setting(
    without_sl: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BOUND, "2")
    with apt_locks_held(30.0) as holder:
        with pytest.raises(SystemExit) as stopped:
            system_deps.ensure("sl")
        # It stopped on its bound, while the other process still held the locks.
        still_holding = holder.poll() is None
    message = str(stopped.value.code)
    assert still_holding
    assert "gave up installing sl" in message
    assert f"held by process {holder.pid}" in message
    assert f"{BOUND}=SECONDS (now 2)" in message
    assert SL.found() is None


def test_a_bound_that_is_not_a_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BOUND, "ten minutes")
    with pytest.raises(SystemExit, match="SYSTEM_DEPS_LOCK_TIMEOUT='ten minutes' is not a number"):
        system_deps.lock_timeout()
