"""The change report names what a change renames or retypes in the Go, Java and Rust clients:
a pair of small documents each (as in test_rules.py), and the lines the entry must carry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from spec_changes import compare
from spec_changes.report import text
from spec_changes.versioning import Verdict
from tests.changes.documents import Json, base, operation, schema

Mutation = Callable[[Json], None]
THINGS = "/things/"


def _rename_operation(new: Json) -> None:
    operation(new, THINGS, "get")["operationId"] = "findThings"


def _retag_operation(new: Json) -> None:
    operation(new, THINGS, "get")["tags"] = ["Boxes"]


def _rename_schema(new: Json) -> None:
    schemas = new["components"]["schemas"]
    schemas["Label"] = schemas.pop("Name")
    for holder in (schemas["Thing"], schemas["NewThing"]):
        holder["properties"]["name"] = {"$ref": "#/components/schemas/Label"}


def _remove_enum_value(new: Json) -> None:
    schema(new, "State")["enum"] = ["new"]


def _add_enum_value(new: Json) -> None:
    schema(new, "State")["enum"].append("in_review")


def _widen_integer(new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["format"] = "int64"


def _make_nullable(new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["type"] = ["integer", "null"]


def _raise_major_version(new: Json) -> None:
    new["info"]["version"] = "2.0.0"


CASES = [
    pytest.param(
        _raise_major_version,
        "major version 1 → 2",
        [
            "Go: module `vps.org/snapshots-client-go` → `vps.org/snapshots-client-go/v2`: "
            "change every import of it, and `go get vps.org/snapshots-client-go/v2@v2.0.0`"
        ],
        id="major-version",
    ),
    pytest.param(
        _rename_operation,
        "operationId listThings → findThings",
        [
            "Go: `ClientWithResponses.ListThingsWithResponse` → "
            "`ClientWithResponses.FindThingsWithResponse`",
            "Java: `ThingsApi.listThings` → `ThingsApi.findThings`",
            "Rust: `things_api::list_things` → `things_api::find_things`",
            "CLI: `command vps-snapshots list` → `command vps-snapshots find`",
            "MCP: `tool list_things` → `tool find_things`",
        ],
        id="operationId",
    ),
    pytest.param(
        _retag_operation,
        "tags ['Things'] → ['Boxes']",
        [
            "Java: `ThingsApi.listThings` → `BoxesApi.listThings`",
            "Rust: `things_api::list_things` → `boxes_api::list_things`",
        ],
        id="tag",
    ),
    pytest.param(
        _rename_schema,
        "now refers to schema Label instead of schema Name",
        [
            "Go: `Name` → `Label`",
            "Java: `model.Name` → `model.Label`",
            "Rust: `models::Name` → `models::Label`",
        ],
        id="schema",
    ),
    pytest.param(
        _remove_enum_value,
        'enum value "done" removed',
        ["Go: `Done` (or `StateDone`)", "Java: `State.DONE`", "Rust: `State::Done`"],
        id="enum-removed",
    ),
    pytest.param(
        _add_enum_value,
        'enum value "in_review" added',
        [
            "Go: `InReview` (or `StateInReview`)",
            "Java: `State.IN_REVIEW`",
            "Rust: `State::InReview`",
        ],
        id="enum-added",
    ),
    pytest.param(
        _widen_integer,
        "format",
        ["Java: `Integer` → `Long`", "Rust: `i32` → `i64`"],
        id="format",
    ),
    pytest.param(
        _make_nullable,
        "now nullable",
        ["Go: `int` → `*int`", "Rust: `i32` → `Option<i32>`"],
        id="nullable",
    ),
]


@pytest.mark.parametrize(("mutation", "what", "clients"), CASES)
def test_the_entry_names_the_clients_changes(
    mutation: Mutation, what: str, clients: list[str]
) -> None:
    new = base()
    mutation(new)
    entries = [entry for entry in compare(base(), new) if what in entry.what]
    assert entries, [entry.line() for entry in compare(base(), new)]
    for expected in clients:
        assert any(expected in line for entry in entries for line in entry.clients), (
            expected,
            [entry.clients for entry in entries],
        )


def test_a_change_that_renames_nothing_names_no_client() -> None:
    new = base()
    schema(new, "Thing")["description"] = "Changed."
    assert all(entry.clients == () for entry in compare(base(), new))


def test_the_report_prints_the_clients_lines_under_their_entry() -> None:
    new = base()
    _rename_operation(new)
    report = text(
        compare(base(), new), "doc.yaml", "v1", ("1.0.0", "2.0.0"), Verdict(True, "ok", None)
    )
    lines = report.splitlines()
    at = next(i for i, line in enumerate(lines) if "operationId listThings → findThings" in line)
    assert lines[at + 2].strip() == "Java: `ThingsApi.listThings` → `ThingsApi.findThings`"


@pytest.mark.parametrize(
    ("old_version", "new_version", "clients"),
    [
        (
            "2.4.1",
            "3.0.0",
            (
                "Go: module `vps.org/snapshots-client-go/v2` → `vps.org/snapshots-client-go/v3`: "
                "change every import of it, and `go get vps.org/snapshots-client-go/v3@v3.0.0`",
            ),
        ),
        (
            "9.0.0",
            "10.0.0",
            (
                "Go: module `vps.org/snapshots-client-go/v9` → `vps.org/snapshots-client-go/v10`: "
                "change every import of it, and `go get vps.org/snapshots-client-go/v10@v10.0.0`",
            ),
        ),
        # Major 0 and 1 share the path: nothing moves.
        ("0.4.0", "1.0.0", None),
        ("2.0.0", "2.1.0", None),
    ],
)
def test_a_major_version_names_the_go_modules_new_path(
    old_version: str, new_version: str, clients: tuple[str, ...] | None
) -> None:
    old, new = base(), base()
    old["info"]["version"], new["info"]["version"] = old_version, new_version
    entries = compare(old, new)
    if clients is None:
        assert entries == []
        return
    (entry,) = entries
    assert entry.where == "info.version"
    assert entry.clients == clients
