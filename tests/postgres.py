"""A throwaway PostgreSQL server for the tests: initdb in a temporary directory, on a free port.

Debian's ``postgresql`` package provides the binaries (scripts/system_deps.py installs it when
missing and we are root). PostgreSQL refuses to run as root, so as root the cluster belongs to,
and the server runs as, the ``postgres`` user that package creates.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from snapshots_mock.testing import free_socket, stop_process
from tests.system import program

STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class PostgresServer:
    """A running PostgreSQL: its port, and a way to get a fresh, empty database on it."""

    host: str
    port: int
    # Stop the server (a fast shutdown) and start it again on the same port and data.
    restart: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)

    def url(self, database: str = "postgres") -> str:
        """The database URL of `database` (psycopg 3 driver)."""
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """Create the empty database `name` and return its database URL."""
        with psycopg.connect(
            host=self.host, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _owner() -> dict[str, Any]:
    """How to run PostgreSQL's programs: as the postgres user when we are root."""
    if os.geteuid() != 0:
        return {}
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as; "
            "install Debian's postgresql package (it creates one) or run the tests as a user"
        ) from None
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a PostgreSQL server for the block, then stop it and delete its files."""
    binaries = Path(program("postgres")).parent
    owner = _owner()
    workdir = Path(tempfile.mkdtemp(prefix="snapshots-mock-postgres-"))
    try:
        if owner:
            os.chown(workdir, owner["user"], owner["group"])
        data = workdir / "data"
        subprocess.run(
            [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
            cwd=workdir,
            **owner,
        )
        sock = free_socket()
        port = sock.getsockname()[1]
        sock.close()
        log = (workdir / "postgres.log").open("wb")
        command = [
            str(binaries / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(workdir),
            "-c",
            "listen_addresses=127.0.0.1",
            # A test database needs no crash safety; the locking is what is under test.
            "-c",
            "fsync=off",
        ]
        processes: list[subprocess.Popen[bytes]] = []

        def start() -> None:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, cwd=workdir, **owner
            )
            processes.append(process)
            _wait_until_ready(PostgresServer("127.0.0.1", port), process, workdir / "postgres.log")

        def restart() -> None:
            stop_process(processes[-1])
            start()

        try:
            start()
            yield PostgresServer("127.0.0.1", port, restart)
        finally:
            # SIGINT is PostgreSQL's "fast" shutdown: leftover connections do not hold it up.
            if processes:
                stop_process(processes[-1])
            log.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_until_ready(server: PostgresServer, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with psycopg.connect(
                host=server.host, port=server.port, user="postgres", dbname="postgres"
            ):
                return
        except psycopg.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"PostgreSQL did not start:\n{log.read_text(errors='replace')}"
                ) from None
            time.sleep(0.1)
