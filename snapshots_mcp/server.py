"""The MCP server over stdio: lists the tools and calls them through `AsyncSnapshotsClient`.

A successful call returns the API's answer as structured content (and as JSON text, for hosts
that read only text). A failed call is a tool result with ``isError`` and the same typed error
object as ``vps-snapshots --json`` prints (`snapshots_cli.failures.Failure`): its kind, the
API's status, code, message and details, and the command-line tool's exit code for it; never an
exception, so that the model sees what went wrong and can act on it.

The token comes from ``VPS_API_TOKEN`` in the server's environment (the host's configuration
sets it), the base URL from ``VPS_API_BASE_URL`` (else the document's server); the server does
not start without a token.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import jsonschema
import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server
from vps_snapshots_client.exceptions import SnapshotsError
from vps_snapshots_client.sdk import AsyncSnapshotsClient

from snapshots_cli import bundle as bundles
from snapshots_cli import failures
from snapshots_cli.settings import BASE_URL_VARIABLE, TOKEN_VARIABLE
from snapshots_mcp.target import SERVER_NAME
from snapshots_mcp.tools import WAIT_TOOL, ToolSpec, specs

Json = Any
# Reports a request's progress to the host (progress, total, message); a no-op when the host
# asked for none (the SDK's `report_progress`).
Progress = Callable[[float, float | None, str | None], Awaitable[None]]
PROGRESS_SECONDS = 1.0


async def _no_progress(_progress: float, _total: float | None, _message: str | None) -> None:
    return None


def _result(value: Json, error: bool = False) -> types.CallToolResult:
    text = json.dumps(value, ensure_ascii=False)
    return types.CallToolResult(
        content=[types.TextContent(text=text)], structured_content=value, is_error=error
    )


def _invalid(message: str) -> types.CallToolResult:
    failure = {"error": {"kind": "invalid_arguments", "message": message, "details": []}}
    return _result(failure, error=True)


class Tools:
    """The tools of one server: their specs and the client their calls go through."""

    def __init__(self, token: str, base_url: str) -> None:
        self.bundle = bundles.load()
        self.specs = {spec.name: spec for spec in specs(self.bundle)}
        self.token = token
        self.base_url = base_url

    def listed(self) -> list[types.Tool]:
        return [
            types.Tool(
                name=spec.name,
                title=spec.title,
                description=spec.description,
                input_schema=spec.input_schema,
                annotations=types.ToolAnnotations(
                    title=spec.title,
                    read_only_hint=spec.hints["readOnlyHint"],
                    destructive_hint=spec.hints["destructiveHint"],
                    idempotent_hint=spec.hints["idempotentHint"],
                    open_world_hint=spec.hints["openWorldHint"],
                ),
            )
            for spec in self.specs.values()
        ]

    async def call(
        self, name: str, arguments: dict[str, Any], progress: Progress = _no_progress
    ) -> types.CallToolResult:
        spec = self.specs.get(name)
        if spec is None:
            return _invalid(f"no tool {name!r}; the tools are {sorted(self.specs)}")
        try:
            jsonschema.validate(arguments, spec.input_schema)
        except jsonschema.ValidationError as error:
            where = "/".join(str(p) for p in error.absolute_path) or "arguments"
            return _invalid(f"{where}: {error.message}")
        async with AsyncSnapshotsClient(token=self.token, base_url=self.base_url) as client:
            try:
                return _result(await self._run(client, spec, arguments, progress))
            except SnapshotsError as error:
                return _result(failures.failure(error).as_json(), error=True)

    async def _run(
        self,
        client: AsyncSnapshotsClient,
        spec: ToolSpec,
        arguments: dict[str, Any],
        progress: Progress,
    ) -> Json:
        if spec.operation is None:
            assert spec.name == WAIT_TOOL
            return await self._wait(client, arguments, progress)
        method = getattr(client, spec.operation.tool)
        answer = await method(**arguments)
        if answer is None:  # a delete's 204
            return {**arguments, "deleted": True}
        result: Json = answer.to_dict()
        return result

    async def _wait(
        self, client: AsyncSnapshotsClient, arguments: dict[str, Any], progress: Progress
    ) -> Json:
        """The client's wait, with the seconds waited reported as progress every second (the
        host shows them, or keeps the call alive by them)."""
        snapshot_id = arguments["snapshot_id"]
        deadline = float(arguments.get("deadline_seconds", 900))
        started = time.monotonic()

        async def report() -> None:
            message = f"waiting for snapshot {snapshot_id}"
            while True:
                await progress(min(time.monotonic() - started, deadline), deadline, message)
                await anyio.sleep(PROGRESS_SECONDS)

        async with anyio.create_task_group() as group:
            group.start_soon(report)
            try:
                snapshot = await client.wait_for_snapshot(
                    snapshot_id, server_id=arguments.get("server_id"), deadline=deadline
                )
            finally:
                group.cancel_scope.cancel()
        result: Json = snapshot.to_dict()
        return result


def server(tools: Tools) -> Server[Any]:
    async def list_tools(
        _ctx: ServerRequestContext[Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools.listed())

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        return await tools.call(
            params.name, dict(params.arguments or {}), ctx.session.report_progress
        )

    return Server(
        SERVER_NAME,
        version=tools.bundle.version,
        instructions=(
            f"{tools.bundle.title} {tools.bundle.version}: list, create, restore and delete "
            "server snapshots."
        ),
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


async def serve(tools: Tools) -> None:
    app = server(tools)
    async with stdio_server() as (read_stream, write_stream):
        await app.run(read_stream, write_stream, app.create_initialization_options())


def main() -> None:
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        print(
            f"vps-snapshots-mcp: no token: set {TOKEN_VARIABLE} in the server's environment "
            "(the host's configuration, docs/mcp.md)",
            file=sys.stderr,
        )
        sys.exit(failures.CONFIGURATION)
    bundle = bundles.load()
    base_url = (os.environ.get(BASE_URL_VARIABLE) or bundle.default_base_url).rstrip("/")
    anyio.run(serve, Tools(token, base_url))
