"""The change rules' identifiers (spec_changes/rules.py): every change carries one, the list in
docs/changing-the-api.md is the code's, each constraint is judged in the direction its value
travels (issue 23), and a severity file raises, lowers or silences a rule by its identifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from spec_changes import RULES, Direction, Level, Severity, compare, compare_all
from spec_changes.comparison import Comparison
from spec_changes.rules import markdown_table
from tests.changes import test_rules
from tests.changes.documents import Json, base, schema
from tests.changes.git_repo import DOC, Repo, breaking, non_breaking
from tests.openapi_document import ROOT

B, N, D = Level.BREAKING, Level.NON_BREAKING, Level.DOCUMENTATION
GUIDE = ROOT / "docs" / "changing-the-api.md"
# Where a probe property lives: NewThing is only sent (createThing's body), Thing only received.
HOLDER = {Direction.REQUEST: "NewThing", Direction.RESPONSE: "Thing"}


def test_every_rule_has_a_stable_looking_identifier_a_class_and_a_summary() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule_id), rule_id
        assert isinstance(rule.level, Level)
        assert rule.summary
        assert "|" not in rule.summary


def test_the_guide_lists_exactly_the_rules_of_the_code() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z-]+)` \| ([a-z-]+) \|", text, re.MULTILINE)
    assert [rule_id for rule_id, _ in listed] == list(RULES)
    assert markdown_table() in text


def test_a_change_cannot_be_recorded_without_a_known_rule() -> None:
    with pytest.raises(KeyError):
        Comparison(base(), base()).add("some-new-rule", "schema Thing", "changed")


@pytest.mark.parametrize(("mutation", "level", "expected"), test_rules.RULES)
def test_every_change_of_the_rule_cases_names_its_rule(
    mutation: Callable[[Json, Json], None], level: Level, expected: str
) -> None:
    old, new = base(), base()
    mutation(old, new)
    entries = compare(old, new)
    assert entries
    for entry in entries:
        assert entry.rule in RULES, entry
        # The entry's level is its rule's (no severity file here).
        assert entry.level is RULES[entry.rule].level, entry


# --- Direction ----------------------------------------------------------------------------------


def _probe(direction: Direction, old: Json, new: Json, required: tuple[bool, bool]) -> list[Json]:
    """The documents before and after, with a property ``probe`` as ``old`` and as ``new`` in a
    schema that is only sent (request) or only received (response)."""
    documents = []
    for value, is_required in zip((old, new), required, strict=True):
        document = base()
        holder = schema(document, HOLDER[direction])
        holder["properties"]["probe"] = value
        if is_required:
            holder["required"] = [*holder.get("required", []), "probe"]
        documents.append(document)
    return documents


# The limits, and a value of the type each applies to: (keyword, type, a maximum?).
LIMITS = [
    ("maxLength", "string", True),
    ("minLength", "string", False),
    ("maximum", "integer", True),
    ("minimum", "integer", False),
    ("exclusiveMaximum", "integer", True),
    ("exclusiveMinimum", "integer", False),
    ("maxItems", "array", True),
    ("minItems", "array", False),
    ("maxProperties", "object", True),
    ("minProperties", "object", False),
]


def _limit_cases() -> list[object]:
    cases: list[object] = []
    for keyword, kind, is_maximum in LIMITS:
        name = re.sub(r"(?<!^)([A-Z])", r"-\1", keyword).lower()
        base_schema: Json = {"type": kind}
        if kind == "array":
            base_schema["items"] = {"type": "string"}
        # (change, old value, new value, does it narrow the values?)
        for change, before, after, narrower in (
            ("added", None, 5, True),
            ("removed", 5, None, False),
            ("increased", 5, 10, not is_maximum),
            ("decreased", 10, 5, is_maximum),
        ):
            old = dict(base_schema) | ({} if before is None else {keyword: before})
            new = dict(base_schema) | ({} if after is None else {keyword: after})
            for direction in Direction:
                cases.append(
                    pytest.param(
                        direction,
                        old,
                        new,
                        f"{direction.value}-{name}-{change}",
                        narrower,
                        id=f"{direction.value}-{keyword}-{change}",
                    )
                )
    return cases


@pytest.mark.parametrize(("direction", "old", "new", "rule_id", "narrower"), _limit_cases())
def test_every_limit_is_judged_by_the_way_its_value_travels(
    direction: Direction, old: Json, new: Json, rule_id: str, narrower: bool
) -> None:
    # Sent: narrower refuses what clients send. Received: wider sends what they never saw.
    expected = (B if narrower else N) if direction is Direction.REQUEST else (N if narrower else B)
    before, after = _probe(direction, old, new, (False, False))
    (entry,) = compare(before, after)
    assert (entry.rule, entry.level) == (rule_id, expected), entry.tagged()


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
LETTERS = {"type": "string", "pattern": "^[a-z]+$"}
LETTERS_AND_DIGITS = {"type": "string", "pattern": "^[a-z0-9]+$"}
TWO = {"type": "string", "enum": ["a", "b"]}
THREE = {"type": "string", "enum": ["a", "b", "c"]}
ARRAY = {"type": "array", "items": STRING}
UNIQUE = {"type": "array", "items": STRING, "uniqueItems": True}
STEP_2 = {"type": "integer", "multipleOf": 2}
STEP_4 = {"type": "integer", "multipleOf": 4}
STEP_3 = {"type": "integer", "multipleOf": 3}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
OPEN = {"type": "object"}
CLOSED = {"type": "object", "additionalProperties": False}

# (case, old, new, (old required, new required), rule name, request class, response class)
OTHER_CASES = [
    ("pattern added", STRING, LETTERS, (0, 0), "pattern-added", B, N),
    ("pattern removed", LETTERS, STRING, (0, 0), "pattern-removed", N, B),
    ("pattern wider", LETTERS, LETTERS_AND_DIGITS, (0, 0), "pattern-widened", N, B),
    ("pattern narrower", LETTERS_AND_DIGITS, LETTERS, (0, 0), "pattern-narrowed", B, N),
    ("enum value added", TWO, THREE, (0, 0), "enum-value-added", N, B),
    ("enum value removed", THREE, TWO, (0, 0), "enum-value-removed", B, B),
    ("enum added", STRING, TWO, (0, 0), "enum-added", B, N),
    ("enum removed", TWO, STRING, (0, 0), "enum-removed", N, B),
    ("now required", STRING, STRING, (0, 1), "property-became-required", B, N),
    ("no longer required", STRING, STRING, (1, 0), "property-became-optional", N, B),
    ("now nullable", STRING, NULLABLE_STRING, (0, 0), "became-nullable", N, B),
    ("no longer nullable", NULLABLE_STRING, STRING, (0, 0), "became-not-nullable", B, N),
    ("type wider", INTEGER, NUMBER, (0, 0), "type-widened", N, B),
    ("type narrower", NUMBER, INTEGER, (0, 0), "type-narrowed", B, N),
    ("unique items added", ARRAY, UNIQUE, (0, 0), "unique-items-added", B, N),
    ("unique items removed", UNIQUE, ARRAY, (0, 0), "unique-items-removed", N, B),
    ("multipleOf narrower", STEP_2, STEP_4, (0, 0), "multiple-of-narrowed", B, N),
    ("multipleOf wider", STEP_4, STEP_2, (0, 0), "multiple-of-widened", N, B),
    ("multipleOf other", STEP_2, STEP_3, (0, 0), "multiple-of-changed", B, B),
    ("multipleOf added", INTEGER, STEP_2, (0, 0), "multiple-of-added", B, N),
    ("multipleOf removed", STEP_2, INTEGER, (0, 0), "multiple-of-removed", N, B),
    ("closed", OPEN, CLOSED, (0, 0), "additional-properties-narrowed", B, N),
    ("opened", CLOSED, OPEN, (0, 0), "additional-properties-widened", N, N),
    (
        "default",
        {**INTEGER, "default": 1},
        {**INTEGER, "default": 2},
        (0, 0),
        "default-changed",
        B,
        N,
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "required", "name", "direction", "expected"),
    [
        pytest.param(
            old,
            new,
            required,
            name,
            direction,
            level,
            id=f"{direction.value}-{case}",
        )
        for case, old, new, required, name, request, response in OTHER_CASES
        for direction, level in ((Direction.REQUEST, request), (Direction.RESPONSE, response))
    ],
)
def test_every_other_constraint_is_judged_by_the_way_its_value_travels(
    old: Json,
    new: Json,
    required: tuple[int, int],
    name: str,
    direction: Direction,
    expected: Level,
) -> None:
    before, after = _probe(direction, old, new, (bool(required[0]), bool(required[1])))
    (entry,) = compare(before, after)
    assert (entry.rule, entry.level) == (f"{direction.value}-{name}", expected), entry.tagged()


def test_a_new_property_is_judged_by_direction_and_requiredness() -> None:
    for direction, required, rule_id, level in (
        (Direction.REQUEST, True, "request-required-property-added", B),
        (Direction.REQUEST, False, "request-optional-property-added", N),
        (Direction.RESPONSE, True, "response-property-added", N),
        (Direction.RESPONSE, False, "response-property-added", N),
    ):
        old, new = _probe(direction, STRING, STRING, (False, required))
        del schema(old, HOLDER[direction])["properties"]["probe"]
        (entry,) = compare(old, new)
        assert (entry.rule, entry.level) == (rule_id, level), (direction, required)


# --- The severity file --------------------------------------------------------------------------


def test_a_severity_raises_lowers_and_silences_rules_in_the_comparison() -> None:
    old, new = base(), base()
    schema(new, "NewThing")["properties"]["owner"] = {"type": "string"}  # optional, request
    schema(new, "Name")["maxLength"] = 32  # narrower request, narrower response
    schema(new, "Kind")["description"] = "How large."
    severity = Severity(
        {
            "request-optional-property-added": B,
            "request-max-length-decreased": N,
            "documentation-changed": None,
        },
        "severity.yaml",
    )
    entries, silenced = compare_all(old, new, severity)
    found = {entry.rule: entry for entry in entries}
    assert found["request-optional-property-added"].level is B
    assert found["request-optional-property-added"].adjusted
    name = found["request-max-length-decreased"]
    assert (name.level, name.adjusted) == (N, True)
    assert name.tagged("severity.yaml").endswith(
        "[request-max-length-decreased, non-breaking by severity.yaml]"
    )
    assert [entry.rule for entry in silenced] == ["documentation-changed"]
    assert "documentation-changed" not in found


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    found = Repo.init(tmp_path)
    found.release_by_hand("1.0.0")
    found.commit(None, "release 1.0.0")
    return found


def _severity(repo: Repo, text: str) -> None:
    (repo.path / DOC).with_name("change-severity.yaml").write_text(text, encoding="utf-8")


def test_the_gate_reads_the_severity_file_beside_the_document(repo: Repo) -> None:
    repo.write(non_breaking("1.1.0"))
    passed = repo.run("check")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "optional property `owner` added" in passed.stdout
    assert "[request-optional-property-added]" in passed.stdout
    _severity(repo, "request-optional-property-added: breaking\n")
    raised = repo.run("check")
    assert raised.returncode == 1, raised.stdout
    expected = "[request-optional-property-added, breaking by openapi/change-severity.yaml]"
    assert expected in raised.stdout
    assert raised.stdout.rstrip().endswith("raise info.version to 2.0.0.")


def test_a_silenced_rule_is_listed_apart_and_needs_no_version(repo: Repo) -> None:
    repo.write(breaking("1.0.0"))
    assert repo.run("check").returncode == 1
    # Name is sent and received: silencing the request's rule leaves the response's.
    _severity(repo, "request-max-length-decreased: none\n")
    assert "[response-max-length-decreased]" in repo.run("check").stdout
    _severity(repo, "request-max-length-decreased: none\nresponse-max-length-decreased: none\n")
    result = repo.run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes." in result.stdout
    assert "Silenced by openapi/change-severity.yaml (1):" in result.stdout
    assert "`maxLength` lowered from 64 to 32 (narrower)" in result.stdout


def test_a_severity_file_given_on_the_command_line_is_used(repo: Repo) -> None:
    repo.write(breaking("1.1.0"))
    (repo.path / "team.yaml").write_text(
        "request-max-length-decreased: non-breaking\n", encoding="utf-8"
    )
    result = repo.run("check", "--severity", "team.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[request-max-length-decreased, non-breaking by team.yaml]" in result.stdout


def test_a_misspelt_rule_or_level_stops_the_gate(repo: Repo) -> None:
    _severity(repo, "request-max-lenght-decreased: none\nresponse-property-added: fatal\n")
    result = repo.run("check")
    assert result.returncode == 2
    assert "unknown rule 'request-max-lenght-decreased'" in result.stderr
    assert "'fatal' is not one of breaking, non-breaking, documentation, none" in result.stderr


def test_the_projects_severity_file_is_valid_and_changes_nothing_yet() -> None:
    from spec_changes import rules

    path = ROOT / "openapi" / rules.SEVERITY_FILE
    assert rules.load_severity(path, "change-severity.yaml").levels == {}
