"""The tools: one per operation of the document, and ``wait_for_snapshot``.

Each operation's tool is named by its operationId in snake case (``list_snapshots``), described
by its summary and description, takes the operation's parameters and request body properties as
its input schema (the document's schemas, from the bundle), and carries the MCP hints the bundle
derives from its HTTP method (scripts/tool_bundle.py). The wait is the Python client's
`wait_for_snapshot`, a read-only tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from snapshots_cli.bundle import Bundle, Operation

Json = Any
WAIT_TOOL = "wait_for_snapshot"
LANGUAGE = "en"
# The wait is the client's, not an operation of the document: its words are this server's own
# (English only: the tools' descriptions are read by models, and MCP has no language setting).
WAIT_TITLE = "Wait for a snapshot"
WAIT_DESCRIPTION = (
    "Wait until a snapshot is completed (creating one takes 3-10 minutes) and return it. Fails "
    "with a typed error if the snapshot fails, is deleted meanwhile, or is still in progress at "
    "the deadline. Restores cannot be waited for: the API has no call that reads their progress."
)


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    input_schema: Json
    hints: dict[str, bool]
    operation: Operation | None  # None for the wait


def _parameter_schema(bundle: Bundle, name: str) -> Json:
    """The schema (with its description) of the first operation parameter called `name`."""
    for operation in bundle.operations:
        for parameter in operation.parameters:
            if parameter.name == name:
                return {**parameter.schema, "description": parameter.description[LANGUAGE]}
    raise KeyError(f"no operation of the document has a parameter {name!r}")


def wait_schema(bundle: Bundle) -> Json:
    texts = bundle.texts[LANGUAGE]
    server = _parameter_schema(bundle, "server_id")
    return {
        "type": "object",
        "properties": {
            "snapshot_id": {
                **_parameter_schema(bundle, "snapshot_id"),
                "description": texts["wait.snapshot_id"],
            },
            "server_id": {**server, "description": texts["wait.server_id"]},
            "deadline_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "default": 900,
                "description": texts["wait.deadline"],
            },
        },
        "required": ["snapshot_id"],
        "additionalProperties": False,
    }


def specs(bundle: Bundle) -> list[ToolSpec]:
    found = [
        ToolSpec(
            name=operation.tool,
            title=operation.summary[LANGUAGE],
            description=f"{operation.summary[LANGUAGE]}.\n\n{operation.description[LANGUAGE]}",
            input_schema=operation.input_schema,
            hints=operation.hints,
            operation=operation,
        )
        for operation in bundle.operations
    ]
    wait_hints = {
        "readOnlyHint": True,
        "destructiveHint": False,
        "idempotentHint": True,
        "openWorldHint": False,
    }
    found.append(
        ToolSpec(WAIT_TOOL, WAIT_TITLE, WAIT_DESCRIPTION, wait_schema(bundle), wait_hints, None)
    )
    return found
