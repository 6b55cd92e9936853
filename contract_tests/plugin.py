"""The suite's pytest plugin: its options, fixtures, cleanup, and what its reports show.

Loaded with ``-p contract_tests.plugin`` by `contract_tests.cli`, which turns its own options
into the ``--contract-*`` ones here. Tokens never come as options: an option names the
environment variable that holds one.

Reports: a failing test's report (terminal and JUnit XML alike) is what it found
(`contract_tests.findings`): one short line per failure (rule, operation, what the document
says, what came back), then each failure's own words and a curl command that sends what the
failing call sent, then the run's seed. Each secret token is replaced by the variable it came
from, in double quotes, so that the command runs as printed:
``-H "Authorization: Bearer $VPS_API_TOKEN"``. At the end of the run the terminal lists the
failures' lines, and the Markdown summary (`contract_tests.summary`) is written where the
command asked (``--summary``, ``$GITHUB_STEP_SUMMARY``). Hypothesis' statistics are left out of
the JUnit XML report (they were its base64-encoded test suite properties).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from schemathesis.schemas import BaseSchema

# Imported for their registrations: the custom checks and the guard's hooks.
from contract_tests import checks, defaults, document, findings, guard, summary  # noqa: F401
from contract_tests import schema as schemas
from contract_tests.api import Api
from contract_tests.document import SNAPSHOT, SNAPSHOTS
from contract_tests.model import DEFAULT_CLOCK_SKEW, Model
from contract_tests.target import (
    MOCK_SNAPSHOT_SECONDS,
    Credential,
    Target,
    activate,
    deployment,
    in_process_mock,
)

# The run's pytest config, for the report hook (which pytest gives no config).
_CONFIG: dict[str, pytest.Config] = {}
_QUOTED_HEADER = re.compile(r"-H 'Authorization: Bearer (\$[A-Za-z_][A-Za-z0-9_]*)'")


@dataclass(frozen=True)
class RunSettings:
    """How much the run generates, and from which seed."""

    seed: int
    max_examples: int

    @property
    def stateful_examples(self) -> int:
        # Each stateful example is a sequence of up to 6 calls.
        return max(2, self.max_examples // 2)

    def schema(self, target: Target, mode: str, *, stateful: bool = False) -> BaseSchema:
        return schemas.load(
            target, mode=mode, seed=self.seed, max_examples=self.max_examples, stateful=stateful
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "Snapshots API contract suite")
    group.addoption("--contract-base-url", help="the API's base URL (default: in-process mock)")
    group.addoption("--contract-token-env", default=defaults.TOKEN_ENV)
    group.addoption("--contract-other-token-env", default=None)
    group.addoption("--contract-allow-writes", action="store_true")
    group.addoption("--contract-disposable-server-id", type=int, default=None)
    group.addoption("--contract-allow-restore", action="store_true")
    group.addoption("--contract-seed", type=int, default=defaults.SEED)
    group.addoption("--contract-max-examples", type=int, default=defaults.MAX_EXAMPLES)
    group.addoption(
        "--contract-completion-timeout", type=float, default=defaults.COMPLETION_TIMEOUT
    )
    group.addoption("--contract-poll-interval", type=float, default=defaults.POLL_INTERVAL)
    group.addoption("--contract-clock-skew", type=float, default=DEFAULT_CLOCK_SKEW)
    group.addoption("--contract-allow-undocumented-properties", action="store_true")
    # Markdown summaries: written anew (--summary FILE), or appended (a CI job's step summary).
    group.addoption("--contract-summary", action="append", default=[])
    group.addoption("--contract-summary-append", action="append", default=[])
    # The in-process mock only: the fault matrix's switches (snapshots_mock.Faults).
    group.addoption("--contract-mock-fault", action="append", default=[])
    group.addoption("--contract-mock-no-response-validation", action="store_true")
    group.addoption("--contract-mock-snapshot-seconds", type=float, default=MOCK_SNAPSHOT_SECONDS)


def _credential(variable: str) -> Credential:
    token = os.environ.get(variable, "")
    if not token.strip():
        raise pytest.UsageError(f"the environment variable {variable} holds no token")
    return Credential(token.strip(), variable)


def make_target(config: pytest.Config) -> Target:
    """The target the options describe."""
    option = config.getoption
    base_url = option("--contract-base-url")
    if base_url is None:
        return in_process_mock(
            tuple(option("--contract-mock-fault")),
            validate_responses=not option("--contract-mock-no-response-validation"),
            snapshot_seconds=option("--contract-mock-snapshot-seconds"),
        )
    other = option("--contract-other-token-env")
    try:
        return deployment(
            base_url,
            _credential(option("--contract-token-env")),
            _credential(other) if other else None,
            disposable_server_id=option("--contract-disposable-server-id"),
            allow_writes=option("--contract-allow-writes"),
            allow_restore=option("--contract-allow-restore"),
            completion_timeout=option("--contract-completion-timeout"),
            poll_interval=option("--contract-poll-interval"),
        )
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def make_model(config: pytest.Config, target: Target) -> Model:
    """The run's reference model of `target`'s account."""
    owned: frozenset[int] | None = None  # the in-process mock: the whole account is the run's
    if target.live:
        owned = frozenset(
            [target.disposable_server_id]
            if target.allow_writes and target.disposable_server_id is not None
            else []
        )
    return Model(
        clock_skew=config.getoption("--contract-clock-skew"),
        owned_servers=owned,
        allow_undocumented=target.live
        and config.getoption("--contract-allow-undocumented-properties"),
        run_prefix=target.tracker.prefix,
    )


def _reset_with_model(target: Target) -> None:
    """A reset of the target also resets what the model knows of it."""
    reset, model = target.reset, target.model
    if reset is None:
        return

    def both() -> None:
        reset()
        model.forget_all()

    target.reset = both


def pytest_configure(config: pytest.Config) -> None:
    target = make_target(config)
    target.model = make_model(config, target)
    _reset_with_model(target)
    config.stash[_TARGET] = target
    config.stash[_SETTINGS] = RunSettings(
        config.getoption("--contract-seed"), config.getoption("--contract-max-examples")
    )
    config.stash[_FINDINGS] = []
    config.stash[_OUTCOMES] = {"passed": 0, "failed": 0, "skipped": 0}
    activate(target)
    _CONFIG["config"] = config


def pytest_unconfigure(config: pytest.Config) -> None:
    activate(None)


def run_settings() -> RunSettings:
    """The settings of the run under way."""
    return _CONFIG["config"].stash[_SETTINGS]


def pytest_report_header(config: pytest.Config) -> list[str]:
    target, settings = config.stash[_TARGET], config.stash[_SETTINGS]
    spec = document.path()
    return [
        f"contract target: {target.description}",
        f"contract document: {spec} (version {document.raw()['info']['version']})",
        f"contract seed: {settings.seed}, examples per operation and mode: {settings.max_examples}",
    ]


_TARGET = pytest.StashKey[Target]()
_SETTINGS = pytest.StashKey[RunSettings]()
_FINDINGS = pytest.StashKey[list[findings.Finding]]()
_OUTCOMES = pytest.StashKey[dict[str, int]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    target = terminalreporter.config.stash.get(_TARGET, None)
    if target is None or target.model is None:
        return
    found = terminalreporter.config.stash.get(_FINDINGS, [])
    if found:
        terminalreporter.section("contract failures: one line each")
        for finding in found:
            terminalreporter.write_line(finding.line())
    terminalreporter.write_line(
        f"reference model: {target.model.observed} answers compared, "
        f"{sum(len(s) for s in target.model.accounts.values())} snapshots held; "
        f"requests digest {target.model.requests.hexdigest()[:16]}"
    )
    undocumented = target.model.undocumented
    if not undocumented:
        return
    terminalreporter.section("undocumented properties (allowed by --allow-undocumented-properties)")
    for item in sorted({str(f) for f in undocumented}):
        terminalreporter.write_line(item)


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    target = config.stash.get(_TARGET, None)
    if target is None:
        return
    text = summary.markdown(
        target,
        document.path(),
        config.stash[_OUTCOMES],
        config.stash[_FINDINGS],
        config.stash[_SETTINGS].seed,
    )
    for path in config.getoption("--contract-summary"):
        summary.write(Path(path), text, append=False)
    for path in config.getoption("--contract-summary-append"):
        summary.write(Path(path), text, append=True)


def pytest_runtest_teardown(item: pytest.Item) -> None:
    # Hypothesis' pytest plugin puts each test's statistics into the JUnit XML report, base64
    # encoded, when it reports the teardown; a CI user's report has no use for them.
    # (tests/contract/test_reports.py fails if they come back under another name.)
    if hasattr(item, "hypothesis_statistics"):
        del item.hypothesis_statistics


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        outcome = "skipped" if report.skipped else "failed" if report.failed else "passed"
        item.config.stash[_OUTCOMES][outcome] += 1
    elif report.failed:
        item.config.stash[_OUTCOMES]["failed"] += 1
    elif report.skipped and report.when == "setup":
        item.config.stash[_OUTCOMES]["skipped"] += 1
    if not report.failed or call.excinfo is None:
        return report
    target = item.config.stash[_TARGET]
    scenario = getattr(item, "originalname", item.name).removeprefix("test_")
    secrets = target.secrets()
    # Each text masked as a report is: a finding's line also goes to the Markdown summary.
    found = [
        dataclasses.replace(
            f,
            document=_mask(f.document, secrets),
            got=_mask(f.got, secrets),
            details=_mask(f.details, secrets),
            test=item.nodeid,
        )
        for f in findings.findings(call.excinfo.value, secrets, scenario)
    ]
    item.config.stash[_FINDINGS].extend(found)
    report.longrepr = _failure_text(found)
    report.__dict__[_FAILURE_TEXT] = report.longrepr
    return report


def _failure_text(found: list[findings.Finding]) -> str:
    """A failed test's report: the short lines first (the JUnit XML report's failure message
    holds the first lines), then each failure's own words and its reproduction."""
    lines = [f.line() for f in found]
    for finding in found:
        lines += ["", finding.line(), *("    " + d for d in finding.details.splitlines())]
        if finding.curl:
            lines += ["Reproduce with:", "    " + finding.curl]
    return "\n".join(lines)


