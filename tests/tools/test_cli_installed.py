"""``vps-snapshots`` installed from its wheel outside the repository, run against the mock over
HTTP: its commands and help from the document (and the Belarusian catalog), tables and JSON,
an exit code per error code, the mock's misbehaviour answered with a clear error and never a
traceback, calls that end at their timeout, the 0600 rule, confirmations and the progress bar."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from scripts import docs_i18n
from snapshots_cli import exit_codes
from snapshots_mock.seed_facts import (
    FLAKY_SERVER,
    NEXT_SNAPSHOT_ID,
    OTHER_TOKEN,
    PAGE_LATEST_SNAPSHOT,
    PAGE_SERVER,
    TOKEN,
)
from snapshots_mock.testing import RunningMock
from tests.contract.runs import fresh_venv
from tests.python_client.paths import built_dist
from tests.tools.installed import ROOT, Installed, arm, fresh, install, misbehaving_mock

DOCUMENT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
OPERATIONS = {
    operation["operationId"]: operation
    for item in DOCUMENT["paths"].values()
    for operation in item.values()
}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return install(tmp_path_factory.mktemp("installed-cli"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    yield from misbehaving_mock(tmp_path_factory.mktemp("cli-mock"))


@pytest.fixture
def mock(server: RunningMock) -> Iterator[RunningMock]:
    yield from fresh(server)


def _listed(mock: RunningMock, token: str = TOKEN) -> Any:
    response = httpx.get(mock.url + "/api/v1/snapshots/", headers=mock.auth(token))
    response.raise_for_status()
    return response.json()


def _clean(result: subprocess.CompletedProcess[str]) -> None:
    """A failure is a message, never a Python traceback, and never names the token."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert TOKEN not in output


def test_commands_and_help_come_from_the_document(installed: Installed) -> None:
    result = installed.run("--help", env=installed.environment())
    assert result.returncode == 0, result.stderr
    for operation_id in ("listSnapshots", "createSnapshot", "restoreSnapshot", "deleteSnapshot"):
        command = operation_id.split("Snapshot")[0]
        assert f"  {command} " in result.stdout
        assert OPERATIONS[operation_id]["summary"] in result.stdout
    assert "  wait " in result.stdout
    create = installed.run("create", "--help", env=installed.environment()).stdout
    for option in DOCUMENT["components"]["schemas"]["SnapshotCreateRequest"]["properties"]:
        assert f"--{option.replace('_', '-')}" in create
    version = installed.run("--version", env=installed.environment()).stdout
    assert version.strip() == f"vps-snapshots {DOCUMENT['info']['version']}"


def test_help_in_belarusian_comes_from_the_catalog(installed: Installed) -> None:
    translated = docs_i18n.Translator("be", DOCUMENT).document(DOCUMENT)
    summary = translated["paths"]["/api/v1/snapshots/"]["post"]["summary"]
    assert summary != OPERATIONS["createSnapshot"]["summary"]
    for variable in ("LANG", "LANGUAGE", "LC_ALL"):
        env = installed.environment() | {variable: "be_BY.UTF-8"}
        result = installed.run("create", "--help", env=env)
        assert result.returncode == 0, result.stderr
        assert summary in result.stdout
    english = installed.run("create", "--help", env=installed.environment()).stdout
    assert summary not in english


