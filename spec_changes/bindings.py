"""What a change of the document renames or retypes in the Go, Java and Rust clients, and
which command of the command-line tool and which MCP tool a renamed operation renames.

The report's entries (``Change.clients``) carry these lines, so that a reader of the Go, Java
or Rust client sees which of its names a release changes: an operationId names a method or
function, a tag the Java class and Rust module that hold the operations, a schema the model
type, an enum value a constant, and a schema's type and format the field's type. The names
follow the generators' rules as this project configures them (scripts/targets/go.py: oapi-
codegen; scripts/targets/java.py and rust.py: openapi-generator); tests/bindings compiles the
clients, and tests/changes/test_client_names.py pins these rules on small document pairs.

A major version changes one more name: the Go module path ends in /vN from version 2 on (Go's
semantic import versioning), so every Go import of the client changes. That path is computed in
one place, scripts/targets/go.py's ``module_path``, which the report reads too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from scripts import targets
from scripts.targets import GeneratedNames, Target
from scripts.targets.go import module_path
from spec_changes.versioning import Version

Json = Any


def _targets() -> list[Target]:
    # The registry's targets whose generated names the report gives, in its order.
    return targets.with_generated_names()


def _names(target: Target) -> GeneratedNames:
    assert target.generated_names is not None
    return target.generated_names


def _words(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return [word for word in re.split(r"[^A-Za-z0-9]+", spaced) if word]


def pascal(name: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in _words(name))


def camel(name: str) -> str:
    text = pascal(name)
    return text[:1].lower() + text[1:]


def snake(name: str) -> str:
    return "_".join(word.lower() for word in _words(name))


def upper_snake(name: str) -> str:
    return snake(name).upper()


def _pairs(old: dict[str, str], new: dict[str, str]) -> tuple[str, ...]:
    labels = [(target.name, target.label) for target in _targets()]
    return tuple(
        f"{label}: `{old[key]}` → `{new[key]}`"
        for key, label in [*labels, *((tool.label, tool.label) for tool in targets.TOOLS.values())]
        if key in old and old[key] != new[key]
    )


def _cases(name: str) -> dict[str, str]:
    """The ways the generators' templates may spell `name` (GeneratedNames)."""
    return {
        "pascal": pascal(name),
        "camel": camel(name),
        "snake": snake(name),
        "upper": upper_snake(name),
    }


def _operation(operation_id: str, tag: str) -> dict[str, str]:
    tags = {"tag_pascal": pascal(tag), "tag_snake": snake(tag)}
    return {
        **{
            target.name: _names(target).operation.format(**_cases(operation_id), **tags)
            for target in _targets()
        },
        # Beside the clients, the command-line tool's command and the MCP server's tool
        # (docs/cli.md, docs/mcp.md): a renamed operation renames both.
        **{
            tool.label: f"{tool.kind} {targets.resolve(tool.named)(operation_id)}"
            for tool in targets.TOOLS.values()
        },
    }


def operation_renamed(old_id: str, new_id: str, tag: str) -> tuple[str, ...]:
    """The method or function each client names after the operationId."""
    return _pairs(_operation(old_id, tag), _operation(new_id, tag))


def tags_changed(
    operation_id: str, old_tags: Iterable[str], new_tags: Iterable[str]
) -> tuple[str, ...]:
    """Java and Rust group the operations by their first tag (Go has one client for all)."""
    old_tag, new_tag = next(iter(old_tags), "Default"), next(iter(new_tags), "Default")
    return _pairs(_operation(operation_id, old_tag), _operation(operation_id, new_tag))


def _model(schema: str) -> dict[str, str]:
    return {target.name: _names(target).model.format(**_cases(schema)) for target in _targets()}


def module_moved(old_version: str, new_version: str) -> tuple[str, ...]:
    """What Go users must do when a new major version moves the module to another path; the
    other clients keep their package names (their versions follow info.version)."""
    try:
        before, after = Version.parse(old_version), Version.parse(new_version)
    except ValueError:  # the version gate reports a version that is not MAJOR.MINOR.PATCH
        return ()
    old, new = module_path(str(before)), module_path(str(after))
    # A version that goes down is the gate's to refuse, not a move to report.
    if old == new or after.major < before.major:
        return ()
    return (
        f"Go: module `{old}` → `{new}`: change every import of it, and "
        f"`go get {new}@v{new_version}`",
    )


def model_renamed(old_schema: str, new_schema: str) -> tuple[str, ...]:
    """The model type each client generates from a component schema."""
    return _pairs(_model(old_schema), _model(new_schema))


def enum_values(schema: str | None, values: Iterable[str]) -> tuple[str, ...]:
    """The constants each client generates for enum values of the component `schema`."""
    if schema is None:
        return ()
    shown = sorted(values)
    return tuple(
        f"{target.label}: "
        + ", ".join(
            _names(target).enum_value.format(**_cases(value), schema=pascal(schema))
            for value in shown
        )
        for target in _targets()
    )


def _types(schema: Json) -> list[str]:
    declared = schema.get("type", [])
    return [declared] if isinstance(declared, str) else sorted(declared)


def type_names(schema: Json) -> dict[str, str] | None:
    """The type of a field of this (resolved) schema in each client; None for what is not one
    scalar type (objects, arrays and unions are named by their own schemas)."""
    types = _types(schema)
    nullable = "null" in types
    scalar = [kind for kind in types if kind != "null"]
    if len(scalar) != 1:
        return None
    fmt = schema.get("format")
    names = {}
    for target in _targets():
        table = _names(target).types
        name = table.get((scalar[0], fmt)) or table.get((scalar[0], None))
        if name is None:
            return None
        names[target.name] = _names(target).nullable.format(name) if nullable else name
    return names


def retyped(old: Json, new: Json) -> tuple[str, ...]:
    """How a field's type changes in each client when its schema's type or format changes."""
    before, after = type_names(old), type_names(new)
    if before is None or after is None:
        return ()
    return _pairs(before, after)
