"""The ``snapshots-mock`` command: run the mock server on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from snapshots_mock.app import SnapshotsMock
from snapshots_mock.config import ENVIRONMENT_VARIABLE, SQLITE_SYNCHRONOUS, MockConfig
from snapshots_mock.database import parse_database_url
from snapshots_mock.logs import configure_logging
from snapshots_mock.protocol import HttpProtocol
from snapshots_mock.workers import PARENT_VARIABLE, uvicorn_limits

# The part of --help that says where the state lives; docs/mock.md ("Its state") says the same.
STATE_HELP = (
    "State: the mock keeps its snapshots and restores in its database, by default the file "
    "snapshots-mock.sqlite3 in the folder it is started from (--database-url names another). "
    "A restart keeps all of it: the seed data is loaded only into an empty database, and a "
    "snapshot or restore in progress ends on time meanwhile. Only the rules armed with "
    "--misbehaviour are lost. --fresh starts from the seed data again (as deleting the file "
    "would); so does a new --database-url."
)


def parse_args(argv: Sequence[str] | None = None) -> MockConfig:
    """A `MockConfig` from command-line options; every option defaults to the dataclass's."""
    defaults = MockConfig()
    parser = argparse.ArgumentParser(
        prog="snapshots-mock",
        description="Stateful mock of the VPS.org Snapshots API, driven by its OpenAPI document.",
        epilog=STATE_HELP,
    )
    parser.add_argument("--host", default=defaults.host, help="address to listen on")
    parser.add_argument("--port", type=int, default=defaults.port, help="port to listen on")
    parser.add_argument("--workers", type=int, default=defaults.workers, help="worker processes")
    parser.add_argument(
        "--database-url",
        default=defaults.database_url,
        help="sqlite:///FILE (default) or postgresql://USER:PASSWORD@HOST:PORT/DATABASE",
    )
    parser.add_argument("--seed", type=Path, default=defaults.seed_path, help="seed-data file")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start from the seed data: forget every snapshot and restore the database holds",
    )
    parser.add_argument("--openapi", type=Path, default=defaults.openapi_path, help="document")
    parser.add_argument(
        "--snapshot-seconds",
        type=float,
        default=defaults.snapshot_seconds,
        help="how long a new snapshot is in_progress",
    )
    parser.add_argument(
        "--restore-seconds",
        type=float,
        default=defaults.restore_seconds,
        help="how long a server is restoring",
    )
    parser.add_argument(
        "--no-response-validation",
        dest="validate_responses",
        action="store_false",
        help="do not check the mock's answers against the document",
    )
    parser.add_argument(
        "--max-body-bytes", type=int, default=defaults.max_body_bytes, help="body size limit"
    )
    parser.add_argument(
        "--sqlite-synchronous",
        choices=SQLITE_SYNCHRONOUS,
        default=defaults.sqlite_synchronous,
        help="SQLite durability: NORMAL survives a crash of the mock, FULL a power loss",
    )
    parser.add_argument(
        "--sqlite-busy-timeout",
        type=float,
        default=defaults.sqlite_busy_timeout,
        help="seconds a SQLite write waits for a lock held elsewhere; then a 503",
    )
    parser.add_argument(
        "--no-access-log",
        dest="access_log",
        action="store_false",
        help="do not log one line per request",
    )
    parser.add_argument(
        "--misbehaviour",
        action="store_true",
        help="for client tests: arm 429/503/HTML/slow/no answers at /_mock/misbehaviour",
    )
    parser.add_argument("--log-level", default=defaults.log_level, help="debug, info, warning")
    limits = parser.add_argument_group("limits per connection (docs/mock.md)")
    limits.add_argument(
        "--max-header-bytes",
        type=int,
        default=defaults.max_header_bytes,
        help="request line and headers, in bytes; more is a 431",
    )
    limits.add_argument(
        "--header-timeout",
        type=float,
        default=defaults.header_timeout_seconds,
        help="seconds to receive a request's headers; slower is a 408",
    )
    limits.add_argument(
        "--body-timeout",
        type=float,
        default=defaults.body_timeout_seconds,
        help="seconds to receive a request's body; slower is a 408",
    )
    limits.add_argument(
        "--keep-alive",
        type=float,
        default=defaults.keep_alive_seconds,
        help="seconds an idle connection is kept open",
    )
    limits.add_argument(
        "--max-connections",
        type=int,
        default=defaults.max_connections,
        help="open connections per worker; one more is a 503",
    )
    args = parser.parse_args(argv)
    try:
        return MockConfig(
            database_url=args.database_url,
            seed_path=args.seed,
            fresh=args.fresh,
            openapi_path=args.openapi,
            snapshot_seconds=args.snapshot_seconds,
            restore_seconds=args.restore_seconds,
            validate_responses=args.validate_responses,
            max_body_bytes=args.max_body_bytes,
            sqlite_synchronous=args.sqlite_synchronous,
            sqlite_busy_timeout=args.sqlite_busy_timeout,
            host=args.host,
            port=args.port,
            workers=args.workers,
            access_log=args.access_log,
            log_level=args.log_level,
            max_header_bytes=args.max_header_bytes,
            header_timeout_seconds=args.header_timeout,
            body_timeout_seconds=args.body_timeout,
            keep_alive_seconds=args.keep_alive,
            max_connections=args.max_connections,
            misbehaviour=args.misbehaviour,
        )
    except ValueError as error:  # MockConfig's own checks: a usage error, not a traceback
        parser.error(str(error))


def run(config: MockConfig) -> None:
    """Serve until interrupted; with several workers, each is a process of its own."""
    configure_logging(config.log_level)
    # Create and seed the database once, here, so a bad URL or seed file fails before any
    # worker starts.
    mock = SnapshotsMock(config)
    mock.prepare()
    mock.store.close()
    # The database was made fresh above, once: the workers must not do it again each.
    os.environ[ENVIRONMENT_VARIABLE] = dataclasses.replace(config, fresh=False).to_json()
    # The workers end when this process ends, however it ends (see `workers`).
    os.environ[PARENT_VARIABLE] = str(os.getpid())
    logging.getLogger("snapshots_mock").info(
        "serving on http://%s:%d with %d worker(s), database %s",
        config.host,
        config.port,
        config.workers,
        parse_database_url(config.database_url).safe(),
    )
    # An import string even for one worker, so that one worker and several run the same way.
    # Only the option loads snapshots_mock.misbehaviour, so by default it cannot answer at all.
    factory = "misbehaviour" if config.misbehaviour else "app"
    uvicorn.run(
        f"snapshots_mock.{factory}:app_from_environment",
        factory=True,
        host=config.host,
        port=config.port,
        workers=config.workers,
        log_level=config.log_level.lower(),
        **uvicorn_limits(config),
        # The mock logs each request itself (without headers); uvicorn's line would double it.
        access_log=False,
        log_config=None,
        http=HttpProtocol,
        timeout_graceful_shutdown=5,
    )


def main(argv: Sequence[str] | None = None) -> int:
    run(parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