def test_list_as_a_table_and_as_json(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    table = installed.run("list", "--server-id", str(PAGE_SERVER), env=env)
    assert table.returncode == 0, table.stderr
    rows = table.stdout.splitlines()
    assert rows[0].split()[:2] == ["id", "server"]
    listed = _listed(mock)
    ours = [s for s in listed["results"] if s["server"]["id"] == PAGE_SERVER]
    assert [int(row.split()[0]) for row in rows[1:]] == [s["id"] for s in ours]
    as_json = installed.run("--json", "list", env=env)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["count"] == listed["count"]
    assert [s["id"] for s in json.loads(as_json.stdout)["results"]] == [
        s["id"] for s in listed["results"]
    ]


def test_the_token_is_never_an_argument(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    for args in (("--token", TOKEN, "list"), ("list", "--token", TOKEN)):
        result = installed.run(*args, env=env)
        assert result.returncode == exit_codes.USAGE
        assert "No such option '--token'" in result.stderr
    del env["VPS_API_TOKEN"]
    result = installed.run("list", env=env)
    assert result.returncode == exit_codes.CONFIGURATION
    assert "VPS_API_TOKEN" in result.stderr
    _clean(result)


def test_the_configuration_file_must_be_0600(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    del env["VPS_API_TOKEN"], env["VPS_API_BASE_URL"]
    config = Path(env["HOME"]) / ".config" / "vps-snapshots" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'token = "{TOKEN}"\nbase_url = "{mock.url}"\n', encoding="utf-8")
    try:
        for mode in (0o644, 0o640, 0o604, 0o660):
            config.chmod(mode)
            result = installed.run("list", env=env)
            assert result.returncode == exit_codes.CONFIGURATION, (oct(mode), result.stderr)
            assert f"{mode:04o}" in result.stderr
            assert "chmod 600" in result.stderr
            _clean(result)
        config.chmod(0o600)
        result = installed.run("--json", "list", env=env)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["count"] == _listed(mock)["count"]
        # The environment's token wins over the file's.
        result = installed.run("list", env=env | {"VPS_API_TOKEN": "not-a-token"})
        assert result.returncode == exit_codes.ERROR_CODES["unauthorized"]
    finally:
        config.unlink()


def test_each_error_code_exits_with_its_own_code(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    cases: list[tuple[tuple[str, ...], str, dict[str, str]]] = [
        (("delete", "99999", "--yes"), "snapshot_not_found", {}),
        (("restore", "99999", "--yes"), "snapshot_not_found", {}),
        (("create", "--server-id", "99999", "--name", "x"), "server_not_found", {}),
        (("list",), "unauthorized", {"VPS_API_TOKEN": "not-a-token"}),
        # Another account's snapshot is one that does not exist.
        (
            ("delete", str(PAGE_LATEST_SNAPSHOT), "--yes"),
            "snapshot_not_found",
            {"VPS_API_TOKEN": OTHER_TOKEN},
        ),
    ]
    for args, code, extra in cases:
        result = installed.run("--json", *args, env=env | extra)
        assert result.returncode == exit_codes.ERROR_CODES[code], (args, result.stderr)
        error = json.loads(result.stderr)["error"]
        assert error["code"] == code
        assert (
            error["status"]
            == DOCUMENT["components"]["schemas"]["ErrorCode"]["x-error-statuses"][code]
        )
        assert error["exit_code"] == result.returncode
        people = installed.run(*args, env=env | extra)
        assert people.returncode == result.returncode
        assert people.stderr.startswith(f"error ({error['status']} {code}): ")
        _clean(people)


def test_create_rules_and_a_restore_refused(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    created = installed.run(
        "--json", "create", "--server-id", str(PAGE_SERVER), "--name", "a", env=env
    )
    assert created.returncode == 0, created.stderr
    snapshot = json.loads(created.stdout)
    assert snapshot["status"] == "in_progress"
    assert snapshot["id"] == NEXT_SNAPSHOT_ID
    again = installed.run("create", "--server-id", str(PAGE_SERVER), "--name", "a", env=env)
    assert again.returncode == exit_codes.ERROR_CODES["duplicate_snapshot_name"]
    # A restore of a snapshot still in progress.
    refused = installed.run("restore", str(snapshot["id"]), "--yes", env=env)
    assert refused.returncode == exit_codes.ERROR_CODES["invalid_state"], refused.stderr
    for name in ("b", "c"):
        made = installed.run("create", "--server-id", str(PAGE_SERVER), "--name", name, env=env)
        assert made.returncode == 0, made.stderr
    full = installed.run("create", "--server-id", str(PAGE_SERVER), "--name", "d", env=env)
    assert full.returncode == exit_codes.ERROR_CODES["snapshot_limit_reached"], full.stderr
    # The schema's rules are the API's to judge; its details name the field.
    bad = installed.run("create", "--server-id", str(PAGE_SERVER), "--name", "a b", env=env)
    assert bad.returncode == exit_codes.ERROR_CODES["invalid_parameters"], bad.stderr
    assert "\n  name: " in bad.stderr
    _clean(bad)
    # Only a value that is not even of the option's type is the command's usage error.
    typed = installed.run("create", "--server-id", "twelve", "--name", "a", env=env)
    assert typed.returncode == exit_codes.USAGE


def test_destructive_commands_ask_first(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    before = _listed(mock)
    for command in ("delete", "restore"):
        # Without a terminal and without --yes: refused, nothing done.
        result = installed.run(command, str(PAGE_LATEST_SNAPSHOT), env=env)
        assert result.returncode == exit_codes.ABORTED, result.stderr
        assert "--yes" in result.stderr
        _clean(result)
    assert _listed(mock) == before
    # On a terminal: asked, and "no" does nothing.
    status, shown = _on_terminal(installed, env, "delete", str(PAGE_LATEST_SNAPSHOT), answer="n\n")
    assert status == exit_codes.ABORTED
    assert "cannot be undone" in shown
    assert _listed(mock) == before
    status, shown = _on_terminal(installed, env, "delete", str(PAGE_LATEST_SNAPSHOT), answer="y\n")
    assert status == 0, shown
    assert PAGE_LATEST_SNAPSHOT not in [s["id"] for s in _listed(mock)["results"]]
    deleted = installed.run("--json", "delete", str(PAGE_LATEST_SNAPSHOT), "--yes", env=env)
    assert deleted.returncode == exit_codes.ERROR_CODES["snapshot_not_found"]
    restored = installed.run("--json", "restore", "798", "--yes", env=env)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["server"]["status"] == "restoring"


def _on_terminal(
    installed: Installed, env: dict[str, str], *args: str, answer: str = "", timeout: float = 60
) -> tuple[int, str]:
    """Run the command with a terminal on its stdin and stderr (stdout piped); type `answer`.
    Its exit status and what the terminal showed."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [str(installed.cli), *args],
        cwd=installed.work,
        env=env,
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=secondary,
    )
    os.close(secondary)
    shown = b""
    if answer:
        os.write(primary, answer.encode())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    status = process.wait(timeout=10)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    process.stdout.close()
    os.close(primary)
    return status, shown.decode(errors="replace") + out


def test_wait_shows_progress_only_on_a_terminal(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock)
    created = installed.run(
        "--json", "create", "--server-id", str(PAGE_SERVER), "--name", "w", env=env
    )
    snapshot_id = json.loads(created.stdout)["id"]
    wait = ("wait", str(snapshot_id), "--poll-interval", "0.2")
    with mock.clock_running():
        piped = installed.run("--json", *wait, env=env)
        assert piped.returncode == 0, piped.stderr
        assert piped.stderr == ""
        assert json.loads(piped.stdout)["status"] == "completed"
        status, shown = _on_terminal(installed, env, *wait)
    assert status == 0, shown
    assert f"Waiting for snapshot {snapshot_id}" in shown


def test_ctrl_c_ends_with_its_documented_code(installed: Installed, mock: RunningMock) -> None:
    # click alone answers a Ctrl-C with "Aborted!" and 1, the code of a declined confirmation.
    env = installed.environment(mock)
    created = installed.run(
        "--json", "create", "--server-id", str(PAGE_SERVER), "--name", "c", env=env
    )
    snapshot_id = json.loads(created.stdout)["id"]  # in progress: the mock's clock is stopped
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [str(installed.cli), "wait", str(snapshot_id), "--poll-interval", "0.2"],
        cwd=installed.work,
        env=env,
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=secondary,
    )
    os.close(secondary)
    shown = b""
    deadline = time.monotonic() + 60
    while b"Waiting for snapshot" not in shown and time.monotonic() < deadline:
        if select.select([primary], [], [], 0.1)[0]:
            shown += os.read(primary, 65536)
    assert b"Waiting for snapshot" in shown, shown
    process.send_signal(signal.SIGINT)
    status = process.wait(timeout=30)
    while select.select([primary], [], [], 0.1)[0]:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert process.stdout is not None
    assert process.stdout.read() == b""
    process.stdout.close()
    assert status == exit_codes.INTERRUPTED, shown
    assert b"Traceback" not in shown
    assert b"Aborted" not in shown


def test_wait_ends_in_the_documented_codes(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock, VPS_API_TOKEN=OTHER_TOKEN)
    created = installed.run(
        "--json", "create", "--server-id", str(FLAKY_SERVER), "--name", "f", env=env
    )
    snapshot_id = str(json.loads(created.stdout)["id"])
    late = installed.run("wait", snapshot_id, "--deadline", "1", "--poll-interval", "0.2", env=env)
    assert late.returncode == exit_codes.WAIT_DEADLINE, late.stderr
    _clean(late)
    with mock.clock_running():
        failed = installed.run("--json", "wait", snapshot_id, "--poll-interval", "0.05", env=env)
    assert failed.returncode == exit_codes.SNAPSHOT_FAILED, failed.stderr
    assert json.loads(failed.stderr)["error"]["kind"] == "snapshot_failed"
    gone = installed.run("wait", "99999", "--poll-interval", "0.05", env=env)
    assert gone.returncode == exit_codes.SNAPSHOT_GONE, gone.stderr


def test_misbehaviour_is_a_clear_error_with_its_code(
    installed: Installed, mock: RunningMock
) -> None:
    env = installed.environment(mock)
    listing = "/api/v1/snapshots/"
    arm(mock, method="GET", path=listing, answer="html", times=10)
    result = installed.run("list", env=env)
    assert result.returncode == exit_codes.UNDOCUMENTED_ANSWER, result.stderr
    assert "502" in result.stderr
    assert "not the API's" in result.stderr
    _clean(result)
    httpx.delete(mock.url + "/_mock/misbehaviour").raise_for_status()
    arm(mock, method="GET", path=listing, answer="unknown_code", status=400, times=10)
    result = installed.run("--json", "list", env=env)
    assert result.returncode == exit_codes.UNKNOWN_ERROR_CODE, result.stderr
    assert json.loads(result.stderr)["error"]["code"] == "snapshot_quota_frozen"
    httpx.delete(mock.url + "/_mock/misbehaviour").raise_for_status()
    # A create is never retried: the 503 is the answer.
    arm(mock, method="POST", path=listing, answer="unavailable", retry_after=1)
    result = installed.run("create", "--server-id", str(PAGE_SERVER), "--name", "x", env=env)
    assert result.returncode == exit_codes.ERROR_CODES["service_unavailable"], result.stderr
    _clean(result)
    # No answer at all: the call ends at its timeout, with its code.
    arm(mock, method="GET", path=listing, answer="no_answer", delay=60, times=10)
    started = time.monotonic()
    result = installed.run("--timeout", "2", "list", env=env, timeout=60)
    assert result.returncode == exit_codes.TIMEOUT, result.stderr
    assert time.monotonic() - started < 30
    assert "no answer in time" in result.stderr
    _clean(result)


def test_nothing_can_be_reached(installed: Installed, mock: RunningMock) -> None:
    env = installed.environment(mock, VPS_API_BASE_URL="http://127.0.0.1:9")
    result = installed.run("--timeout", "5", "list", env=env)
    assert result.returncode == exit_codes.CONNECTION, result.stderr
    _clean(result)


def test_the_getting_started_lines_run_as_written(installed: Installed, mock: RunningMock) -> None:
    page = (ROOT / "docs" / "reference" / "getting-started.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```shell\n(.*?)^```$", page, flags=re.MULTILINE | re.DOTALL)
    (block,) = [b for b in blocks if "vps-snapshots " in b]
    lines = [line for line in block.splitlines() if line.strip()]
    assert all(line.startswith("vps-snapshots ") for line in lines)
    env = installed.environment(mock)
    with mock.clock_running():
        for line in lines:
            result = installed.run(*shlex.split(line)[1:], env=env)
            assert result.returncode == 0, (line, result.stderr)
    assert NEXT_SNAPSHOT_ID not in [s["id"] for s in _listed(mock)["results"]]


def test_the_manuals_install_line_works_as_written(
    installed: Installed, tmp_path_factory: pytest.TempPathFactory
) -> None:
    manual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    (line,) = [line for line in manual.splitlines() if line.startswith("pip install ")]
    words = shlex.split(
        line.replace("/path/to/dist/python", str(built_dist()))
        .replace("/path/to/dist/cli", str(installed.dist / "cli"))
        .replace("<version>", str(DOCUMENT["info"]["version"]))
    )
    venv = tmp_path_factory.mktemp("pip-install") / "venv"
    bin_folder = fresh_venv(venv, pip=True)
    subprocess.run(
        [str(bin_folder / "python"), "-m", *words, "--quiet", "--disable-pip-version-check"],
        cwd=installed.work,
        check=True,
        timeout=600,
    )
    result = subprocess.run(
        [str(bin_folder / "vps-snapshots"), "--version"],
        env=installed.environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"vps-snapshots {DOCUMENT['info']['version']}"
