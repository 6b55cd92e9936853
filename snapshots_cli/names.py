"""How an operation of the document names its command and its MCP tool.

Plain functions with no import, shared by the bundle's build (scripts/tool_bundle.py) and the
change report (spec_changes/bindings.py), so that the report names exactly what a renamed
operation renames.
"""

from __future__ import annotations

import re

from snapshots_cli.target import COMMAND


def command_name(operation_id: str) -> str:
    """``listSnapshots`` → ``list``: the operation's verb, the first word of its operationId."""
    return re.split(r"(?=[A-Z])", operation_id, maxsplit=1)[0].lower()


def tool_name(operation_id: str) -> str:
    """``listSnapshots`` → ``list_snapshots``: the operationId in snake case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def command_line(operation_id: str) -> str:
    """``vps-snapshots list``: how a shell calls the operation."""
    return f"{COMMAND} {command_name(operation_id)}"
