"""The version gate: ``info.version`` must rise by the part the most serious change needs.

Breaking → the major number, non-breaking → the minor number, documentation only → the patch
number (raising a larger part is always enough). A lower or unchanged version fails with the
exact version to use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spec_changes.model import Level

_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: object) -> Version:
        match = _SEMVER.fullmatch(str(text))
        if match is None:
            raise ValueError(f"info.version {text!r} is not a MAJOR.MINOR.PATCH version")
        return cls(*(int(part) for part in match.groups()))

    def raised(self, level: Level) -> Version:
        """The smallest version after this one that a change of ``level`` needs."""
        if level is Level.BREAKING:
            return Version(self.major + 1, 0, 0)
        if level is Level.NON_BREAKING:
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str
    needed: Version | None  # the smallest version the changes allow, if they need a raise


def check(base: str, current: str, level: Level | None) -> Verdict:
    """Whether ``current`` is a large enough raise over ``base`` for changes up to ``level``."""
    old, new = Version.parse(base), Version.parse(current)
    if level is None:
        if new < old:
            return Verdict(
                False, f"info.version went down from {old} to {new}: put back {old}.", old
            )
        if new == old:
            return Verdict(True, f"No change: info.version stays {old}.", None)
        return Verdict(True, f"No change besides info.version ({old} → {new}).", None)
    needed = old.raised(level)
    kind = level.word
    if new >= needed:
        return Verdict(
            True,
            f"info.version {old} → {new}: enough for {kind} changes (at least {needed}).",
            needed,
        )
    if new == old:
        problem = f"info.version is still {old}"
    elif new < old:
        problem = f"info.version went down from {old} to {new}"
    else:
        problem = f"info.version {old} → {new} is not enough"
    part = level.part
    return Verdict(
        False,
        f"{problem}, but the changes are {kind} (the {part} number must rise): "
        f"raise info.version to {needed}.",
        needed,
    )
