"""``vps-snapshots-mcp`` installed from its wheel outside the repository, driven by the official
MCP Python SDK's client over stdio against the mock: its tools and their schemas and hints from
the document, each tool called, typed error results, and docs/mcp.md's configuration run as
written."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import anyio
import mcp_types as types
import pytest
import yaml
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from snapshots_cli import exit_codes
from snapshots_mcp import target
from snapshots_mock.seed_facts import NEXT_SNAPSHOT_ID, PAGE_SERVER, TOKEN
from snapshots_mock.testing import RunningMock
from tests.tools.installed import ROOT, Installed, arm, fresh, install, misbehaving_mock

DOCUMENT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
SCHEMAS = DOCUMENT["components"]["schemas"]
MANUAL = ROOT / "docs" / "mcp.md"
T = TypeVar("T")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return install(tmp_path_factory.mktemp("installed-mcp"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    yield from misbehaving_mock(tmp_path_factory.mktemp("mcp-mock"))


@pytest.fixture
def mock(server: RunningMock) -> Iterator[RunningMock]:
    yield from fresh(server)


def _session(
    installed: Installed,
    env: dict[str, str],
    work: Callable[[ClientSession], Awaitable[T]],
    command: str | None = None,
    args: list[str] | None = None,
) -> T:
    """Start the server as a host does (a process on stdio), run `work` with a session to it."""

    async def run() -> T:
        parameters = StdioServerParameters(
            command=command or str(installed.mcp), args=args or [], env=env, cwd=installed.work
        )
        async with stdio_client(parameters) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            with anyio.fail_after(120):
                return await work(session)

    return anyio.run(run)


def _tools(installed: Installed, mock: RunningMock) -> dict[str, types.Tool]:
    async def listed(session: ClientSession) -> dict[str, types.Tool]:
        return {tool.name: tool for tool in (await session.list_tools()).tools}

    return _session(installed, installed.environment(mock), listed)


def test_tools_schemas_and_hints_come_from_the_document(
    installed: Installed, mock: RunningMock
) -> None:
    tools = _tools(installed, mock)
    assert set(tools) == {
        "list_snapshots",
        "create_snapshot",
        "restore_snapshot",
        "delete_snapshot",
        "wait_for_snapshot",
    }
    create = tools["create_snapshot"].input_schema
    request = SCHEMAS["SnapshotCreateRequest"]
    assert set(create["properties"]) == set(request["properties"])
    assert create["required"] == request["required"]
    assert create["additionalProperties"] is False
    assert create["properties"]["name"]["pattern"] == SCHEMAS["SnapshotName"]["pattern"]
    assert create["properties"]["name"]["maxLength"] == SCHEMAS["SnapshotName"]["maxLength"]
    assert create["properties"]["server_id"]["maximum"] == SCHEMAS["Id"]["maximum"]
    listing = DOCUMENT["paths"]["/api/v1/snapshots/"]["get"]
    assert tools["list_snapshots"].description is not None
    assert tools["list_snapshots"].description.startswith(listing["summary"])
    assert tools["list_snapshots"].input_schema["required"] == []
    assert tools["delete_snapshot"].input_schema["required"] == ["snapshot_id"]
    hints = {
        name: (
            tool.annotations.read_only_hint,
            tool.annotations.destructive_hint,
            tool.annotations.idempotent_hint,
        )
        for name, tool in tools.items()
        if tool.annotations is not None
    }
    assert hints == {
        "list_snapshots": (True, False, True),
        "create_snapshot": (False, False, False),
        "restore_snapshot": (False, True, False),
        "delete_snapshot": (False, True, True),
        "wait_for_snapshot": (True, False, True),
    }


def _call(session: ClientSession, tool: str, **arguments: Any) -> Awaitable[types.CallToolResult]:
    return session.call_tool(tool, arguments)


def test_every_tool_against_the_mock(installed: Installed, mock: RunningMock) -> None:
    reported: list[tuple[float, float | None, str | None]] = []

    async def record(progress: float, total: float | None, message: str | None) -> None:
        reported.append((progress, total, message))

    async def work(session: ClientSession) -> list[types.CallToolResult]:
        results = [await _call(session, "list_snapshots", server_id=PAGE_SERVER)]
        results.append(await _call(session, "create_snapshot", server_id=PAGE_SERVER, name="m"))
        with mock.clock_running():
            waiting = {"snapshot_id": NEXT_SNAPSHOT_ID, "deadline_seconds": 60}
            results.append(
                await session.call_tool("wait_for_snapshot", waiting, progress_callback=record)
            )
        results.append(await _call(session, "restore_snapshot", snapshot_id=NEXT_SNAPSHOT_ID))
        results.append(await _call(session, "delete_snapshot", snapshot_id=NEXT_SNAPSHOT_ID))
        results.append(await _call(session, "list_snapshots", server_id=PAGE_SERVER))
        return results

    listed, created, waited, restored, deleted, after = _session(
        installed, installed.environment(mock), work
    )
    for result in (listed, created, waited, restored, deleted, after):
        assert not result.is_error, result.content
        # The text content is the structured content, for hosts that read only text.
        text = result.content[0]
        assert isinstance(text, types.TextContent)
        assert json.loads(text.text) == result.structured_content
    assert [s["id"] for s in listed.structured_content["results"]] == [801, 798]
    assert created.structured_content["status"] == "in_progress"
    assert waited.structured_content["status"] == "completed"
    assert waited.structured_content["size_mb"] > 0
    # The wait reported its progress to the host: seconds waited out of the deadline.
    assert reported
    assert reported[0][1:] == (60, f"waiting for snapshot {NEXT_SNAPSHOT_ID}")
    assert restored.structured_content["server"]["status"] == "restoring"
    assert deleted.structured_content == {"snapshot_id": NEXT_SNAPSHOT_ID, "deleted": True}
    assert after.structured_content == listed.structured_content


def test_errors_are_typed_results(installed: Installed, mock: RunningMock) -> None:
    arm(mock, method="GET", path="/api/v1/snapshots/", answer="html", times=10)

    async def work(session: ClientSession) -> list[types.CallToolResult]:
        return [
            await _call(session, "delete_snapshot", snapshot_id=99999),
            await _call(session, "create_snapshot", server_id=99999, name="x"),
            await _call(session, "create_snapshot", server_id=PAGE_SERVER, name="a b"),
            await _call(session, "restore_snapshot", snapshot_id="801"),
            await _call(session, "list_snapshots"),
        ]

    missing, no_server, bad_name, bad_type, html = _session(
        installed, installed.environment(mock), work
    )
    statuses = SCHEMAS["ErrorCode"]["x-error-statuses"]
    for result, code in ((missing, "snapshot_not_found"), (no_server, "server_not_found")):
        assert result.is_error
        error = result.structured_content["error"]
        assert error["kind"] == "api_error"
        assert error["code"] == code
        assert error["status"] == statuses[code]
        assert error["exit_code"] == exit_codes.ERROR_CODES[code]
    for result in (bad_name, bad_type):
        assert result.is_error
        assert result.structured_content["error"]["kind"] == "invalid_arguments"
    assert "does not match" in bad_name.structured_content["error"]["message"]
    assert html.is_error
    assert html.structured_content["error"]["kind"] == "malformed_response"
    assert html.structured_content["error"]["status"] == 502


def test_no_token_no_server(installed: Installed) -> None:
    result = subprocess.run(
        [str(installed.mcp)],
        env=installed.environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == exit_codes.CONFIGURATION
    assert "VPS_API_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def manual_configuration() -> Any:
    """The JSON block of docs/mcp.md's configuration example."""
    text = MANUAL.read_text(encoding="utf-8")
    (block,) = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    return json.loads(block)


def test_the_manual_configuration_runs(installed: Installed, mock: RunningMock) -> None:
    (name, entry), *others = manual_configuration()["mcpServers"].items()
    assert not others
    assert name == target.SERVER_NAME
    # The command it names is the one the wheel installs, found on the host's PATH.
    assert entry["command"] == target.COMMAND
    assert installed.mcp.exists()
    assert set(entry["env"]) == {"VPS_API_TOKEN", "VPS_API_BASE_URL"}
    env = installed.environment() | entry["env"]
    env |= {"VPS_API_TOKEN": TOKEN, "VPS_API_BASE_URL": mock.url}

    async def work(session: ClientSession) -> types.CallToolResult:
        return await _call(session, "list_snapshots")

    result = _session(
        installed,
        env,
        work,
        command=str(installed.bin / entry["command"]),
        args=entry.get("args", []),
    )
    assert not result.is_error
    assert result.structured_content["count"] >= 2
