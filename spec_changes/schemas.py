"""Compare two JSON Schemas (OpenAPI 3.1) as seen by a client, in a request or in a response.

The direction decides most rules (``spec_changes.rules`` gives each its identifier and class).
In a request the server checks the value, so a constraint that narrows (a lower `maxLength`, a
higher `minimum`, a longer `pattern`, a removed enum value, a new required property) refuses
what clients send today: breaking. In a response the document is a promise to clients about
what they will receive, so there a constraint that widens is breaking: a wider type, a new enum
value (the Python client builds an ``Enum`` that raises on an unknown value), a property that
may now be missing, and a limit that lets through values clients were told they would never see
(a ``minimum`` lowered from 0 to -1: code that sized a buffer or a progress bar by it breaks,
whether or not the generated parser checks it; oasdiff calls this breaking too since 1.31).
Removing something (a property, an enum value, a ``oneOf`` variant) is breaking either way: the
generated code loses the attribute or member that client code names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from fractions import Fraction

from spec_changes import bindings, layer
from spec_changes.comparison import Comparison
from spec_changes.document import label, ref_name
from spec_changes.model import Direction, Json
from spec_changes.patterns import Relation, relation
from spec_changes.rules import LIMITS, limit_name, schema_rule

_MAXIMA = tuple(keyword for keyword, (_, is_maximum) in LIMITS.items() if is_maximum)
_MINIMA = tuple(keyword for keyword, (_, is_maximum) in LIMITS.items() if not is_maximum)
_KNOWN = frozenset(
    {
        "$ref",
        "allOf",
        "type",
        "nullable",
        "format",
        "enum",
        "const",
        "pattern",
        "multipleOf",
        "uniqueItems",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "oneOf",
        "anyOf",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        *_MAXIMA,
        *_MINIMA,
    }
)

Follow = Callable[[Json], tuple[Json, tuple[str, ...]]]


def compare_schema(
    cmp: Comparison,
    old_node: Json,
    new_node: Json,
    where: str,
    direction: Direction,
    context: str,
    _stack: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """Add to ``cmp`` every difference between two schemas (or `$ref`s to schemas)."""
    old, old_chain = cmp.follow_old(old_node)
    new, new_chain = cmp.follow_new(new_node)
    _compare_names(cmp, old_node, new_node, old, new, where, direction, context)
    if new_chain or old_chain:
        where = label((new_chain or old_chain)[-1])
    key = (id(old), id(new))
    if key in _stack:  # a recursive schema: this pair is being compared further up
        return
    stack = _stack | {key}
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old != new:
            rule = schema_rule(direction, "schema-changed")
            cmp.add(rule, where, f"schema {old!r} → {new!r}", context)
        return
    if _parts_line_up(old, new):
        # Same parts in the same places: compare part by part, so that a change to a shared
        # part is reported once, under its own name.
        for old_part, new_part in zip(old["allOf"], new["allOf"], strict=True):
            compare_schema(cmp, old_part, new_part, where, direction, context, stack)
        old = {k: v for k, v in old.items() if k != "allOf"}
        new = {k: v for k, v in new.items() if k != "allOf"}
    else:
        old = flatten(old, cmp.follow_old)
        new = flatten(new, cmp.follow_new)
    rules = _Rules(cmp, where, direction, context, stack)
    rules.types(old, new)
    rules.format(old, new)
    rules.enum(old, new)
    rules.limits(old, new)
    rules.properties(old, new)
    rules.additional_properties(old, new)
    rules.items(old, new)
    rules.variants(old, new)
    rules.flags(old, new)
    cmp.documentation(where, old, new)
    cmp.rest(where, old, new, _KNOWN, context)


def flatten(schema: Json, follow: Follow) -> Json:
    """Fold ``allOf`` into one schema: properties merged, `required` joined, other keys kept.

    Used when the parts of the two schemas do not line up (one was added, removed or
    replaced), so that a property moved from one part to another is not reported as removed.
    Where two parts constrain the same property, the property becomes their own ``allOf``, so
    the comparison still sees both.
    """
    if not isinstance(schema, dict) or "allOf" not in schema:
        return schema
    merged: dict[str, Json] = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema["allOf"]:
        resolved, _ = follow(part)
        for key, value in flatten(resolved, follow).items():
            if key == "properties":
                properties = dict(merged.get("properties", {}))
                for name, prop in value.items():
                    properties[name] = (
                        {"allOf": [properties[name], prop]} if name in properties else prop
                    )
                merged["properties"] = properties
            elif key == "required":
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
            else:
                merged.setdefault(key, value)
    return merged


def _parts_line_up(old: Json, new: Json) -> bool:
    old_parts, new_parts = old.get("allOf"), new.get("allOf")
    if not isinstance(old_parts, list) or not isinstance(new_parts, list):
        return False
    return [ref_name(p) for p in old_parts] == [ref_name(p) for p in new_parts]


def _compare_names(
    cmp: Comparison,
    old_node: Json,
    new_node: Json,
    old: Json,
    new: Json,
    where: str,
    direction: Direction,
    ctx: str,
) -> None:
    # Generated clients name a model class after the schema it comes from: a different name
    # is a different class, even when the shape is the same.
    old_name, new_name = ref_name(old_node), ref_name(new_node)
    if old_name == new_name:
        return
    if old_name and new_name:
        what = f"now refers to {label(new_name)} instead of {label(old_name)} (a renamed model)"
        clients = bindings.model_renamed(old_name.rsplit("/", 1)[-1], new_name.rsplit("/", 1)[-1])
        cmp.add(schema_rule(direction, "model-renamed"), where, what, ctx, clients)
    elif old_name and _is_model(old):
        what = f"{label(old_name)} replaced by an inline schema"
        cmp.add(schema_rule(direction, "model-inlined"), where, what, ctx)
    elif new_name and _is_model(new):
        what = f"inline schema replaced by {label(new_name)}"
        cmp.add(schema_rule(direction, "model-extracted"), where, what, ctx)


def _is_model(schema: Json) -> bool:
    return isinstance(schema, dict) and any(k in schema for k in ("properties", "enum", "allOf"))


def _types(schema: Json) -> frozenset[str] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    types = {declared} if isinstance(declared, str) else set(declared)
    if schema.get("nullable") is True:  # OpenAPI 3.0's spelling of "null" in the type
        types.add("null")
    return frozenset(types)


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _show(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _show_types(types: frozenset[str] | None) -> str:
    if types is None:
        return "any"
    return " | ".join(sorted(types))


class _Rules:
    """The rules for one pair of (resolved, flattened) schemas."""

    def __init__(
        self,
        cmp: Comparison,
        where: str,
        direction: Direction,
        context: str,
        stack: frozenset[tuple[int, int]],
    ) -> None:
        self.cmp = cmp
        self.where = where
        self.direction = direction
        self.context = context
        self.stack = stack

    @property
    def request(self) -> bool:
        return self.direction is Direction.REQUEST

    def add(self, name: str, what: str, clients: tuple[str, ...] = ()) -> None:
        """Record ``what`` under the schema rule ``name`` in this direction (its class is the
        rule's: spec_changes.rules)."""
        rule = schema_rule(self.direction, name)
        self.cmp.add(rule, self.where, what, self.context, clients)

    @property
    def schema_name(self) -> str | None:
        """The component schema these rules compare, when `where` is one (not a property)."""
        match = re.fullmatch(r"schema (\w+)", self.where)
        return match.group(1) if match else None

    def nested(self, old: Json, new: Json, suffix: str) -> None:
        compare_schema(
            self.cmp, old, new, self.where + suffix, self.direction, self.context, self.stack
        )

    def types(self, old: Json, new: Json) -> None:
        old_types, new_types = _types(old), _types(new)
        if old_types == new_types:
            return
        clients = bindings.retyped(old, new)
        if old_types is not None and new_types is not None and old_types ^ new_types == {"null"}:
            if "null" in new_types:
                self.add("became-nullable", "now nullable (wider)", clients)
            else:
                self.add("became-not-nullable", "no longer nullable (narrower)", clients)
            return
        what = f"type {_show_types(old_types)} → {_show_types(new_types)}"
        if _covers(new_types, old_types):
            self.add("type-widened", what + " (wider)", clients)
        elif _covers(old_types, new_types):
            self.add("type-narrowed", what + " (narrower)", clients)
        else:
            self.add("type-changed", what, clients)

    def format(self, old: Json, new: Json) -> None:
        # A format picks the generated type (date-time → datetime, int64 → bigint, ...).
        old_format, new_format = old.get("format"), new.get("format")
        if old_format != new_format:
            what = f"format {old_format or 'none'} → {new_format or 'none'}"
            self.add("format-changed", what, bindings.retyped(old, new))

    def enum(self, old: Json, new: Json) -> None:
        old_values, new_values = _values(old), _values(new)
        if old_values == new_values:
            return
        if old_values is None:
            assert new_values is not None
            self.add("enum-added", f"values limited to {', '.join(sorted(new_values))}")
            return
        if new_values is None:
            self.add("enum-removed", f"values no longer limited to {', '.join(sorted(old_values))}")
            return
        removed, added = old_values - new_values, new_values - old_values
        if removed:
            shown = sorted(removed)
            note = layer.removed_enum_values(self.where, shown)
            what = f"enum value {', '.join(shown)} removed{note}"
            self.add("enum-value-removed", what, bindings.enum_values(self.schema_name, removed))
        if added:
            what = f"enum value {', '.join(sorted(added))} added"
            self.add("enum-value-added", what, bindings.enum_values(self.schema_name, added))

    def limits(self, old: Json, new: Json) -> None:
        for key in (*_MAXIMA, *_MINIMA):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            lower_is_narrower = key in _MAXIMA
            name = limit_name(key)
            if before is None:
                self.add(f"{name}-added", f"`{key}` {after} added (narrower)")
            elif after is None:
                self.add(f"{name}-removed", f"`{key}` {before} removed (wider)")
            elif isinstance(before, bool) or isinstance(after, bool):
                # OpenAPI 3.0's exclusive bounds: `true` excludes the bound itself.
                what = f"`{key}` {before} → {after}"
                self.add(f"{name}-added" if after else f"{name}-removed", what)
            else:
                narrower = (after < before) if lower_is_narrower else (after > before)
                verb = "lowered" if after < before else "raised"
                side = "narrower" if narrower else "wider"
                rule = f"{name}-{'decreased' if after < before else 'increased'}"
                self.add(rule, f"`{key}` {verb} from {before} to {after} ({side})")
        self.multiple_of(old.get("multipleOf"), new.get("multipleOf"))
        before_unique, after_unique = bool(old.get("uniqueItems")), bool(new.get("uniqueItems"))
        if before_unique != after_unique:
            if after_unique:
                self.add("unique-items-added", "items must now be unique (narrower)")
            else:
                self.add("unique-items-removed", "items no longer need to be unique (wider)")
        self.pattern(old.get("pattern"), new.get("pattern"))

    def multiple_of(self, before: Json, after: Json) -> None:
        if before == after:
            return
        if before is None:
            self.add("multiple-of-added", f"`multipleOf` {after} added (narrower)")
        elif after is None:
            self.add("multiple-of-removed", f"`multipleOf` {before} removed (wider)")
        else:
            old_step, new_step = Fraction(str(before)), Fraction(str(after))
            rule, side = "multiple-of-changed", "neither wider nor narrower"
            if (new_step / old_step).denominator == 1:
                rule, side = "multiple-of-narrowed", "narrower"
            elif (old_step / new_step).denominator == 1:
                rule, side = "multiple-of-widened", "wider"
            self.add(rule, f"`multipleOf` {before} → {after} ({side})")

    def pattern(self, before: Json, after: Json) -> None:
        if before == after:
            return
        if before is None:
            self.add("pattern-added", f"pattern {after!r} added (narrower)")
        elif after is None:
            self.add("pattern-removed", f"pattern {before!r} removed (wider)")
        else:
            found = relation(before, after)
            if found is Relation.SAME:
                self.add("pattern-rewritten", f"pattern {before!r} → {after!r} (same strings)")
            elif found is Relation.WIDER:
                self.add("pattern-widened", f"pattern {before!r} → {after!r} (wider)")
            elif found is Relation.NARROWER:
                self.add("pattern-narrowed", f"pattern {before!r} → {after!r} (narrower)")
            else:
                # Undecided: may refuse what clients send, or send what they never saw.
                doubt = (
                    "narrower: not provably wider"
                    if self.request
                    else "wider: not provably narrower"
                )
                self.add("pattern-changed", f"pattern {before!r} → {after!r} (may be {doubt})")

    def properties(self, old: Json, new: Json) -> None:
        old_props: dict[str, Json] = old.get("properties", {})
        new_props: dict[str, Json] = new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name in sorted(old_props.keys() | new_props.keys()):
            if name not in new_props:
                self.add("property-removed", f"property `{name}` removed")
            elif name not in old_props:
                if not self.request:
                    self.add("property-added", f"property `{name}` added")
                elif name in new_required:
                    self.add("required-property-added", f"required property `{name}` added")
                else:
                    self.add("optional-property-added", f"optional property `{name}` added")
            else:
                self.nested(old_props[name], new_props[name], f".{name}")
        for name in sorted((old_required ^ new_required) & (old_props.keys() | new_props.keys())):
            if name not in old_props or name not in new_props:
                continue  # reported above as an added or removed property
            if name in new_required:
                self.add("property-became-required", f"property `{name}` now required")
            else:
                self.add("property-became-optional", f"property `{name}` no longer required")
        for name in sorted((old_required ^ new_required) - old_props.keys() - new_props.keys()):
            if name in new_required:
                self.add("property-became-required", f"`{name}` now required")
            else:
                self.add("property-became-optional", f"`{name}` no longer required")

    def additional_properties(self, old: Json, new: Json) -> None:
        before = _additional(old.get("additionalProperties", True))
        after = _additional(new.get("additionalProperties", True))
        if isinstance(before, dict) and isinstance(after, dict):
            self.nested(before, after, ".*")
            return
        if before == after:
            return
        narrower = after is False or (before is True and isinstance(after, dict))
        what = f"additional properties {_show_additional(before)} → {_show_additional(after)}"
        # Clients keep unknown response fields, so a wider response is no more breaking than an
        # added property (spec_changes.rules).
        if narrower:
            self.add("additional-properties-narrowed", f"{what} (narrower)")
        else:
            self.add("additional-properties-widened", f"{what} (wider)")

    def items(self, old: Json, new: Json) -> None:
        if "items" in old or "items" in new:
            self.nested(old.get("items", {}), new.get("items", {}), "[]")

    def variants(self, old: Json, new: Json) -> None:
        for key in ("oneOf", "anyOf"):
            before: list[Json] = old.get(key, [])
            after: list[Json] = new.get(key, [])
            if before == after:
                continue
            old_keyed = {_variant(v, i): v for i, v in enumerate(before)}
            new_keyed = {_variant(v, i): v for i, v in enumerate(after)}
            for name in sorted(old_keyed.keys() | new_keyed.keys()):
                if name not in new_keyed:
                    self.add("variant-removed", f"`{key}` variant {name} removed")
                elif name not in old_keyed:
                    self.add("variant-added", f"`{key}` variant {name} added")
                else:
                    self.nested(old_keyed[name], new_keyed[name], f" {key}[{name}]")

    def flags(self, old: Json, new: Json) -> None:
        if old.get("default") != new.get("default"):
            what = f"default {_show(old.get('default'))} → {_show(new.get('default'))}"
            # A client that leaves the value out now gets other behaviour from the server.
            self.add("default-changed", what)
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            if new.get("deprecated"):
                self.add("became-deprecated", "now deprecated")
            else:
                self.add("no-longer-deprecated", "no longer deprecated")
        for key, rule in (("readOnly", "read-only-changed"), ("writeOnly", "write-only-changed")):
            if bool(old.get(key)) != bool(new.get(key)):
                # Moves the property into or out of the request or the response model.
                self.add(rule, f"`{key}` {bool(old.get(key))} → {bool(new.get(key))}")


def _values(schema: Json) -> frozenset[str] | None:
    if "enum" in schema:
        return frozenset(_show(v) for v in schema["enum"])
    if "const" in schema:
        return frozenset({_show(schema["const"])})
    return None


def _variant(schema: Json, index: int) -> str:
    # Variants that are references keep their name when others are added or removed.
    name = ref_name(schema)
    return label(name) if name else f"#{index}"


def _additional(value: Json) -> Json:
    return True if value == {} else value


def _show_additional(value: Json) -> str:
    if value is True:
        return "any"
    if value is False:
        return "none"
    return "a schema"
