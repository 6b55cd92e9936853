"""The version gate: which ``info.version`` each class of change needs, and what it says."""

from __future__ import annotations

import pytest

from spec_changes import Level, Version, check

B, N, D = Level.BREAKING, Level.NON_BREAKING, Level.DOCUMENTATION


@pytest.mark.parametrize(
    ("base", "current", "level", "needed"),
    [
        ("1.0.0", "1.0.0", B, "2.0.0"),
        ("1.0.0", "1.1.0", B, "2.0.0"),
        ("1.0.0", "1.0.1", B, "2.0.0"),
        ("1.4.2", "1.4.2", N, "1.5.0"),
        ("1.4.2", "1.4.3", N, "1.5.0"),
        ("1.4.2", "1.4.2", D, "1.4.3"),
        ("2.0.0", "1.9.0", N, "2.1.0"),
    ],
)
def test_a_version_not_raised_enough_fails_naming_the_version_to_use(
    base: str, current: str, level: Level, needed: str
) -> None:
    verdict = check(base, current, level)
    assert not verdict.ok
    assert str(verdict.needed) == needed
    assert verdict.message.endswith(f"raise info.version to {needed}.")
    assert f"the {level.part} number must rise" in verdict.message


@pytest.mark.parametrize(
    ("base", "current", "level"),
    [
        ("1.0.0", "2.0.0", B),
        ("1.4.2", "3.0.0", B),
        ("1.4.2", "1.5.0", N),
        ("1.4.2", "2.0.0", N),
        ("1.4.2", "1.4.3", D),
        ("1.4.2", "1.5.0", D),
    ],
)
def test_a_version_raised_enough_passes(base: str, current: str, level: Level) -> None:
    verdict = check(base, current, level)
    assert verdict.ok
    assert f"enough for {level.word} changes" in verdict.message


def test_the_messages_say_what_is_wrong() -> None:
    assert check("1.0.0", "1.0.0", B).message == (
        "info.version is still 1.0.0, but the changes are breaking (the major number must "
        "rise): raise info.version to 2.0.0."
    )
    assert check("1.0.0", "1.1.0", B).message.startswith("info.version 1.0.0 → 1.1.0 is not enough")
    assert check("1.2.0", "1.1.0", N).message.startswith("info.version went down from 1.2.0")


def test_no_change_needs_no_raise_but_a_lower_version_fails() -> None:
    assert check("1.0.0", "1.0.0", None).ok
    assert check("1.0.0", "1.0.1", None).ok
    lowered = check("1.0.1", "1.0.0", None)
    assert not lowered.ok
    assert "put back 1.0.1" in lowered.message


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0", "", "None"])
def test_a_version_that_is_not_major_minor_patch_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a MAJOR\.MINOR\.PATCH version"):
        Version.parse(text)


def test_versions_order_by_number_not_text() -> None:
    assert Version.parse("1.10.0") > Version.parse("1.9.0")
    assert Version.parse("1.9.9").raised(B) == Version(2, 0, 0)
