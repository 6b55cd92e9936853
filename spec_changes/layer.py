"""What the clients' hand-written layer takes from the document, and how the report names it.

The layer (``SnapshotsClient`` and the errors of each target, written in the folders
scripts/targets/ names, see docs/clients.md) is written by hand, but some of its public names
and behaviour are the document's, so a change of the document renames or removes them as it does
the generated functions and classes:

- one method per operation on every target's ``SnapshotsClient`` (and Python's
  ``AsyncSnapshotsClient``), named after the operationId as the registry's ``Layer.method_case``
  says (Python snake_case and TypeScript camelCase as their generators name the functions, Go
  PascalCase as oapi-codegen's ``Client`` methods, which Go's layer calls, Java camelCase as the
  generated ``SnapshotsApi``'s, Rust snake_case); in Python it takes the operation's path and
  query parameters, and the properties of its JSON request body, as arguments of the same names;
- ``wait_for_snapshot`` / ``waitForSnapshot`` polls the operation ``listSnapshots``, takes its
  query parameter ``server_id`` (``server_id=`` / ``serverId``), returns at the snapshot status
  ``completed`` and raises ``SnapshotFailedError`` at ``failed`` (schema ``SnapshotStatus``);
- ``APIStatusError.error_code`` / ``errorCode`` gives the codes of schema ``ErrorCode`` as the
  generated ``ErrorCode`` (a Python enum member, a TypeScript string literal);
- which answers raise ``UndocumentedStatusError`` follows each operation's documented statuses,
  and ``DEFAULT_BASE_URL`` (the default ``base_url`` / ``baseUrl``) is the first server's URL
  (``_document.py`` / ``documented.ts``, written from the document at generation).

Every target of the registry is named, so a new target's layer is in the report as soon as it is
registered. tests/changes/test_layer_names.py (and test_java_layer_names.py) checks these facts
against the layers and the project's document, so that a change of a layer that makes one untrue
fails there instead of leaving the report wrong.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Callable

from scripts import targets
from scripts.targets import Target
from spec_changes.bindings import camel, pascal, snake
from spec_changes.model import Json

WAIT_OPERATION = "listSnapshots"
WAIT_FILTER = "server_id"
WAIT = "wait_for_snapshot / waitForSnapshot"
STATUS_SCHEMA = "schema SnapshotStatus"
ERROR_CODE_SCHEMA = "schema ErrorCode"
UNDOCUMENTED = "UndocumentedStatusError"
# What the wait helper does at each status it names.
_WAIT_STATUSES = {
    '"completed"': f"{WAIT} return the snapshot when it is reached",
    '"failed"': f"{WAIT} raise SnapshotFailedError for it",
}
# The delimiters openapi-python-client's `snake_case` splits on (its strings.DELIMITERS).
_DELIMITERS = ". _-"


def _words(name: str) -> list[str]:
    # The generators' own splitting (openapi-python-client's `split_words`); written here because
    # the changes session installs only PyYAML, and tests/changes compares it with the real one.
    kept = "".join(c for c in name if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)
    if any(c.isupper() for c in kept):
        kept = " ".join(re.split("([A-Z]?[a-z]+)", kept))
    return re.findall(rf"[^{re.escape(_DELIMITERS)}]+", kept)


def python_method(operation_id: str) -> str:
    name = "_".join(_words(operation_id)).lower()
    # The generator suffixes Python's keywords and builtins (its `fix_reserved_words`).
    reserved = (set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}
    return f"{name}_" if name in reserved or keyword.iskeyword(name) else name


def typescript_method(operation_id: str) -> str:
    words = [word.lower() for word in _words(operation_id)]
    return words[0] + "".join(word.capitalize() for word in words[1:]) if words else ""


# How each layer names an operation's method (scripts/targets/, `Layer.method_case`): after
# the generator whose functions the layer mirrors, or in the language's usual case.
CASES: dict[str, Callable[[str], str]] = {
    "openapi-python-client": python_method,
    "openapi-ts": typescript_method,
    "pascal": pascal,
    "camel": camel,
    "snake": snake,
}


def method(target: Target, operation_id: str) -> str:
    """The name of the method `target`'s layer has for the operation `operation_id`."""
    return CASES[target.layer.method_case](operation_id)


