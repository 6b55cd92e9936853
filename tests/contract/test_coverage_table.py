"""docs/contract-tests.md maps every statement of the document to what enforces it, completely.

Both ways: a sentence of the document's descriptions that no row quotes (a new statement without
a check, or without a reason for having none) fails, and so does a check, scenario or model
rule that no row names (a check without a statement). Every row's quote must still be in the
document and every enforcer it names must exist.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.model import RULES
from tests.contract.runs import ROOT

PAGE = ROOT / "docs" / "contract-tests.md"
DOCUMENT = ROOT / "openapi" / "openapi.yaml"
# Where a sentence ends: after . ! ? or :, before what starts one (a capital, a backtick, a
# quote mark of Markdown, a table or a heading).
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z`>|#])")
_ENFORCER = re.compile(r"^(schema|schemathesis|check|scenario|model|lint):(\S+)$")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sentences(document: Any = None) -> set[str]:
    """Every sentence of every description of `document` (the repository's by default), its
    examples aside."""
    found: set[str] = set()

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    found.update(s for s in _SENTENCE_END.split(_normal(value)) if s)
                elif path[:2] != ("components", "examples"):
                    walk(value, (*path, str(key)))
        elif isinstance(node, list):
            for item in node:
                walk(item, path)

    if document is None:
        document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    walk(document, ())
    return found


def table(marker: str) -> list[tuple[str, str]]:
    """The rows (first cell, second cell) of the table after `marker` in the page."""
    text = PAGE.read_text(encoding="utf-8")
    _, _, after = text.partition(f"<!-- {marker} -->\n")
    rows = []
    for line in after.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.append((cells[0], cells[1]))
    return rows


COVERED = table("coverage-table")
NOT_CHECKED = table("not-checked-table")


def _functions(path: Path, decorated: str | None = None) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        marks = {ast.unparse(d) for d in node.decorator_list}
        if decorated is None or decorated in marks:
            names.add(node.name)
    return names


CHECKS = _functions(ROOT / "contract_tests" / "checks.py", "schemathesis.check")
SCENARIOS = _functions(ROOT / "contract_tests" / "scenarios.py")


def _exists(kind: str, name: str) -> bool:
    if kind == "schema":
        node: Any = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
        for part in name.strip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return False
        return True
    if kind == "schemathesis":
        import schemathesis.specs.openapi.checks  # noqa: F401  (registers the built-in checks)
        from schemathesis.checks import CHECKS as BUILT_IN

        return name in BUILT_IN.get_all_names()
    if kind == "lint":
        rules = yaml.safe_load((ROOT / "redocly.yaml").read_text(encoding="utf-8"))["rules"]
        return name in rules
    return name in {"check": CHECKS, "scenario": SCENARIOS, "model": set(RULES)}[kind]


def test_the_tables_are_there() -> None:
    assert len(COVERED) > 30
    assert len(NOT_CHECKED) > 10


def uncovered(document: Any = None) -> list[str]:
    quotes = [quote for quote, _ in COVERED + NOT_CHECKED]
    return sorted(s for s in sentences(document) if not any(q in s for q in quotes))


def test_a_new_statement_is_found_uncovered() -> None:
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    operation = document["paths"]["/api/v1/snapshots/"]["post"]
    operation["description"] += "\nA snapshot's name is answered in upper case.\n"
    assert uncovered(document) == ["A snapshot's name is answered in upper case."]


def test_every_statement_is_covered_or_set_aside() -> None:
    missing = uncovered()
    assert not missing, "statements of the document in neither table of the page:\n" + "\n".join(
        missing
    )


def test_every_row_quotes_the_document() -> None:
    every = sentences()
    stale = [q for q, _ in COVERED + NOT_CHECKED if not any(q in s for s in every)]
    assert not stale, f"rows quoting what the document no longer says: {stale}"


@pytest.mark.parametrize(("quote", "enforcers"), COVERED, ids=[q[:40] for q, _ in COVERED])
def test_every_enforcer_exists(quote: str, enforcers: str) -> None:
    named = [e.strip() for e in enforcers.split(",")]
    assert named
    assert all(named)
    for enforcer in named:
        match = _ENFORCER.match(enforcer)
        assert match, f"{enforcer!r} is not KIND:NAME"
        assert _exists(match[1], match[2]), f"{enforcer} does not exist"


def test_every_check_scenario_and_model_rule_enforces_a_statement() -> None:
    named = {e.strip() for _, enforcers in COVERED for e in enforcers.split(",")}
    unused = sorted(
        [f"check:{c}" for c in CHECKS if f"check:{c}" not in named]
        + [f"scenario:{s}" for s in SCENARIOS if f"scenario:{s}" not in named]
        + [f"model:{r}" for r in RULES if f"model:{r}" not in named]
    )
    assert not unused, f"checks without a statement in the page's table: {unused}"