@pytest.fixture(scope="session", autouse=True)
def contract_undocumented_in_report(
    contract_target: Target, record_testsuite_property: Any
) -> Iterator[None]:
    """At the end of the run, the JUnit XML report lists the undocumented properties allowed
    (``--allow-undocumented-properties``), as properties of its test suite."""
    yield
    model = contract_target.model
    for path in sorted({f.path for f in model.undocumented} if model is not None else ()):
        record_testsuite_property("undocumented_property", path)


@pytest.fixture(scope="session")
def contract_target(pytestconfig: pytest.Config) -> Target:
    return pytestconfig.stash[_TARGET]


@pytest.fixture(scope="session")
def contract_settings(pytestconfig: pytest.Config) -> RunSettings:
    return pytestconfig.stash[_SETTINGS]


@pytest.fixture(scope="session")
def contract_positive_schema(contract_target: Target, contract_settings: RunSettings) -> BaseSchema:
    return contract_settings.schema(contract_target, "positive")


@pytest.fixture(scope="session")
def contract_api(contract_target: Target, contract_positive_schema: BaseSchema) -> Api:
    return Api(contract_positive_schema, contract_target)


@pytest.fixture(autouse=True)
def contract_cleanup(
    contract_target: Target, contract_positive_schema: BaseSchema
) -> Iterator[None]:
    """After each test, passed or failed: delete every snapshot the test created."""
    yield
    left = cleanup(contract_target, contract_positive_schema)
    if left:
        pytest.fail(f"the cleanup could not delete snapshots {left}", pytrace=False)


