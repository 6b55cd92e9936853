"""The state of one comparison: both documents, the changes found, the components reached."""

from __future__ import annotations

from dataclasses import dataclass, field

from spec_changes.document import follow
from spec_changes.model import Change, Json
from spec_changes.rules import RULES, Severity

# Keys that only document: a change to one of them never changes what is sent or accepted.
DOCUMENTATION_KEYS = frozenset(
    {"description", "summary", "title", "example", "examples", "externalDocs", "$comment"}
)


@dataclass
class Comparison:
    old: Json
    new: Json
    severity: Severity = field(default_factory=Severity)
    changes: list[Change] = field(default_factory=list)
    # What the severity file silenced (level `none`): counted in the report, never dropped unsaid.
    silenced: list[Change] = field(default_factory=list)
    # Components reached from the paths, in either document: the rest are compared on their own.
    reached: set[str] = field(default_factory=set)

    def add(
        self,
        rule: str,
        where: str,
        what: str,
        context: str = "",
        clients: tuple[str, ...] = (),
    ) -> None:
        """Record a change found by ``rule`` (spec_changes.rules), at the rule's level."""
        level = self.severity.level(rule)
        adjusted = self.severity.adjusted(rule)
        if level is None:
            self.silenced.append(Change(RULES[rule].level, where, what, context, clients, rule))
            return
        self.changes.append(Change(level, where, what, context, clients, rule, adjusted))

    def follow_old(self, node: Json) -> tuple[Json, tuple[str, ...]]:
        resolved, chain = follow(self.old, node)
        self.reached.update(chain)
        return resolved, chain

    def follow_new(self, node: Json) -> tuple[Json, tuple[str, ...]]:
        resolved, chain = follow(self.new, node)
        self.reached.update(chain)
        return resolved, chain

    def documentation(
        self, where: str, old: Json, new: Json, keys: frozenset[str] = DOCUMENTATION_KEYS
    ) -> None:
        """Report each of ``keys`` that differs between the mappings ``old`` and ``new``."""
        for key in sorted(keys):
            if old.get(key) != new.get(key):
                self.add("documentation-changed", where, f"`{key}` {_how(old, new, key)}")

    def rest(
        self, where: str, old: Json, new: Json, known: frozenset[str], context: str = ""
    ) -> None:
        """Report the keys no rule looked at: extensions as documentation, others as breaking.

        A key the checker has no rule for may change anything, so it is reported as breaking
        with a note; whoever meets it classifies it by hand and may add a rule.
        """
        for key in sorted((set(old) | set(new)) - known - DOCUMENTATION_KEYS):
            if old.get(key) == new.get(key):
                continue
            if key.startswith("x-"):
                self.add("extension-changed", where, f"extension `{key}` {_how(old, new, key)}")
            else:
                what = f"`{key}` {_how(old, new, key)} (no rule classifies it: treated as breaking)"
                self.add("unclassified-change", where, what, context)


def _how(old: Json, new: Json, key: str) -> str:
    if key not in old:
        return "added"
    if key not in new:
        return "removed"
    return "changed"
