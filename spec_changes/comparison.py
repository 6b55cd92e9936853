"""The state of one comparison: both documents, the changes found, the components reached."""

from __future__ import annotations

from dataclasses import dataclass, field

from spec_changes.document import follow
from spec_changes.model import Change, Json, Level

# Keys that only document: a change to one of them never changes what is sent or accepted.
DOCUMENTATION_KEYS = frozenset(
    {"description", "summary", "title", "example", "examples", "externalDocs", "$comment"}
)


@dataclass
class Comparison:
    old: Json
    new: Json
    changes: list[Change] = field(default_factory=list)
    # Components reached from the paths, in either document: the rest are compared on their own.
    reached: set[str] = field(default_factory=set)

    def add(
        self,
        level: Level,
        where: str,
        what: str,
        context: str = "",
        clients: tuple[str, ...] = (),
    ) -> None:
        self.changes.append(Change(level, where, what, context, clients))

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
                self.add(Level.DOCUMENTATION, where, f"`{key}` {_how(old, new, key)}")

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
                self.add(Level.DOCUMENTATION, where, f"extension `{key}` {_how(old, new, key)}")
            else:
                what = f"`{key}` {_how(old, new, key)} (no rule classifies it: treated as breaking)"
                self.add(Level.BREAKING, where, what, context)


def _how(old: Json, new: Json, key: str) -> str:
    if key not in old:
        return "added"
    if key not in new:
        return "removed"
    return "changed"