def _clients(target: Target) -> str:
    """Who has the method, as the report says it: (Python, and AsyncSnapshotsClient's)."""
    others = "".join(f", and {client}'s" for client in target.layer.clients[1:])
    return f"({target.label}{others})"


def _methods(operation_id: str) -> str:
    named = [
        f"{target.layer.clients[0]}.{method(target, operation_id)} {_clients(target)}"
        for target in targets.TARGETS.values()
    ]
    return ", ".join(named[:-1]) + " and " + named[-1]


def renamed_operation(old_id: str | None, new_id: str | None) -> str:
    """What a changed operationId does to the layer's methods (appended to the report's line)."""
    if not old_id or not new_id:
        return ""
    renamed = []
    for target in targets.TARGETS.values():
        old, new = method(target, old_id), method(target, new_id)
        if old != new:
            renamed.append(f"{target.layer.clients[0]}.{old} → {new} {_clients(target)}")
    if not renamed:
        kept = dict.fromkeys(method(target, old_id) for target in targets.TARGETS.values())
        return f"; the layer's methods keep their names ({', '.join(kept)})"
    return "; the layer's " + ", ".join(renamed)


def removed_operation(operation: Json) -> str:
    """What removing an operation removes from the layer."""
    operation_id = operation.get("operationId")
    if not operation_id:
        return ""
    text = f" (with the layer's {_methods(operation_id)}"
    if operation_id == WAIT_OPERATION:
        text += f", and the call {WAIT} polls"
    return text + ")"


def removed_argument(operation_id: str | None, name: str) -> str:
    """A parameter or body property that is an argument of the layer's Python method."""
    if not operation_id:
        return ""
    text = f" (an argument of the layer's SnapshotsClient.{python_method(operation_id)}"
    if operation_id == WAIT_OPERATION and name == WAIT_FILTER:
        text += ", and wait_for_snapshot's `server_id` / waitForSnapshot's `serverId`"
    return text + ")"


def removed_enum_values(where: str, values: list[str]) -> str:
    """Enum values (as the report shows them, JSON) the layer names or relies on."""
    if where == ERROR_CODE_SCHEMA:
        them = "them" if len(values) > 1 else "it"
        return f" (the layer's APIStatusError.error_code / errorCode no longer gives {them})"
    notes = [_WAIT_STATUSES[value] for value in values if value in _WAIT_STATUSES]
    if where == STATUS_SCHEMA and notes:
        return f" ({'; '.join(notes)})"
    return ""


def removed_schema(name: str) -> str:
    """A component schema the layer reads by its name."""
    if f"schema {name}" == ERROR_CODE_SCHEMA:
        return "; the layer's APIStatusError.error_code / errorCode returns it"
    if f"schema {name}" == STATUS_SCHEMA:
        return f"; {WAIT} read it"
    return ""


def error_status(status: str, added: bool) -> str:
    """An error status the regenerated layer now treats as documented, or no longer."""
    if not status.isdigit():  # ranges (4XX) and `default` are not in the layer's lists
        return ""
    if added:
        return f" (regenerated, the layer no longer raises {UNDOCUMENTED} for a {status})"
    return f" (regenerated, the layer raises {UNDOCUMENTED} for a {status})"


def success_statuses(added: list[str]) -> str:
    """New success statuses, which the layer of clients made before does not take for success."""
    codes = [status for status in added if status.isdigit()]
    if not codes:
        return ""
    return f" (the layer of clients made before raises {UNDOCUMENTED} for a {', '.join(codes)})"


def default_server(old: str | None, new: str | None) -> str:
    return (
        f"default server {old or 'none'} → {new or 'none'} (the layer's DEFAULT_BASE_URL and the "
        "generated TypeScript client's baseUrl: code that gives no base URL calls another server)"
    )
