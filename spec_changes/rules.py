"""Every rule of the change report by its stable identifier, and the severity file that adjusts
them.

A rule's identifier names what changed and, for a schema, which way the value travels:
``request-…`` where clients send it (the server checks it), ``response-…`` where clients
receive it (the document promised them what they will see). The direction decides the class of
most schema rules, always by the same reasoning:

- in a request, a narrower constraint (a lower ``maxLength``, a higher ``minimum``, a removed
  enum value, a new required property) refuses what clients send today: breaking; a wider one
  accepts more: non-breaking;
- in a response it is the other way round: a wider constraint (a lower ``minimum``, a new enum
  value, a property no longer required, a newly nullable type) lets the server send what
  clients were promised they would never see: breaking; a narrower one only sends less of what
  they already handle: non-breaking.

The identifiers follow oasdiff's style (``response-property-max-length-increased`` there,
``response-max-length-increased`` here, where the schema keyword is the subject, for a property,
a parameter or a header alike) so that a team that knows one knows the other. They are shown in
the report and listed, with their default class, in docs/changing-the-api.md (a test keeps the
list and this module equal). Never rename one: a severity file names them.

The severity file (``openapi/change-severity.yaml`` by default, ``--severity FILE``) maps an
identifier to ``breaking``, ``non-breaking``, ``documentation`` or ``none`` (silenced), as
oasdiff's ``--severity-levels`` file does; what it changes the report says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from spec_changes.document import DocumentError
from spec_changes.model import Direction, Level

B, N, D = Level.BREAKING, Level.NON_BREAKING, Level.DOCUMENTATION


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    summary: str


RULES: dict[str, Rule] = {}


def _rule(rule_id: str, level: Level, summary: str) -> None:
    assert rule_id not in RULES, rule_id
    RULES[rule_id] = Rule(rule_id, level, summary)


def _schema_rule(
    name: str, request: Level | None, response: Level | None, summary: str, why: str = ""
) -> None:
    """A schema rule in each direction it applies to (``None``: not in that direction)."""
    for direction, level in ((Direction.REQUEST, request), (Direction.RESPONSE, response)):
        if level is not None:
            place = "a request" if direction is Direction.REQUEST else "a response"
            _rule(f"{direction.value}-{name}", level, f"{summary} in {place}{why}")


# --- Schemas (request bodies, parameters, responses, response headers) ------------------------

_schema_rule("schema-changed", B, B, "a boolean schema changed")
_schema_rule("model-renamed", B, B, "a reference to another component schema (a renamed class)")
_schema_rule("model-inlined", B, B, "a component schema replaced by an inline schema")
_schema_rule("model-extracted", B, B, "an inline schema replaced by a component schema")
_schema_rule("type-widened", N, B, "`type` accepts more types")
_schema_rule("type-narrowed", B, N, "`type` accepts fewer types")
_schema_rule("type-changed", B, B, "`type` changed, neither wider nor narrower")
_schema_rule("became-nullable", N, B, "now nullable")
_schema_rule("became-not-nullable", B, N, "no longer nullable")
_schema_rule("format-changed", B, B, "`format` changed (it picks the generated type)")
_schema_rule("enum-added", B, N, "values limited to an `enum` (or `const`)")
_schema_rule("enum-removed", N, B, "values no longer limited to an `enum`")
_schema_rule("enum-value-removed", B, B, "an enum value removed (generated code loses it)")
_schema_rule("enum-value-added", N, B, "an enum value added")
# The limits (keyword: its rules' name, is it a maximum?): a maximum that falls or a minimum
# that rises narrows the values.
LIMITS = {
    "maxLength": ("max-length", True),
    "maximum": ("maximum", True),
    "exclusiveMaximum": ("exclusive-maximum", True),
    "maxItems": ("max-items", True),
    "maxProperties": ("max-properties", True),
    "minLength": ("min-length", False),
    "minimum": ("minimum", False),
    "exclusiveMinimum": ("exclusive-minimum", False),
    "minItems": ("min-items", False),
    "minProperties": ("min-properties", False),
}
for _keyword, (_name, _is_maximum) in LIMITS.items():
    _schema_rule(f"{_name}-added", B, N, f"`{_keyword}` added")
    _schema_rule(f"{_name}-removed", N, B, f"`{_keyword}` removed")
    _narrowing, _widening = (
        ("decreased", "increased") if _is_maximum else ("increased", "decreased")
    )
    _schema_rule(f"{_name}-{_narrowing}", B, N, f"`{_keyword}` {_narrowing} (narrower)")
    _schema_rule(f"{_name}-{_widening}", N, B, f"`{_keyword}` {_widening} (wider)")
_schema_rule("multiple-of-added", B, N, "`multipleOf` added")
_schema_rule("multiple-of-removed", N, B, "`multipleOf` removed")
_schema_rule("multiple-of-narrowed", B, N, "`multipleOf` now a multiple of the old step")
_schema_rule("multiple-of-widened", N, B, "`multipleOf` now a divisor of the old step")
_schema_rule("multiple-of-changed", B, B, "`multipleOf` changed, neither wider nor narrower")
_schema_rule("unique-items-added", B, N, "items must now be unique")
_schema_rule("unique-items-removed", N, B, "items no longer need to be unique")
_schema_rule("pattern-added", B, N, "`pattern` added")
_schema_rule("pattern-removed", N, B, "`pattern` removed")
_schema_rule("pattern-narrowed", B, N, "`pattern` provably narrower")
_schema_rule("pattern-widened", N, B, "`pattern` provably wider")
_schema_rule("pattern-changed", B, B, "`pattern` changed, not provably wider or narrower")
_schema_rule("pattern-rewritten", D, D, "`pattern` rewritten, matching the same strings")
_schema_rule("property-removed", B, B, "a property removed (generated code loses it)")
_schema_rule("required-property-added", B, None, "a required property added")
_schema_rule("optional-property-added", N, None, "an optional property added")
_schema_rule("property-added", None, N, "a property added (clients keep unknown fields)")
_schema_rule("property-became-required", B, N, "a property now required")
_schema_rule("property-became-optional", N, B, "a property no longer required")
_schema_rule("additional-properties-narrowed", B, N, "fewer additional properties allowed")
_schema_rule(
    "additional-properties-widened",
    N,
    N,
    "more additional properties allowed",
    " (non-breaking both ways: clients keep unknown fields, as for an added property)",
)
_schema_rule("variant-removed", B, B, "a `oneOf`/`anyOf` variant removed")
_schema_rule("variant-added", N, B, "a `oneOf`/`anyOf` variant added")
_schema_rule("default-changed", B, N, "`default` changed (a client that leaves it out)")
_schema_rule("became-deprecated", N, N, "now deprecated")
_schema_rule("no-longer-deprecated", N, N, "no longer deprecated")
_schema_rule("read-only-changed", B, B, "`readOnly` changed (moves it in or out of a model)")
_schema_rule("write-only-changed", B, B, "`writeOnly` changed (moves it in or out of a model)")
_schema_rule("media-type-removed", B, B, "a media type removed")
_schema_rule("media-type-added", N, N, "a media type added")

# --- Operations and their parameters, bodies, responses and security --------------------------

_rule("operation-removed", B, "an operation removed")
_rule("operation-added", N, "an operation added")
_rule("operation-id-changed", B, "an operationId changed (it names generated functions)")
_rule("operation-tags-changed", B, "an operation's tags changed (they name generated modules)")
_rule("operation-became-deprecated", N, "an operation now deprecated")
_rule("operation-no-longer-deprecated", N, "an operation no longer deprecated")
_rule("request-parameter-removed", B, "a parameter removed")
_rule("request-required-parameter-added", B, "a required parameter added")
_rule("request-optional-parameter-added", N, "an optional parameter added")
_rule("request-parameter-became-required", B, "a parameter now required")
_rule("request-parameter-became-optional", N, "a parameter no longer required")
_rule("request-parameter-became-deprecated", N, "a parameter now deprecated")
_rule("request-parameter-no-longer-deprecated", N, "a parameter no longer deprecated")
_rule("request-parameter-serialization-changed", B, "a parameter's style or explode changed")
_rule("request-required-body-added", B, "a required request body added")
_rule("request-optional-body-added", N, "an optional request body added")
_rule("request-body-removed", B, "a request body removed")
_rule("request-body-became-required", B, "a request body now required")
_rule("request-body-became-optional", N, "a request body no longer required")
_rule("request-body-property-removed", B, "a request body property removed (a layer argument)")
_rule("success-status-changed", B, "an operation's success status changed")
_rule("success-response-added", N, "a success response added where none was documented")
_rule("error-response-removed", B, "an error response removed")
_rule("error-response-added", N, "an error response added")
_rule("response-body-removed", B, "a response's body removed")
_rule("response-body-added", N, "a response's body added")
_rule("response-header-removed", B, "a response header removed")
_rule("response-header-added", N, "a response header added")
_rule("response-header-became-required", N, "a response header now always sent")
_rule("response-header-became-optional", B, "a response header no longer always sent")
_rule("link-removed", N, "a response link removed (no generated code uses links)")
_rule("link-added", N, "a response link added")
_rule("link-changed", N, "a response link changed")
_rule("link-description-changed", D, "a response link's description changed")
_rule("example-changed", D, "an example changed, added or removed")
_rule("security-alternative-added", N, "another way to authenticate added to an operation")
_rule("security-changed", B, "an operation's security requirements changed")

# --- The document as a whole ------------------------------------------------------------------

_rule("major-version-raised", B, "the major version rises: the Go module path changes")
_rule("server-removed", B, "a server removed")
_rule("server-added", N, "a server added")
_rule("default-server-changed", B, "the first server (the clients' default base URL) changed")
_rule("info-changed", D, "a field of `info` other than the version changed")
_rule("tag-changed", D, "a tag's description added, removed or changed")
_rule("security-scheme-removed", B, "a security scheme removed")
_rule("security-scheme-added", N, "a security scheme added")
_rule("security-scheme-changed", B, "a security scheme's type, scheme, location or flows changed")
_rule("openapi-version-changed", N, "the `openapi` version changed")
_rule("component-schema-removed", B, "a component schema removed (its generated type goes)")
_rule("component-schema-added", N, "a component schema added")
_rule("component-removed", N, "a component other than a schema removed (no use of it reached)")
_rule("component-added", N, "a component other than a schema added")
_rule("component-changed", N, "a component no operation reaches changed")
_rule("component-example-changed", D, "an example component added, removed or changed")
_rule("documentation-changed", D, "a description, summary, title, example or externalDocs")
_rule("extension-changed", D, "an `x-` extension added, removed or changed")
_rule("unclassified-change", B, "a key no rule knows changed (checked by hand; add a rule)")


def schema_rule(direction: Direction, name: str) -> str:
    """The identifier of the schema rule ``name`` in ``direction`` (which must have one)."""
    rule_id = f"{direction.value}-{name}"
    if rule_id not in RULES:
        raise KeyError(f"no rule {rule_id!r}")
    return rule_id


def limit_name(keyword: str) -> str:
    """A limit keyword's part of its rules' identifiers (``maxLength`` → ``max-length``)."""
    return LIMITS[keyword][0]


# --- The severity file ------------------------------------------------------------------------

SEVERITY_FILE = "change-severity.yaml"
_LEVEL_NAMES: dict[str, Level | None] = {
    "breaking": B,
    "non-breaking": N,
    "documentation": D,
    "none": None,
}


@dataclass(frozen=True)
class Severity:
    """The levels a team gave some rules (``None``: silenced), and the file that gave them."""

    levels: dict[str, Level | None] = field(default_factory=dict)
    source: str = ""

    def level(self, rule_id: str) -> Level | None:
        """The rule's level after the file: its default unless the file names it."""
        if rule_id in self.levels:
            return self.levels[rule_id]
        return RULES[rule_id].level

    def adjusted(self, rule_id: str) -> bool:
        return rule_id in self.levels and self.levels[rule_id] != RULES[rule_id].level


