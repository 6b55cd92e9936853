"""What a change is: where it is, what it is, and how much of a version raise it needs."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Json = Any


class Level(enum.IntEnum):
    """How a change affects clients, ordered so that ``max`` gives the release it needs."""

    DOCUMENTATION = 1
    NON_BREAKING = 2
    BREAKING = 3

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def part(self) -> str:
        """The part of ``info.version`` that must rise."""
        return _PARTS[self]


# A shared schema is reached from many places; a few are enough to find it.
_CONTEXTS_SHOWN = 3

_TITLES = {
    Level.BREAKING: "Breaking",
    Level.NON_BREAKING: "Non-breaking",
    Level.DOCUMENTATION: "Documentation only (non-breaking)",
}
_WORDS = {
    Level.BREAKING: "breaking",
    Level.NON_BREAKING: "non-breaking",
    Level.DOCUMENTATION: "documentation-only",
}
_PARTS = {Level.BREAKING: "major", Level.NON_BREAKING: "minor", Level.DOCUMENTATION: "patch"}


class Direction(enum.Enum):
    """Who sends a value: limits matter where the server checks them, types where clients parse."""

    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True, order=True)
class Change:
    """One difference: ``where`` (an operation or a component), ``what`` changed, in ``context``.

    The same component change reached from several operations differs only in ``context``;
    :func:`merge` folds those into one :class:`Entry`.
    """

    level: Level
    where: str
    what: str
    context: str = ""
    # What the change renames or retypes in the Go, Java and Rust clients (spec_changes.bindings).
    clients: tuple[str, ...] = ()
    # The rule that found it (spec_changes.rules), and whether a severity file set its level.
    rule: str = ""
    adjusted: bool = False


@dataclass(frozen=True)
class Entry:
    """A change as reported: its highest level and the contexts that give it that level."""

    level: Level
    where: str
    what: str
    contexts: tuple[str, ...]
    clients: tuple[str, ...] = ()
    rule: str = ""
    adjusted: bool = False

    def line(self) -> str:
        """The change as the CHANGELOG says it (the report adds the rule: ``tagged``)."""
        text = f"{self.where}: {self.what}"
        if self.contexts:
            shown = ", ".join(self.contexts[:_CONTEXTS_SHOWN])
            if len(self.contexts) > _CONTEXTS_SHOWN:
                shown += f" and {len(self.contexts) - _CONTEXTS_SHOWN} more"
            text += f" ({self.level.word} in: {shown})"
        return text

    def tagged(self, severity_source: str = "") -> str:
        """The line with its rule's identifier, and where its level was set when not the
        rule's default."""
        note = f", {self.level.word} by {severity_source}" if self.adjusted else ""
        return f"{self.line()} [{self.rule}{note}]"


def merge(changes: Iterable[Change]) -> list[Entry]:
    """One entry per (where, what), at the highest level any context gave it, sorted."""
    grouped: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        grouped.setdefault((change.where, change.what), []).append(change)
    entries = []
    for (where, what), group in grouped.items():
        level = max(change.level for change in group)
        contexts = sorted({c.context for c in group if c.level == level and c.context})
        clients = next((c.clients for c in group if c.clients), ())
        # The rule that gave the entry its level (a shared schema may be reached both ways).
        decisive = min((c for c in group if c.level == level), key=lambda c: c.rule)
        entry = Entry(
            level, where, what, tuple(contexts), clients, decisive.rule, decisive.adjusted
        )
        entries.append(entry)
    return sorted(entries, key=lambda e: (-e.level, e.where, e.what))


def highest(entries: Iterable[Entry]) -> Level | None:
    """The level of the most serious entry, or ``None`` when there are none."""
    return max((entry.level for entry in entries), default=None)
