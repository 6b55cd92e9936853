"""Run a command against a fresh mock server, then stop the server whatever the command did.

    python -m scripts.with_mock [SNAPSHOTS-MOCK OPTIONS] -- COMMAND [ARGS...]

The ``snapshots-mock`` command of this interpreter's environment (the project installed with
its mock dependencies) is started on 127.0.0.1 on a free port, with a new SQLite file in a
temporary directory, so every run starts from the seed data. Once it answers, COMMAND runs with
``SNAPSHOTS_MOCK_URL`` set to its base URL (``http://127.0.0.1:PORT``, no trailing slash). The
server is stopped when COMMAND ends, fails or is interrupted, and this program exits with
COMMAND's status. The options before ``--`` go to snapshots-mock (``--seed``,
``--snapshot-seconds``...; ``--port`` and ``--database-url`` are set here). The server's log
(one line per request) is printed when COMMAND fails, to show what it was asked.

Tests in other languages (tests/typescript) use it through a nox session; for a Python test,
`snapshots_mock.testing.mock_process` is the same thing as a context manager.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from snapshots_mock.testing import mock_process

URL_VARIABLE = "SNAPSHOTS_MOCK_URL"
USAGE = "usage: python -m scripts.with_mock [SNAPSHOTS-MOCK OPTIONS] -- COMMAND [ARGS...]"


def split_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """The mock's options and the command, either side of the first ``--``."""
    if "--" not in argv:
        raise SystemExit(USAGE)
    separator = argv.index("--")
    command = list(argv[separator + 1 :])
    if not command:
        raise SystemExit(USAGE)
    return list(argv[:separator]), command


def run_with_mock(mock_options: Sequence[str], command: Sequence[str]) -> int:
    """COMMAND's exit status, run while a fresh mock serves at ``$SNAPSHOTS_MOCK_URL``."""
    with tempfile.TemporaryDirectory(prefix="snapshots-mock-") as scratch:
        directory = Path(scratch)
        log = directory / "mock.log"
        database = f"sqlite:///{directory / 'mock.sqlite3'}"
        with mock_process(log, "--database-url", database, *mock_options) as mock:
            print(f"with_mock: snapshots-mock serves {mock.url}", flush=True)
            environment = {**os.environ, URL_VARIABLE: mock.url}
            status = subprocess.call(list(command), env=environment)
        if status != 0:
            print(f"with_mock: the mock's log ({' '.join(command[:2])} failed):", flush=True)
            print(log.read_text(encoding="utf-8", errors="replace"), flush=True)
        return status


def main(argv: Sequence[str] | None = None) -> int:
    mock_options, command = split_arguments(sys.argv[1:] if argv is None else argv)
    return run_with_mock(mock_options, command)


if __name__ == "__main__":
    sys.exit(main())
