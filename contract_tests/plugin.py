"""The suite's pytest plugin: its options, fixtures, cleanup, and what its reports show.

Loaded with ``-p contract_tests.plugin`` by `contract_tests.cli`, which turns its own options
into the ``--contract-*`` ones here. Tokens never come as options: an option names the
environment variable that holds one.

Reports: a failing test's report (terminal and JUnit XML alike) gets the run's seed, and each
secret token in it is replaced by the variable it came from, with the curl command's
``Authorization`` header in double quotes, so that the command runs as printed:
``-H "Authorization: Bearer $VPS_API_TOKEN"``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from schemathesis.schemas import BaseSchema

# Imported for their registrations: the custom checks and the guard's hooks.
from contract_tests import checks, defaults, guard  # noqa: F401
from contract_tests import schema as schemas
from contract_tests.api import Api
from contract_tests.document import SNAPSHOT, SNAPSHOTS
from contract_tests.model import DEFAULT_CLOCK_SKEW, Model
from contract_tests.target import Credential, Target, activate, deployment, in_process_mock

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
    # The in-process mock only: the fault matrix's switches (snapshots_mock.Faults).
    group.addoption("--contract-mock-fault", action="append", default=[])
    group.addoption("--contract-mock-no-response-validation", action="store_true")


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
    activate(target)
    _CONFIG["config"] = config


def pytest_unconfigure(config: pytest.Config) -> None:
    activate(None)


def run_settings() -> RunSettings:
    """The settings of the run under way."""
    return _CONFIG["config"].stash[_SETTINGS]


def pytest_report_header(config: pytest.Config) -> list[str]:
    target, settings = config.stash[_TARGET], config.stash[_SETTINGS]
    return [
        f"contract target: {target.description}",
        f"contract seed: {settings.seed}, examples per operation and mode: {settings.max_examples}",
    ]


_TARGET = pytest.StashKey[Target]()
_SETTINGS = pytest.StashKey[RunSettings]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    target = terminalreporter.config.stash.get(_TARGET, None)
    if target is None or target.model is None:
        return
    terminalreporter.write_line(
        f"reference model: {target.model.observed} answers compared, "
        f"{sum(len(s) for s in target.model.accounts.values())} snapshots held; "
        f"requests digest {target.model.requests.hexdigest()[:16]}"
    )
    found = target.model.undocumented
    if not found:
        return
    terminalreporter.section("undocumented properties (allowed by --allow-undocumented-properties)")
    for item in sorted({str(f) for f in found}):
        terminalreporter.write_line(item)


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
    # Schemathesis' plugin rewrites a failure's text here, after the report was logged; the
    # terminal prints it at the end of the run.
    _finish(report)