def default_severity_file(document: Path) -> Path:
    """Where a document's severity file is looked for: beside it."""
    return document.parent / SEVERITY_FILE


def load_severity(path: Path, shown: str) -> Severity:
    """The severity file at ``path`` (none there: every rule at its default level)."""
    if not path.exists():
        return Severity()
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DocumentError(f"{shown} is not YAML: {error}") from None
    if loaded is None:
        return Severity(source=shown)
    if not isinstance(loaded, dict):
        raise DocumentError(f"{shown} must map rule identifiers to levels")
    levels: dict[str, Level | None] = {}
    problems = []
    for rule_id, name in loaded.items():
        if rule_id not in RULES:
            problems.append(f"unknown rule {rule_id!r} (docs/changing-the-api.md lists them)")
        elif name not in _LEVEL_NAMES:
            problems.append(f"{rule_id}: {name!r} is not one of {', '.join(_LEVEL_NAMES)}")
        else:
            levels[rule_id] = _LEVEL_NAMES[name]
    if problems:
        raise DocumentError(f"{shown}: " + "; ".join(problems))
    return Severity(levels, shown)


def level_name(level: Level | None) -> str:
    return next(name for name, value in _LEVEL_NAMES.items() if value == level)


def markdown_table() -> str:
    """The rules as docs/changing-the-api.md lists them (its test compares the two)."""
    lines = ["| rule | class | what |", "|---|---|---|"]
    for rule in RULES.values():
        lines.append(f"| `{rule.id}` | {level_name(rule.level)} | {rule.summary} |")
    return "\n".join(lines)