def cleanup(target: Target, schema: BaseSchema) -> list[int]:
    """Delete what the run created and has not deleted; the ids it could not delete.

    Plain calls, unchecked: the test has been judged, and a broken API must not stop the
    cleanup. On a deployment the disposable server is also swept for the run's name prefix,
    which catches a snapshot a probe created without the run seeing its id.
    """
    headers = target.token.header()
    remaining = set(target.tracker.remaining())
    if target.live and target.disposable_server_id is not None and target.allow_writes:
        listing = schema[SNAPSHOTS]["GET"].Case(query={"server_id": target.disposable_server_id})
        answer = listing.call(headers=headers)
        if answer.status_code == 200:
            for snapshot in answer.json().get("results", []):
                if str(snapshot.get("name", "")).startswith(target.tracker.prefix):
                    target.tracker.add(snapshot["id"], target.disposable_server_id)
                    remaining.add(snapshot["id"])
    left = []
    for snapshot_id in sorted(remaining):
        response = schema[SNAPSHOT]["DELETE"].Case(path_parameters={"snapshot_id": snapshot_id})
        status = response.call(headers=headers).status_code
        if status in (204, 404):
            target.tracker.forget(snapshot_id)
        else:
            left.append(snapshot_id)
    return left


def _mask(text: str, secrets: dict[str, str]) -> str:
    for token, shown in secrets.items():
        text = text.replace(token, shown)
    return _QUOTED_HEADER.sub(r'-H "Authorization: Bearer \1"', text)


def _finish(report: pytest.TestReport) -> None:
    """Mask the run's secret tokens in `report` and give a failure the seed (once)."""
    config = _CONFIG.get("config")
    if config is None:
        return
    target, settings = config.stash[_TARGET], config.stash[_SETTINGS]
    secrets = target.secrets()
    if report.failed and report.longrepr is not None:
        text = _mask(str(report.longrepr), secrets)
        if _SEED_LINE not in text:
            text += (
                f"\n\n{_SEED_LINE}{settings.seed} (the run repeats with --seed {settings.seed}; "
                f"target: {target.description})"
            )
        report.longrepr = text
    if secrets:
        report.sections = [(title, _mask(body, secrets)) for title, body in report.sections]


_SEED_LINE = "Seed: "


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Before the terminal and the JUnit XML see the report.
    _finish(report)


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(report: pytest.TestReport) -> None:
    # Schemathesis' plugin rewrites a failure's text here, after the report was logged (the
    # terminal prints it at the end of the run): put back what the suite found.
    if _FAILURE_TEXT in report.__dict__:
        report.longrepr = report.__dict__[_FAILURE_TEXT]
    _finish(report)


_FAILURE_TEXT = "contract_failure_text"
