"""Whether one `pattern` accepts more or fewer strings than another, where that can be decided.

Whether one regular expression's language contains another's is not something `re` answers,
and no library here does it for ECMA-262 patterns. The common shape, an anchored single
character class with a count (``^[A-Za-z0-9_-]+$``, ``^\\d{1,8}$``), is decidable: compare the
characters each class admits (each Basic Multilingual Plane character is tried) and the counts.
Any other pair is undecided, which the rules treat as a change that may narrow.
"""

from __future__ import annotations

import enum
import re
from functools import cache

_SHAPE = re.compile(
    r"\^(?P<atom>\[(?:\\.|[^\]\\])+\]|\\[dwsDWS]|\.)"
    r"(?P<count>\+|\*|\?|\{\d+\}|\{\d+,\d*\})?\$"
)
# Every Basic Multilingual Plane character once: one findall over it lists a class's members.
_BMP = "".join(map(chr, range(0x10000)))


class Relation(enum.Enum):
    SAME = "same"
    WIDER = "wider"
    NARROWER = "narrower"
    UNDECIDED = "undecided"


@cache
def _shape(pattern: str) -> tuple[frozenset[str], int, float] | None:
    match = _SHAPE.fullmatch(pattern)
    if match is None:
        return None
    try:
        atom = re.compile(match["atom"])
    except re.error:
        return None
    chars = frozenset(atom.findall(_BMP))
    count = match["count"] or "{1}"
    low: int
    high: float
    if count == "+":
        low, high = 1, float("inf")
    elif count == "*":
        low, high = 0, float("inf")
    elif count == "?":
        low, high = 0, 1
    else:
        first, _, last = count[1:-1].partition(",")
        low = int(first)
        high = float("inf") if count.endswith(",}") else float(last or first)
    return chars, low, high


def relation(old: str, new: str) -> Relation:
    """How the strings ``new`` accepts relate to those ``old`` accepts."""
    if old == new:
        return Relation.SAME
    old_shape, new_shape = _shape(old), _shape(new)
    if old_shape is None or new_shape is None:
        return Relation.UNDECIDED
    old_chars, old_low, old_high = old_shape
    new_chars, new_low, new_high = new_shape
    covers_old = old_chars <= new_chars and new_low <= old_low and old_high <= new_high
    within_old = new_chars <= old_chars and old_low <= new_low and new_high <= old_high
    if covers_old and within_old:
        return Relation.SAME
    if covers_old:
        return Relation.WIDER
    if within_old:
        return Relation.NARROWER
    return Relation.UNDECIDED
