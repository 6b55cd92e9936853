"""The bundle the CLI and the MCP server are made from (scripts/tool_bundle.py): commands and
tools named by the operations, hints by method, exit codes for exactly the document's error
codes, and docs/cli.md's table of them."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml

from scripts import tool_bundle
from snapshots_cli import exit_codes
from tests.tools.installed import ROOT

DOCUMENT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundle() -> Any:
    return tool_bundle.bundle(DOCUMENT)


def test_each_operation_is_a_command_and_a_tool(bundle: Any) -> None:
    made = {o["operation_id"]: (o["command"], o["tool"]) for o in bundle["operations"]}
    assert made == {
        "listSnapshots": ("list", "list_snapshots"),
        "createSnapshot": ("create", "create_snapshot"),
        "deleteSnapshot": ("delete", "delete_snapshot"),
        "restoreSnapshot": ("restore", "restore_snapshot"),
    }


def test_a_renamed_operation_renames_its_command_and_tool() -> None:
    renamed = copy.deepcopy(DOCUMENT)
    renamed["paths"]["/api/v1/snapshots/"]["get"]["operationId"] = "enumerateSnapshots"
    made = {o["command"]: o["tool"] for o in tool_bundle.bundle(renamed)["operations"]}
    assert made["enumerate"] == "enumerate_snapshots"
    assert "list" not in made


def test_two_operations_with_one_verb_are_refused() -> None:
    clash = copy.deepcopy(DOCUMENT)
    clash["paths"]["/api/v1/snapshots/"]["post"]["operationId"] = "listServers"
    with pytest.raises(ValueError, match="same command"):
        tool_bundle.bundle(clash)


def test_hints_follow_the_method_and_the_success_status() -> None:
    assert tool_bundle.hints("get", 200)["readOnlyHint"] is True
    assert tool_bundle.hints("delete", 204) == {
        "readOnlyHint": False,
        "destructiveHint": True,
        "idempotentHint": True,
        "openWorldHint": False,
    }
    assert tool_bundle.hints("post", 201)["destructiveHint"] is False
    assert tool_bundle.hints("post", 200)["destructiveHint"] is True
    assert tool_bundle.hints("post", 200)["idempotentHint"] is False


def test_parameters_keep_the_documents_schemas_and_both_languages(bundle: Any) -> None:
    create = next(o for o in bundle["operations"] if o["command"] == "create")
    name = next(p for p in create["parameters"] if p["name"] == "name")
    assert name["in"] == "body"
    assert name["required"] is True
    assert name["schema"]["pattern"] == DOCUMENT["components"]["schemas"]["SnapshotName"]["pattern"]
    assert set(name["description"]) == {"en", "be"}
    assert name["description"]["en"] != name["description"]["be"]
    assert set(bundle["texts"]["be"]) == set(bundle["texts"]["en"])


def test_exit_codes_cover_exactly_the_documents_error_codes(bundle: Any) -> None:
    exit_codes.check_codes(bundle["error_statuses"])
    numbers = [*exit_codes.ERROR_CODES.values(), *exit_codes.OTHER_CODES.values()]
    assert len(numbers) == len(set(numbers))
    assert all(0 <= n < 256 for n in numbers)
    newer = {**bundle["error_statuses"], "server_frozen": 409}
    with pytest.raises(ValueError, match="server_frozen"):
        exit_codes.check_codes(newer)


def test_the_manual_lists_every_exit_code(bundle: Any) -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \| (.*?) \|$", section, flags=re.MULTILINE)
    listed = {name: int(number) for number, name, _ in rows}
    assert listed == {**exit_codes.OTHER_CODES, **exit_codes.ERROR_CODES}
    statuses = {name: when for _, name, when in rows if name in exit_codes.ERROR_CODES}
    for code, status in bundle["error_statuses"].items():
        assert statuses[code].startswith(str(status))


def test_the_mcp_manual_shows_each_tools_hints(bundle: Any) -> None:
    text = (ROOT / "docs" / "mcp.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `(\w+)` \| .*? \| (true|false) \| (true|false) \| (true|false) \|$",
        text,
        flags=re.MULTILINE,
    )
    shown = {tool: tuple(value == "true" for value in values) for tool, *values in rows}
    made = {
        o["tool"]: (
            o["hints"]["readOnlyHint"],
            o["hints"]["destructiveHint"],
            o["hints"]["idempotentHint"],
        )
        for o in bundle["operations"]
    }
    assert shown == made | {"wait_for_snapshot": (True, False, True)}
