"""Compare two JSON Schemas (OpenAPI 3.1) as seen by a client, in a request or in a response.

The direction decides most rules. In a request the server checks the value, so a limit that
narrows (a lower `maxLength`, a longer `pattern`, a removed enum value, a new required
property) refuses what clients send today: breaking. In a response the clients parse the value,
and the generated clients parse types, formats, nullability and enums but check no limit; so
there a wider type, a new enum value (the Python client builds an ``Enum`` that raises on an
unknown value) or a property that may now be missing is breaking, and limits are not.
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
from spec_changes.model import Direction, Json, Level
from spec_changes.patterns import Relation, relation

_MAXIMA = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_MINIMA = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
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
    _compare_names(cmp, old_node, new_node, old, new, where, context)
    if new_chain or old_chain:
        where = label((new_chain or old_chain)[-1])
    key = (id(old), id(new))
    if key in _stack:  # a recursive schema: this pair is being compared further up
        return
    stack = _stack | {key}
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old != new:
            cmp.add(Level.BREAKING, where, f"schema {old!r} → {new!r}", context)
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
    cmp: Comparison, old_node: Json, new_node: Json, old: Json, new: Json, where: str, ctx: str
) -> None:
    # Generated clients name a model class after the schema it comes from: a different name
    # is a different class, even when the shape is the same.
    old_name, new_name = ref_name(old_node), ref_name(new_node)
    if old_name == new_name:
        return
    if old_name and new_name:
        what = f"now refers to {label(new_name)} instead of {label(old_name)} (a renamed model)"
        clients = bindings.model_renamed(old_name.rsplit("/", 1)[-1], new_name.rsplit("/", 1)[-1])
        cmp.add(Level.BREAKING, where, what, ctx, clients)
    elif old_name and _is_model(old):
        cmp.add(Level.BREAKING, where, f"{label(old_name)} replaced by an inline schema", ctx)
    elif new_name and _is_model(new):
        cmp.add(Level.BREAKING, where, f"inline schema replaced by {label(new_name)}", ctx)


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

    def add(self, level: Level, what: str, clients: tuple[str, ...] = ()) -> None:
        self.cmp.add(level, self.where, what, self.context, clients)

    @property
    def schema_name(self) -> str | None:
        """The component schema these rules compare, when `where` is one (not a property)."""
        match = re.fullmatch(r"schema (\w+)", self.where)
        return match.group(1) if match else None

    def widened(self, what: str, clients: tuple[str, ...] = ()) -> None:
        """A value set that grows: fine for a server to accept, not for a client to parse."""
        self.add(Level.NON_BREAKING if self.request else Level.BREAKING, what, clients)

    def narrowed(self, what: str, clients: tuple[str, ...] = ()) -> None:
        """A value set that shrinks: refuses what clients send; what they parse still parses."""
        self.add(Level.BREAKING if self.request else Level.NON_BREAKING, what, clients)

    def limit(self, what: str, narrower: bool | None) -> None:
        """A limit (length, range, pattern, count): the server checks it, clients do not."""
        # An undecided change (``narrower is None``) may refuse what clients send.
        if not self.request or narrower is False:
            self.add(Level.NON_BREAKING, what)
        else:
            self.add(Level.BREAKING, what)

    def nested(self, old: Json, new: Json, suffix: str) -> None:
        compare_schema(
            self.cmp, old, new, self.where + suffix, self.direction, self.context, self.stack
        )

    def types(self, old: Json, new: Json) -> None:
        old_types, new_types = _types(old), _types(new)
        if old_types == new_types:
            return
        if old_types is not None and new_types is not None and old_types ^ new_types == {"null"}:
            what = "now nullable" if "null" in new_types else "no longer nullable"
        else:
            what = f"type {_show_types(old_types)} → {_show_types(new_types)}"
        wider, narrower = _covers(new_types, old_types), _covers(old_types, new_types)
        clients = bindings.retyped(old, new)
        if wider:
            self.widened(what + " (wider)", clients)
        elif narrower:
            self.narrowed(what + " (narrower)", clients)
        else:
            self.add(Level.BREAKING, what, clients)

    def format(self, old: Json, new: Json) -> None:
        # A format picks the generated type (date-time → datetime, int64 → bigint, ...).
        old_format, new_format = old.get("format"), new.get("format")
        if old_format != new_format:
            what = f"format {old_format or 'none'} → {new_format or 'none'}"
            self.add(Level.BREAKING, what, bindings.retyped(old, new))

    def enum(self, old: Json, new: Json) -> None:
        old_values, new_values = _values(old), _values(new)
        if old_values == new_values:
            return
        if old_values is None:
            assert new_values is not None
            self.narrowed(f"values limited to {', '.join(sorted(new_values))}")
            return
        if new_values is None:
            self.widened(f"values no longer limited to {', '.join(sorted(old_values))}")
            return
        removed, added = old_values - new_values, new_values - old_values
        if removed:
            shown = sorted(removed)
            note = layer.removed_enum_values(self.where, shown)
            what = f"enum value {', '.join(shown)} removed{note}"
            self.add(Level.BREAKING, what, bindings.enum_values(self.schema_name, removed))
        if added:
            what = f"enum value {', '.join(sorted(added))} added"
            self.widened(what, bindings.enum_values(self.schema_name, added))

    def limits(self, old: Json, new: Json) -> None:
        for key in (*_MAXIMA, *_MINIMA):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            lower_is_narrower = key in _MAXIMA
            if before is None:
                self.limit(f"`{key}` {after} added (narrower)", True)
            elif after is None:
                self.limit(f"`{key}` {before} removed (wider)", False)
            elif isinstance(before, bool) or isinstance(after, bool):
                self.limit(f"`{key}` {before} → {after}", bool(after))
            else:
                narrower = (after < before) if lower_is_narrower else (after > before)
                verb = "lowered" if after < before else "raised"
                side = "narrower" if narrower else "wider"
                self.limit(f"`{key}` {verb} from {before} to {after} ({side})", narrower)
        self.multiple_of(old.get("multipleOf"), new.get("multipleOf"))
        before_unique, after_unique = bool(old.get("uniqueItems")), bool(new.get("uniqueItems"))
        if before_unique != after_unique:
            if after_unique:
                self.limit("items must now be unique (narrower)", True)
            else:
                self.limit("items no longer need to be unique (wider)", False)
        self.pattern(old.get("pattern"), new.get("pattern"))

    def multiple_of(self, before: Json, after: Json) -> None:
        if before == after:
            return
        if before is None:
            self.limit(f"`multipleOf` {after} added (narrower)", True)
        elif after is None:
            self.limit(f"`multipleOf` {before} removed (wider)", False)
        else:
            old_step, new_step = Fraction(str(before)), Fraction(str(after))
            narrower: bool | None = None
            if (new_step / old_step).denominator == 1:
                narrower = True
            elif (old_step / new_step).denominator == 1:
                narrower = False
            side = {True: "narrower", False: "wider", None: "neither wider nor narrower"}
            self.limit(f"`multipleOf` {before} → {after} ({side[narrower]})", narrower)

    def pattern(self, before: Json, after: Json) -> None:
        if before == after:
            return
        if before is None:
            self.limit(f"pattern {after!r} added (narrower)", True)
        elif after is None:
            self.limit(f"pattern {before!r} removed (wider)", False)
        else:
            found = relation(before, after)
            if found is Relation.SAME:
                self.add(Level.DOCUMENTATION, f"pattern {before!r} → {after!r} (same strings)")
            elif found is Relation.WIDER:
                self.limit(f"pattern {before!r} → {after!r} (wider)", False)
            elif found is Relation.NARROWER:
                self.limit(f"pattern {before!r} → {after!r} (narrower)", True)
            else:
                what = f"pattern {before!r} → {after!r} (may be narrower: not provably wider)"
                self.limit(what, None)

    def properties(self, old: Json, new: Json) -> None:
        old_props: dict[str, Json] = old.get("properties", {})
        new_props: dict[str, Json] = new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name in sorted(old_props.keys() | new_props.keys()):
            if name not in new_props:
                self.add(Level.BREAKING, f"property `{name}` removed")
            elif name not in old_props:
                if not self.request:
                    self.add(Level.NON_BREAKING, f"property `{name}` added")
                elif name in new_required:
                    self.add(Level.BREAKING, f"required property `{name}` added")
                else:
                    self.add(Level.NON_BREAKING, f"optional property `{name}` added")
            else:
                self.nested(old_props[name], new_props[name], f".{name}")
        for name in sorted((old_required ^ new_required) & (old_props.keys() | new_props.keys())):
            if name not in old_props or name not in new_props:
                continue  # reported above as an added or removed property
            if name in new_required:
                self.narrowed(f"property `{name}` now required")
            else:
                self.widened(f"property `{name}` no longer required")
        for name in sorted((old_required ^ new_required) - old_props.keys() - new_props.keys()):
            if name in new_required:
                self.narrowed(f"`{name}` now required")
            else:
                self.widened(f"`{name}` no longer required")

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
        # Clients keep unknown response fields, so only a request can be refused by this.
        self.limit(f"{what} ({'narrower' if narrower else 'wider'})", narrower)

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
                    self.add(Level.BREAKING, f"`{key}` variant {name} removed")
                elif name not in old_keyed:
                    self.widened(f"`{key}` variant {name} added")
                else:
                    self.nested(old_keyed[name], new_keyed[name], f" {key}[{name}]")

    def flags(self, old: Json, new: Json) -> None:
        if old.get("default") != new.get("default"):
            what = f"default {_show(old.get('default'))} → {_show(new.get('default'))}"
            # A client that leaves the value out now gets other behaviour from the server.
            self.add(Level.BREAKING if self.request else Level.NON_BREAKING, what)
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            now = "now deprecated" if new.get("deprecated") else "no longer deprecated"
            self.add(Level.NON_BREAKING, now)
        for key in ("readOnly", "writeOnly"):
            if bool(old.get(key)) != bool(new.get(key)):
                # Moves the property into or out of the request or the response model.
                self.add(Level.BREAKING, f"`{key}` {bool(old.get(key))} → {bool(new.get(key))}")


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
