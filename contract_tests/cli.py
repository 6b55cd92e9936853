"""``python -m contract_tests``: run the contract suite against the mock or a deployment.

Without ``--base-url`` the suite runs against the mock in this process. With it, against that
deployment, with the token from an environment variable (``--token-env``, default
``VPS_API_TOKEN``): never an argument, which would land in shell history, process lists and CI
logs. A deployment run is read-only unless ``--allow-writes`` names a disposable server
(``--disposable-server-id``); restores also need ``--allow-restore``, since a restore
overwrites the server's data. ``--hostile-inputs`` (off by default) also sends the hostile
cases of `contract_tests.hostile`, none of which can change data.

``--spec FILE`` tests against another version of the document (a release under
``openapi/releases/``, say) instead of the one bundled with the suite.

Every run writes a JUnit XML report (``--junit-xml``, default ``reports/contract/<target>.xml``
in the working folder), a Markdown summary (``--summary FILE``, and ``$GITHUB_STEP_SUMMARY``
when that is set: a CI job's page) and exits with pytest's status. The same command is installed
as ``vps-snapshots-contract`` from the wheel ``nox -s build`` writes to ``dist/contract/``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from contract_tests import defaults, document, hostile

PACKAGE = Path(__file__).resolve().parent
SUITE = PACKAGE / "suite.py"
PYTEST_INI = PACKAGE / "pytest.ini"
# Relative to the working folder: the repository's root under nox, a CI job's checkout elsewhere.
REPORTS = Path("reports") / "contract"
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def _prog() -> str:
    # `python -m contract_tests` in this repository, `vps-snapshots-contract` once installed.
    name = Path(sys.argv[0]).name
    return "python -m contract_tests" if name in ("__main__.py", "") else name


def _mock_available() -> bool:
    # Looked up, not imported: importing the mock (starlette, anyio) before pytest starts would
    # keep pytest from rewriting anyio's pytest plugin.
    return importlib.util.find_spec("snapshots_mock") is not None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=_prog(),
        description="Contract tests of the Snapshots API, against the mock or a deployment.",
    )
    p.add_argument("--base-url", help="the deployment's base URL (default: the in-process mock)")
    p.add_argument(
        "--token-env",
        default=defaults.TOKEN_ENV,
        metavar="VAR",
        help="environment variable holding the bearer token (default: %(default)s)",
    )
    p.add_argument(
        "--other-token-env",
        metavar="VAR",
        help="environment variable holding a second account's token, for the isolation checks",
    )
    p.add_argument(
        "--allow-writes",
        action="store_true",
        help="create and delete snapshots (only on --disposable-server-id, only the run's own)",
    )
    p.add_argument(
        "--disposable-server-id",
        type=int,
        metavar="ID",
        help="the one server the run may create snapshots on",
    )
    p.add_argument(
        "--allow-restore",
        action="store_true",
        help="also restore (overwrites the disposable server's data; needs --allow-writes)",
    )
    p.add_argument("--seed", type=int, default=defaults.SEED, help="(default: %(default)s)")
    p.add_argument(
        "--max-examples",
        type=int,
        default=defaults.MAX_EXAMPLES,
        help="generated examples per operation and mode (default: %(default)s)",
    )
    p.add_argument(
        "--completion-timeout",
        type=float,
        default=defaults.COMPLETION_TIMEOUT,
        metavar="SECONDS",
        help="how long to wait for a snapshot to complete before a restore (default: %(default)s)",
    )
    p.add_argument(
        "--poll-interval",
        type=float,
        default=defaults.POLL_INTERVAL,
        metavar="SECONDS",
        help="how often to look while waiting for a snapshot (default: %(default)s)",
    )
    p.add_argument(
        "--clock-skew",
        type=float,
        default=defaults.CLOCK_SKEW,
        metavar="SECONDS",
        help="how far the deployment's clock may be from this machine's, for a new snapshot's "
        "created_at (default: %(default)s)",
    )
    p.add_argument(
        "--allow-undocumented-properties",
        action="store_true",
        help="list answers' properties the document does not name instead of failing on them "
        "(deployments only)",
    )
    p.add_argument(
        "--hostile-inputs",
        action="store_true",
        help="also send hostile inputs that change nothing (contract_tests/hostile.py)",
    )
    p.add_argument(
        "--spec",
        type=Path,
        metavar="FILE",
        help="the OpenAPI document to test against, e.g. a release under openapi/releases/ "
        "(default: the one bundled with the suite)",
    )
    p.add_argument("--junit-xml", type=Path, metavar="PATH", help="where to write the report")
    p.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help=f"also write a Markdown summary here (it is appended to ${SUMMARY_ENV} when set)",
    )
    p.add_argument("-x", "--exitfirst", action="store_true", help="stop at the first failure")
    p.add_argument("-k", dest="keyword", metavar="EXPR", help="only tests matching EXPR (pytest)")
    # The fault matrix's switches for the in-process mock (snapshots_mock.Faults); not meant
    # for users, so not in --help.
    p.add_argument("--mock-fault", action="append", default=[], help=argparse.SUPPRESS)
    p.add_argument("--mock-no-response-validation", action="store_true", help=argparse.SUPPRESS)
    # How long the in-process mock's snapshots stay in_progress: a fault that only shows while
    # they do needs longer than the default's milliseconds.
    p.add_argument("--mock-snapshot-seconds", type=float, help=argparse.SUPPRESS)
    return p


def pytest_arguments(args: argparse.Namespace) -> list[str]:
    """The pytest command line of the run `args` describe (never a token: only names)."""
    report = args.junit_xml or REPORTS / ("live.xml" if args.base_url else "mock.xml")
    argv = [
        str(SUITE),
        "-c",
        str(PYTEST_INI),
        "-p",
        "contract_tests.plugin",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(PACKAGE.parent),
        "-o",
        "junit_suite_name=contract",
        f"--junitxml={report}",
        f"--hypothesis-seed={args.seed}",
        f"--contract-seed={args.seed}",
        f"--contract-max-examples={args.max_examples}",
        f"--contract-completion-timeout={args.completion_timeout}",
        f"--contract-poll-interval={args.poll_interval}",
        f"--contract-token-env={args.token_env}",
        f"--contract-clock-skew={args.clock_skew}",
    ]
    if args.summary:
        argv.append(f"--contract-summary={args.summary}")
    step_summary = os.environ.get(SUMMARY_ENV, "").strip()
    if step_summary:
        argv.append(f"--contract-summary-append={step_summary}")
    if args.allow_undocumented_properties:
        argv.append("--contract-allow-undocumented-properties")
    if args.base_url:
        argv.append(f"--contract-base-url={args.base_url}")
    if args.other_token_env:
        argv.append(f"--contract-other-token-env={args.other_token_env}")
    if args.allow_writes:
        argv.append("--contract-allow-writes")
    if args.disposable_server_id is not None:
        argv.append(f"--contract-disposable-server-id={args.disposable_server_id}")
    if args.allow_restore:
        argv.append("--contract-allow-restore")
    argv += [f"--contract-mock-fault={fault}" for fault in args.mock_fault]
    if args.mock_no_response_validation:
        argv.append("--contract-mock-no-response-validation")
    if args.mock_snapshot_seconds is not None:
        argv.append(f"--contract-mock-snapshot-seconds={args.mock_snapshot_seconds}")
    if args.exitfirst:
        argv.append("--exitfirst")
    if args.keyword:
        argv += ["-k", args.keyword]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.spec is not None:
        if not args.spec.is_file():
            parser().error(f"--spec {args.spec}: no such file")
        document.use(args.spec)
    if args.base_url is None and not _mock_available():
        parser().error("--base-url is required: the in-process mock is not installed here")
    if args.base_url is None and (args.allow_writes or args.allow_restore):
        parser().error("--allow-writes and --allow-restore are for a --base-url run")
    if args.base_url is None and args.allow_undocumented_properties:
        parser().error(
            "--allow-undocumented-properties is for a --base-url run: the mock names none"
        )
    if args.clock_skew < 0:
        parser().error("--clock-skew is a number of seconds, 0 or more")
    if args.allow_writes and args.disposable_server_id is None:
        parser().error("--allow-writes needs --disposable-server-id: the one server to write on")
    if args.allow_restore and not args.allow_writes:
        parser().error("--allow-restore needs --allow-writes")
    if args.base_url and not os.environ.get(args.token_env, "").strip():
        parser().error(f"the environment variable {args.token_env} holds no token")
    pytest_argv = pytest_arguments(args)
    status = int(pytest.main(pytest_argv))
    report = next(a for a in pytest_argv if a.startswith("--junitxml=")).partition("=")[2]
    print(f"JUnit XML report: {report}", file=sys.stderr)
    if args.hostile_inputs:
        token = os.environ.get(args.token_env, "").strip() if args.base_url else None
        status = max(status, hostile.run(args.base_url, token))
    return status
