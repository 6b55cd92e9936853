"""Compare two OpenAPI documents: every difference, sorted by what it means for clients."""

from __future__ import annotations

from spec_changes import bindings, layer
from spec_changes.comparison import Comparison
from spec_changes.document import label, used_components
from spec_changes.model import Direction, Entry, Json, merge
from spec_changes.operations import compare_paths, compare_servers
from spec_changes.rules import Severity
from spec_changes.schemas import compare_schema

_TOP_KEYS = frozenset(
    {"openapi", "info", "servers", "paths", "components", "security", "tags", "jsonSchemaDialect"}
)
_COMPONENT_KINDS = frozenset(
    {
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
    }
)
_SCHEME_KEYS = frozenset(
    {"type", "scheme", "bearerFormat", "in", "name", "flows", "openIdConnectUrl"}
)


def compare(old: Json, new: Json, severity: Severity | None = None) -> list[Entry]:
    """Every difference between ``old`` and ``new``, merged and sorted; ``info.version`` only
    where a new major version moves the Go module (the version gate checks the rest of it).
    Each at its rule's level, or the level ``severity`` gives the rule; a silenced one is left
    out (``compare_all`` has them)."""
    return compare_all(old, new, severity)[0]


def compare_all(
    old: Json, new: Json, severity: Severity | None = None
) -> tuple[list[Entry], list[Entry]]:
    """``compare``'s entries, and those the severity file silenced."""
    cmp = Comparison(old, new, severity or Severity())
    _info(cmp)
    compare_servers(cmp, "servers", old.get("servers"), new.get("servers"))
    _default_server(cmp)
    _tags(cmp)
    compare_paths(cmp)
    _security_schemes(cmp)
    _components(cmp)
    if old.get("openapi") != new.get("openapi"):
        what = f"OpenAPI version {old.get('openapi')} → {new.get('openapi')}"
        cmp.add("openapi-version-changed", "document", what)
    cmp.documentation("document", old, new, frozenset({"externalDocs"}))
    cmp.rest("document", old, new, _TOP_KEYS)
    return merge(cmp.changes), merge(cmp.silenced)


def _info(cmp: Comparison) -> None:
    old = {k: v for k, v in (cmp.old.get("info") or {}).items() if k != "version"}
    new = {k: v for k, v in (cmp.new.get("info") or {}).items() if k != "version"}
    # Title, contact, license and the rest describe the API; none changes a call.
    for key in sorted(old.keys() | new.keys()):
        if old.get(key) != new.get(key):
            how = "added" if key not in old else "removed" if key not in new else "changed"
            cmp.add("info-changed", "info", f"`{key}` {how}")
    _major_version(cmp)


def _major_version(cmp: Comparison) -> None:
    # A new major version is the answer to breaking changes, and it breaks Go code by itself:
    # the module moves to a path ending in /vN (Go's semantic import versioning), so every
    # import must change. Raising the major number is always enough for it.
    old = str((cmp.old.get("info") or {}).get("version"))
    new = str((cmp.new.get("info") or {}).get("version"))
    moved = bindings.module_moved(old, new)
    if moved:
        majors = f"{old.split('.')[0]} → {new.split('.')[0]}"
        what = f"major version {majors}: the Go module path changes"
        cmp.add("major-version-raised", "info.version", what, clients=moved)


def _default_server(cmp: Comparison) -> None:
    # The first server is the clients' default base URL, so reordering the list changes where
    # unchanged code sends its calls, though every server is still there.
    old, new = _first_url(cmp.old), _first_url(cmp.new)
    if old != new:
        cmp.add("default-server-changed", "servers", layer.default_server(old, new))


def _first_url(document: Json) -> str | None:
    servers = document.get("servers") or []
    return str(servers[0].get("url")) if servers else None


def _tags(cmp: Comparison) -> None:
    old = {tag["name"]: tag for tag in cmp.old.get("tags") or []}
    new = {tag["name"]: tag for tag in cmp.new.get("tags") or []}
    # The list of tags only describes them: what an operation is tagged with is compared
    # with the operation.
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) != new.get(name):
            how = "added" if name not in old else "removed" if name not in new else "changed"
            cmp.add("tag-changed", "tags", f"tag `{name}` {how}")


def _security_schemes(cmp: Comparison) -> None:
    old = (cmp.old.get("components") or {}).get("securitySchemes") or {}
    new = (cmp.new.get("components") or {}).get("securitySchemes") or {}
    for name in sorted(old.keys() | new.keys()):
        where = label(f"securitySchemes/{name}")
        if name not in new:
            cmp.add("security-scheme-removed", where, "removed")
        elif name not in old:
            cmp.add("security-scheme-added", where, "added")
        else:
            before, _ = cmp.follow_old(old[name])
            after, _ = cmp.follow_new(new[name])
            for key in sorted(_SCHEME_KEYS):
                if before.get(key) != after.get(key):
                    # Clients would send credentials the server no longer takes.
                    what = f"`{key}` {before.get(key, 'absent')} → {after.get(key, 'absent')}"
                    cmp.add("security-scheme-changed", where, what)
            cmp.documentation(where, before, after)
            cmp.rest(where, before, after, _SCHEME_KEYS)


def _components(cmp: Comparison) -> None:
    """Components that were added or removed, and those no operation uses, compared alone."""
    old_components = cmp.old.get("components") or {}
    new_components = cmp.new.get("components") or {}
    used = used_components(cmp.old) | used_components(cmp.new)
    for kind in sorted((old_components.keys() | new_components.keys()) - {"securitySchemes"}):
        if kind not in _COMPONENT_KINDS:
            continue
        old: dict[str, Json] = old_components.get(kind) or {}
        new: dict[str, Json] = new_components.get(kind) or {}
        for name in sorted(old.keys() | new.keys()):
            _component(cmp, kind, name, old.get(name), new.get(name), f"{kind}/{name}" in used)
    cmp.rest("components", old_components, new_components, _COMPONENT_KINDS)


def _component(cmp: Comparison, kind: str, name: str, old: Json, new: Json, used: bool) -> None:
    # Components the walk through the operations reached are reported there, with the
    # direction they travel in. The others (unused ones, or used only by an operation that was
    # added or removed) are compared here; a schema both ways, the worse one counting.
    key = f"{kind}/{name}"
    where = label(key)
    context = (
        "the component (its operations were added or removed)" if used else "no operation uses it"
    )
    if kind == "schemas":
        # The generated clients name a model class or a type after each component schema.
        if new is None:
            what = f"removed (with the type generated from it{layer.removed_schema(name)})"
            cmp.add("component-schema-removed", where, what)
        elif old is None:
            cmp.add("component-schema-added", where, "added")
        elif key not in cmp.reached:
            node = {"$ref": f"#/components/schemas/{name}"}
            for direction in Direction:
                compare_schema(cmp, node, node, where, direction, context)
        return
    if kind == "examples":
        if old != new:
            how = "added" if old is None else "removed" if new is None else "changed"
            cmp.add("component-example-changed", where, how)
    elif new is None:
        cmp.add("component-removed", where, "removed")
    elif old is None:
        cmp.add("component-added", where, "added")
    elif old != new and key not in cmp.reached:
        cmp.add("component-changed", where, f"changed ({context})")
