"""Compare the paths: operations, their parameters, request bodies, responses and security.

Operations are matched by method and path template with the parameter names blanked, so a
renamed path parameter shows as that parameter removed and another added (the generated
clients' argument names change) rather than as a removed operation.
"""

from __future__ import annotations

import re

from spec_changes import bindings, layer
from spec_changes.comparison import Comparison
from spec_changes.document import follow, label
from spec_changes.model import Direction, Json
from spec_changes.rules import schema_rule
from spec_changes.schemas import Follow, compare_schema, flatten

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PATH_ITEM_KEYS = frozenset({*METHODS, "parameters", "servers", "$ref"})
_OPERATION_KEYS = frozenset(
    {
        "operationId",
        "tags",
        "parameters",
        "requestBody",
        "responses",
        "security",
        "deprecated",
        "servers",
    }
)
_PARAMETER_KEYS = frozenset({"name", "in", "required", "schema", "deprecated"})
_SERIALIZATION_KEYS = ("style", "explode", "allowReserved", "allowEmptyValue")
_BODY_KEYS = frozenset({"required", "content"})
_MEDIA_KEYS = frozenset({"schema"})
_RESPONSE_KEYS = frozenset({"content", "headers", "links"})
_HEADER_KEYS = frozenset({"required", "schema", "deprecated"})
# The parameters the layer's Python methods take as arguments.
_ARGUMENTS = ("path", "query")


def compare_paths(cmp: Comparison) -> None:
    old_paths = _by_template(cmp.old.get("paths") or {})
    new_paths = _by_template(cmp.new.get("paths") or {})
    for template in sorted(old_paths.keys() | new_paths.keys()):
        if template not in new_paths:
            path, item = old_paths[template]
            for method in _methods(item):
                what = "operation removed" + layer.removed_operation(item[method])
                cmp.add("operation-removed", f"{method.upper()} {path}", what)
        elif template not in old_paths:
            path, item = new_paths[template]
            for method in _methods(item):
                cmp.add("operation-added", f"{method.upper()} {path}", "operation added")
        else:
            _compare_path_item(cmp, old_paths[template], new_paths[template])


def _by_template(paths: Json) -> dict[str, tuple[str, Json]]:
    return {re.sub(r"\{[^}]*\}", "{}", path): (path, item) for path, item in paths.items()}


def _methods(item: Json) -> list[str]:
    return [method for method in METHODS if method in item]


def _compare_path_item(cmp: Comparison, old: tuple[str, Json], new: tuple[str, Json]) -> None:
    (_, old_item), (path, new_item) = old, new
    old_item, _ = cmp.follow_old(old_item)
    new_item, _ = cmp.follow_new(new_item)
    where = f"path {path}"
    cmp.documentation(where, old_item, new_item)
    compare_servers(cmp, where, old_item.get("servers"), new_item.get("servers"))
    cmp.rest(where, old_item, new_item, _PATH_ITEM_KEYS)
    for method in METHODS:
        op_where = f"{method.upper()} {path}"
        if method in old_item and method not in new_item:
            what = "operation removed" + layer.removed_operation(old_item[method])
            cmp.add("operation-removed", op_where, what)
        elif method in new_item and method not in old_item:
            cmp.add("operation-added", op_where, "operation added")
        elif method in old_item:
            _Operation(cmp, op_where, old_item, new_item, method).compare()


def compare_servers(cmp: Comparison, where: str, old: Json, new: Json) -> None:
    old_servers = {server["url"]: server for server in old or []}
    new_servers = {server["url"]: server for server in new or []}
    for url in sorted(old_servers.keys() | new_servers.keys()):
        if url not in new_servers:
            cmp.add("server-removed", where, f"server {url} removed")
        elif url not in old_servers:
            cmp.add("server-added", where, f"server {url} added")
        elif old_servers[url] != new_servers[url]:
            before, after = old_servers[url], new_servers[url]
            cmp.documentation(f"{where} server {url}", before, after)
            cmp.rest(f"{where} server {url}", before, after, frozenset({"url"}))


def security_text(requirements: frozenset[frozenset[tuple[str, tuple[str, ...]]]]) -> str:
    alternatives = []
    for alternative in requirements:
        schemes = [
            name + (f" [{', '.join(scopes)}]" if scopes else "")
            for name, scopes in sorted(alternative)
        ]
        alternatives.append(" and ".join(schemes) or "none")
    return " or ".join(sorted(alternatives)) or "none"


