"""When a changed `pattern` is provably wider or narrower, and when it is not."""

from __future__ import annotations

import pytest

from spec_changes.patterns import Relation, relation


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("^[a-z]+$", "^[a-z]+$", Relation.SAME),
        ("^[a-z]+$", "^[a-z]{1,}$", Relation.SAME),
        ("^[0-9]+$", "^[0-9]+$", Relation.SAME),
        ("^[A-Za-z0-9_-]+$", "^[A-Za-z0-9_.-]+$", Relation.WIDER),
        ("^[a-z]+$", "^[a-z]*$", Relation.WIDER),
        ("^[a-z]{1,8}$", "^[a-z]{1,16}$", Relation.WIDER),
        ("^[a-z]+$", "^.+$", Relation.WIDER),
        ("^[0-9]+$", "^\\w+$", Relation.WIDER),
        ("^[A-Za-z0-9_-]+$", "^[a-z0-9_-]+$", Relation.NARROWER),
        ("^[a-z]*$", "^[a-z]+$", Relation.NARROWER),
        ("^[a-z]+$", "^[a-z]{3}$", Relation.NARROWER),
        ("^[a-z]+$", "^[0-9]+$", Relation.UNDECIDED),
        ("^[a-z]{2,4}$", "^[a-z]{3,8}$", Relation.UNDECIDED),
        ("^[a-z]+$", "^[a-z]+(-[a-z]+)*$", Relation.UNDECIDED),
        ("^[a-z]+$", "[a-z]+", Relation.UNDECIDED),
        ("^[a-z]+$", "^[z-a]+$", Relation.UNDECIDED),
    ],
)
def test_relation(old: str, new: str, expected: Relation) -> None:
    assert relation(old, new) is expected
