"""The contract suite as a team that does not clone this repository gets it: the wheel that
``nox -s build`` writes to dist/contract/, installed into a fresh virtual environment in a
temporary folder outside the repository, its command run from there against the mock over HTTP:
read-only, with writes and restores, and against another version of the document (``--spec``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from snapshots_mock.seed_facts import OTHER_TOKEN, STOPPED_SERVER, TOKEN
from tests.contract.runs import (
    MOCK_ONLY,
    ROOT,
    WRITES,
    Report,
    build_contract_wheel,
    fresh_venv,
    names,
    read_report,
    stored,
    suite_tests,
)
from tests.mock.helpers import MockProcess, mock_process

COMMAND = "vps-snapshots-contract"
TOKENS = {"VPS_API_TOKEN": TOKEN, "OTHER_VPS_API_TOKEN": OTHER_TOKEN}


@dataclass(frozen=True)
class Installed:
    command: Path
    python: Path
    work: Path  # a folder outside the repository, where the command runs

    def run(self, name: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
        report = self.work / f"{name}.xml"
        completed = subprocess.run(
            [str(self.command), "--junit-xml", str(report), *args],
            cwd=self.work,
            # Nothing of this repository's environment: not its PYTHONPATH, not its venv.
            env={"PATH": f"{self.command.parent}:/usr/bin:/bin", **(env or {})},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        return completed.returncode, completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    folder = tmp_path_factory.mktemp("installed-contract")
    assert not folder.resolve().is_relative_to(ROOT)
    wheel = build_contract_wheel(folder / "dist")
    bin_folder = fresh_venv(folder / "venv", wheel)
    work = folder / "work"
    work.mkdir()
    return Installed(bin_folder / COMMAND, bin_folder / "python", work)


@pytest.fixture
def mock_server(tmp_path: Path) -> Iterator[tuple[MockProcess, Path]]:
    database = tmp_path / "mock.sqlite3"
    with mock_process(
        tmp_path / "mock.log",
        "--database-url",
        f"sqlite:///{database}",
        "--snapshot-seconds",
        "3",
        "--restore-seconds",
        "2",
    ) as server:
        yield server, database


def _report(installed: Installed, name: str) -> Report:
    return read_report(installed.work / f"{name}.xml")


def test_the_wheel_holds_the_suite_and_the_document_but_not_the_mock(installed: Installed) -> None:
    probe = (
        "import importlib.util, contract_tests.document as d, yaml; "
        "print(d.path()); print(importlib.util.find_spec('snapshots_mock'))"
    )
    completed = subprocess.run(
        [str(installed.python), "-c", probe],
        cwd=installed.work,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    bundled, mock = completed.stdout.split()
    assert Path(bundled).name == "openapi.yaml"
    assert "site-packages/contract_tests" in bundled
    assert Path(bundled).read_bytes() == (ROOT / "openapi" / "openapi.yaml").read_bytes()
    assert mock == "None"
    status, output = installed.run("help", "--help")
    assert status == 0, output
    assert output.startswith(f"usage: {COMMAND}")
    for option in ("--base-url", "--spec FILE", "--summary FILE", "--allow-writes"):
        assert option in output
    # Without the mock, a run needs a deployment.
    status, output = installed.run("no-base-url", env=TOKENS)
    assert status == 2
    assert "--base-url is required" in output


def test_read_only_run_against_the_mock(
    installed: Installed, mock_server: tuple[MockProcess, Path]
) -> None:
    server, database = mock_server
    before = stored(database)
    status, output = installed.run(
        "read-only",
        "--base-url",
        server.url,
        "--other-token-env",
        "OTHER_VPS_API_TOKEN",
        env=TOKENS,
    )
    assert status == 0, output
    assert stored(database) == before
    report = _report(installed, "read-only")
    assert names(report.passed) == suite_tests() - WRITES - MOCK_ONLY, output
    assert report.skipped == len(WRITES | MOCK_ONLY)
    assert TOKEN not in output


def test_run_with_writes_and_restores_against_the_mock(
    installed: Installed, mock_server: tuple[MockProcess, Path]
) -> None:
    server, database = mock_server
    seed_snapshots, _ = stored(database)
    status, output = installed.run(
        "writes",
        "--base-url",
        server.url,
        "--other-token-env",
        "OTHER_VPS_API_TOKEN",
        "--allow-writes",
        "--disposable-server-id",
        str(STOPPED_SERVER),
        "--allow-restore",
        "--poll-interval",
        "0.05",
        "--completion-timeout",
        "60",
        env=TOKENS,
    )
    assert status == 0, output
    report = _report(installed, "writes")
    assert names(report.passed) == suite_tests() - MOCK_ONLY, output
    assert stored(database)[0] == seed_snapshots


def test_spec_names_the_document_tested_against(
    installed: Installed, mock_server: tuple[MockProcess, Path]
) -> None:
    server, _ = mock_server
    # Another version of the document: the list no longer documents its 200.
    document = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
    document["info"]["version"] = "0.0.1-test"
    del document["paths"]["/api/v1/snapshots/"]["get"]["responses"]["200"]
    spec = installed.work / "older.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    arguments = ("--base-url", server.url, "-k", "schema_valid_requests")
    status, output = installed.run("spec-changed", *arguments, "--spec", str(spec), env=TOKENS)
    assert status == 1, output
    assert f"contract document: {spec} (version 0.0.1-test)" in output
    assert "[status_code_conformance] GET /api/v1/snapshots/: the document says one of" in output
    # The bundled document, and a released one, pass the same run.
    release = ROOT / "openapi" / "releases" / "2.0.0.yaml"
    for name, extra in (("spec-bundled", ()), ("spec-release", ("--spec", str(release)))):
        status, output = installed.run(name, *arguments, *extra, env=TOKENS)
        assert status == 0, output


def test_no_repository_path_leaks_in(installed: Installed) -> None:
    # The command imports its package from the venv, never from this checkout.
    completed = subprocess.run(
        [str(installed.python), "-c", "import contract_tests; print(contract_tests.__file__)"],
        cwd=installed.work,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert not Path(completed.stdout.strip()).resolve().is_relative_to(ROOT)