def _security(requirements: Json) -> frozenset[frozenset[tuple[str, tuple[str, ...]]]]:
    # An empty list means no authentication: the one alternative that needs nothing.
    alternatives = requirements or [{}]
    return frozenset(
        frozenset((name, tuple(sorted(scopes))) for name, scopes in alt.items())
        for alt in alternatives
    )


class _Operation:
    """One operation present in both documents."""

    def __init__(
        self, cmp: Comparison, where: str, old_item: Json, new_item: Json, method: str
    ) -> None:
        self.cmp = cmp
        self.old_item, self.new_item = old_item, new_item
        self.old: Json = old_item[method]
        self.new: Json = new_item[method]
        self.old_id: str | None = self.old.get("operationId")
        name = self.new.get("operationId") or self.old_id
        self.where = f"{where} ({name})" if name else where
        self.name = name or where

    def add(self, rule: str, what: str, context: str = "", clients: tuple[str, ...] = ()) -> None:
        self.cmp.add(rule, self.where, what, context, clients)

    def compare(self) -> None:
        old, new = self.old, self.new
        if old.get("operationId") != new.get("operationId"):
            # The generated clients name the operation's function after it, and the layer its
            # methods.
            old_id, new_id = old.get("operationId"), new.get("operationId")
            what = f"operationId {old_id} → {new_id}{layer.renamed_operation(old_id, new_id)}"
            tag = next(iter(new.get("tags", [])), "Default")
            clients = bindings.operation_renamed(str(old_id), str(new_id), tag)
            self.add("operation-id-changed", what, clients=clients)
        if sorted(old.get("tags", [])) != sorted(new.get("tags", [])):
            # The generated Python client puts each operation in a module named after its tag.
            what = f"tags {old.get('tags', [])} → {new.get('tags', [])}"
            clients = bindings.tags_changed(self.name, old.get("tags", []), new.get("tags", []))
            self.add("operation-tags-changed", what, clients=clients)
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            if new.get("deprecated"):
                self.add("operation-became-deprecated", "now deprecated")
            else:
                self.add("operation-no-longer-deprecated", "no longer deprecated")
        self.cmp.documentation(self.where, old, new)
        compare_servers(self.cmp, self.where, old.get("servers"), new.get("servers"))
        self.parameters()
        self.request_body()
        self.responses()
        self.security()
        self.cmp.rest(self.where, old, new, _OPERATION_KEYS)

    def parameters(self) -> None:
        old = _parameters(self.cmp.follow_old, self.old_item, self.old)
        new = _parameters(self.cmp.follow_new, self.new_item, self.new)
        for key in sorted(old.keys() | new.keys()):
            place, name = key
            if key not in new:
                note = layer.removed_argument(self.old_id, name) if place in _ARGUMENTS else ""
                self.add("request-parameter-removed", f"{place} parameter `{name}` removed{note}")
            elif key not in old:
                kind = "required" if new[key][0].get("required") else "optional"
                rule = f"request-{kind}-parameter-added"
                self.add(rule, f"{kind} {place} parameter `{name}` added")
            else:
                self.parameter(key, old[key], new[key])

    def parameter(
        self, key: tuple[str, str], old: tuple[Json, str | None], new: tuple[Json, str | None]
    ) -> None:
        place, name = key
        (before, old_label), (after, new_label) = old, new
        where = new_label or old_label or f"{self.where} {place} parameter `{name}`"
        context = f"{self.name} {place} parameter {name}"
        if bool(before.get("required")) != bool(after.get("required")):
            if after.get("required"):
                self.cmp.add("request-parameter-became-required", where, "now required", context)
            else:
                rule = "request-parameter-became-optional"
                self.cmp.add(rule, where, "no longer required", context)
        if bool(before.get("deprecated")) != bool(after.get("deprecated")):
            if after.get("deprecated"):
                rule, now = "request-parameter-became-deprecated", "now deprecated"
            else:
                rule, now = "request-parameter-no-longer-deprecated", "no longer deprecated"
            self.cmp.add(rule, where, now, context)
        for setting in _SERIALIZATION_KEYS:
            if before.get(setting) != after.get(setting):
                was, now = before.get(setting, "default"), after.get(setting, "default")
                what = f"`{setting}` {was} → {now} (serialization)"
                self.cmp.add("request-parameter-serialization-changed", where, what, context)
        compare_schema(
            self.cmp,
            before.get("schema", {}),
            after.get("schema", {}),
            where,
            Direction.REQUEST,
            context,
        )
        self.cmp.documentation(where, before, after)
        known = _PARAMETER_KEYS | set(_SERIALIZATION_KEYS)
        self.cmp.rest(where, before, after, frozenset(known), context)

    def request_body(self) -> None:
        old, new = self.old.get("requestBody"), self.new.get("requestBody")
        if old is None and new is None:
            return
        context = f"{self.name} request body"
        if old is None:
            body, _ = self.cmp.follow_new(new)
            kind = "required" if body.get("required") else "optional"
            self.add(f"request-{kind}-body-added", f"{kind} request body added")
            return
        if new is None:
            self.add("request-body-removed", "request body removed")
            return
        before, old_chain = self.cmp.follow_old(old)
        after, new_chain = self.cmp.follow_new(new)
        chain = new_chain or old_chain
        where = label(chain[-1]) if chain else f"{self.where} request body"
        if bool(before.get("required")) != bool(after.get("required")):
            if after.get("required"):
                self.cmp.add("request-body-became-required", where, "now required", context)
            else:
                self.cmp.add("request-body-became-optional", where, "no longer required", context)
        self.content(where, before.get("content"), after.get("content"), Direction.REQUEST, context)
        self.cmp.documentation(where, before, after)
        self.cmp.rest(where, before, after, _BODY_KEYS, context)
        # The layer's Python method takes the JSON body's properties as its arguments.
        removed = _body_properties(self.cmp.old, before) - _body_properties(self.cmp.new, after)
        for name in sorted(removed):
            note = layer.removed_argument(self.old_id, name)
            self.add(
                "request-body-property-removed", f"request body property `{name}` removed{note}"
            )

    def content(self, where: str, old: Json, new: Json, direction: Direction, context: str) -> None:
        old, new = old or {}, new or {}
        for media_type in sorted(old.keys() | new.keys()):
            if media_type not in new:
                rule = schema_rule(direction, "media-type-removed")
                self.cmp.add(rule, where, f"media type {media_type} removed", context)
            elif media_type not in old:
                rule = schema_rule(direction, "media-type-added")
                self.cmp.add(rule, where, f"media type {media_type} added", context)
            else:
                before, after = old[media_type], new[media_type]
                compare_schema(
                    self.cmp,
                    before.get("schema", {}),
                    after.get("schema", {}),
                    where,
                    direction,
                    context,
                )
                self.examples(where, before, after)
                self.cmp.rest(where, before, after, _MEDIA_KEYS, context)

    def examples(self, where: str, old: Json, new: Json) -> None:
        # A referenced example's own text is compared once, with the components; here only
        # which examples a body lists, and the inline ones.
        if old.get("example") != new.get("example"):
            self.cmp.add("example-changed", where, "example changed")
        before: dict[str, Json] = old.get("examples") or {}
        after: dict[str, Json] = new.get("examples") or {}
        for name in sorted(before.keys() | after.keys()):
            if before.get(name) != after.get(name):
                how = (
                    "added" if name not in before else "removed" if name not in after else "changed"
                )
                self.cmp.add("example-changed", where, f"example `{name}` {how}")

    def responses(self) -> None:
        old: dict[str, Json] = {str(k): v for k, v in self.old.get("responses", {}).items()}
        new: dict[str, Json] = {str(k): v for k, v in self.new.get("responses", {}).items()}
        old_success = sorted(s for s in old if s.startswith("2"))
        new_success = sorted(s for s in new if s.startswith("2"))
        removed = [s for s in old_success if s not in new]
        added = [s for s in new_success if s not in old]
        if removed or added:
            if old_success:
                # Clients check for the status they were told about; any other fails them.
                what = f"success status {', '.join(old_success)} → {', '.join(new_success)}"
                self.add("success-status-changed", what + layer.success_statuses(added))
            else:
                self.add("success-response-added", f"success response {', '.join(added)} added")
            if len(removed) == 1 and len(added) == 1:
                self.response(removed[0], added[0], old[removed[0]], new[added[0]])
        for status in sorted(old.keys() | new.keys()):
            if status.startswith("2") and (status in removed or status in added):
                continue
            if status not in new:
                # Clients that handle this error lose its parsed body and their branch for it.
                what = f"error response {status} removed{layer.error_status(status, False)}"
                self.add("error-response-removed", what)
            elif status not in old:
                what = f"error response {status} added{layer.error_status(status, True)}"
                self.add("error-response-added", what)
            else:
                self.response(status, status, old[status], new[status])

    def response(self, old_status: str, new_status: str, old: Json, new: Json) -> None:
        before, old_chain = self.cmp.follow_old(old)
        after, new_chain = self.cmp.follow_new(new)
        chain = new_chain or old_chain
        where = label(chain[-1]) if chain else f"{self.where} response {new_status}"
        context = f"{self.name} response {new_status}"
        old_content, new_content = before.get("content"), after.get("content")
        if old_content and not new_content:
            self.cmp.add("response-body-removed", where, "response body removed", context)
        elif new_content and not old_content:
            self.cmp.add("response-body-added", where, "response body added", context)
        else:
            self.content(where, old_content, new_content, Direction.RESPONSE, context)
        self.headers(where, before.get("headers") or {}, after.get("headers") or {}, context)
        self.links(where, before.get("links") or {}, after.get("links") or {})
        self.cmp.documentation(where, before, after)
        self.cmp.rest(where, before, after, _RESPONSE_KEYS, context)

    def headers(self, where: str, old: Json, new: Json, context: str) -> None:
        old = {name.lower(): header for name, header in old.items()}
        new = {name.lower(): header for name, header in new.items()}
        for name in sorted(old.keys() | new.keys()):
            if name not in new:
                self.cmp.add("response-header-removed", where, f"header `{name}` removed", context)
            elif name not in old:
                self.cmp.add("response-header-added", where, f"header `{name}` added", context)
            else:
                before, _ = self.cmp.follow_old(old[name])
                after, _ = self.cmp.follow_new(new[name])
                at = f"{where} header `{name}`"
                if bool(before.get("required")) != bool(after.get("required")):
                    if after.get("required"):
                        rule, now = "response-header-became-required", "now always sent"
                    else:
                        rule, now = "response-header-became-optional", "no longer always sent"
                    self.cmp.add(rule, at, now, context)
                schemas = before.get("schema", {}), after.get("schema", {})
                compare_schema(self.cmp, *schemas, at, Direction.RESPONSE, context)
                self.cmp.documentation(at, before, after)
                self.cmp.rest(at, before, after, _HEADER_KEYS, context)

    def links(self, where: str, old: Json, new: Json) -> None:
        # Links drive the contract tests' call sequences; no generated client code uses them.
        for name in sorted(old.keys() | new.keys()):
            if name not in new:
                self.cmp.add("link-removed", where, f"link `{name}` removed")
            elif name not in old:
                self.cmp.add("link-added", where, f"link `{name}` added")
            else:
                before, _ = self.cmp.follow_old(old[name])
                after, _ = self.cmp.follow_new(new[name])
                if _without(before, "description") != _without(after, "description"):
                    self.cmp.add("link-changed", where, f"link `{name}` changed")
                elif before != after:
                    self.cmp.add(
                        "link-description-changed", where, f"link `{name}` description changed"
                    )

    def security(self) -> None:
        # An operation without `security` has the document's.
        old = self.old.get("security", self.cmp.old.get("security", []))
        new = self.new.get("security", self.cmp.new.get("security", []))
        before, after = _security(old), _security(new)
        if before == after:
            return
        what = f"security {security_text(before)} → {security_text(after)}"
        if after > before:
            self.add("security-alternative-added", what + " (another way to authenticate)")
        else:
            self.add("security-changed", what)


def _parameters(
    follow: Follow, item: Json, operation: Json
) -> dict[tuple[str, str], tuple[Json, str | None]]:
    """The operation's parameters by (in, name), the path item's overridden by its own."""
    found: dict[tuple[str, str], tuple[Json, str | None]] = {}
    for node in (*item.get("parameters", []), *operation.get("parameters", [])):
        parameter, chain = follow(node)
        where = label(chain[-1]) if chain else None
        found[(parameter["in"], parameter["name"])] = (parameter, where)
    return found


def _body_properties(document: Json, body: Json) -> frozenset[str]:
    node = ((body.get("content") or {}).get("application/json") or {}).get("schema") or {}
    schema, _ = follow(document, node)
    flat = flatten(schema, lambda part: follow(document, part))
    return frozenset(flat.get("properties") or {})


def _without(mapping: Json, key: str) -> Json:
    return {k: v for k, v in mapping.items() if k != key}
