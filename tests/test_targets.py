"""The registry of targets (scripts/targets/__init__.py) is the one list of them, true to the
files it names; each target's code is in its own module, and no other module branches on a
target's name; the layers' contract it holds is true to every layer's source and to the table
of docs/clients.md."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import targets
from spec_changes import layer
from tests import openapi_document
from tests import targets as target_tests

ROOT = Path(__file__).resolve().parent.parent
# The project's own Python (the noxfile's PYTHON_SOURCES), where a list of targets could hide.
SOURCES = ("noxfile.py", "scripts", "tests", "spec_changes", "snapshots_mock", "contract_tests",
           "bench", "snapshots_cli", "snapshots_mcp")  # fmt: skip
REGISTRY = ROOT / "scripts" / "targets" / "__init__.py"
# Each target's own code: its build side (generator, packager, code sample) and its test side
# (how the tests build and run its programs), where it may say what the target is.
BUILD_MODULES = ROOT / "scripts" / "targets"
TEST_MODULES = ROOT / "tests" / "targets"
# Modules allowed to compare a value with a target's name though they are no target's own: none.
# A branch on a target belongs in that target's module; list one here only with the reason.
COMPARE_EXCEPTIONS: tuple[str, ...] = ()
# A collection literal naming this many targets is a list of targets.
AT_MOST = 2
CLIENTS_MD = ROOT / "docs" / "clients.md"
TABLE_MARK = "<!-- layer names: scripts/targets/__init__.py -->"
OPERATION_IDS = [
    str(operation["operationId"])
    for _, _, operation in openapi_document.operations(openapi_document.load())
]


def _spellings() -> set[str]:
    """How a target can be written: its name and its label."""
    return {spelling for t in targets.TARGETS.values() for spelling in (t.name, t.label)}


def target_lists(source: str, spellings: set[str]) -> Iterator[tuple[int, list[str]]]:
    """Each list, tuple, set or dict literal of `source` that holds more than AT_MOST targets'
    names as strings (a dict by its keys): (its line, the names)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        else:
            continue
        named = [
            item.value
            for item in items
            if isinstance(item, ast.Constant) and isinstance(item.value, str)
            if item.value in spellings
        ]
        if len(set(named)) > AT_MOST:
            yield node.lineno, named


def _python_files() -> Iterator[Path]:
    for source in SOURCES:
        path = ROOT / source
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


def test_no_module_but_the_registry_lists_the_targets() -> None:
    spellings = _spellings()
    found = [
        f"{path.relative_to(ROOT)}:{line}: {names}"
        for path in _python_files()
        if path != REGISTRY
        for line, names in target_lists(path.read_text(encoding="utf-8"), spellings)
    ]
    assert not found, "a list of targets outside scripts/targets/:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'BINDINGS = ("go", "java", "rust")',
        'TARGETS = ["python", "typescript", "go", "java", "rust"]',
        "CLIENTS = {'typescript': 1, 'go': 2, 'rust': 3}",
        'f(names={"Go", "Java", "Rust"})',
    ],
)
def test_the_scan_finds_a_list_of_targets(source: str) -> None:
    assert list(target_lists(source, _spellings()))


def test_the_scan_leaves_fewer_targets_alone() -> None:
    assert not list(target_lists('if language in ("go", "java"): pass', _spellings()))


def target_comparisons(source: str, names: set[str]) -> Iterator[tuple[int, str]]:
    """Each comparison of `source` with a target's name as a string (`language == "go"`,
    `"rust" != target`, `name in "java"`): (its line, the comparison)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            isinstance(operand, ast.Constant) and operand.value in names
            for operand in (node.left, *node.comparators)
        ):
            yield node.lineno, ast.unparse(node)


def _own_module(path: Path) -> bool:
    """Whether `path` is a target's own module (scripts/targets/<name>.py, tests/targets/...)."""
    return path.parent in (BUILD_MODULES, TEST_MODULES) and path.stem in targets.TARGETS


def test_no_module_but_a_targets_own_compares_with_a_target_name() -> None:
    names = set(targets.NAMES)
    found = [
        f"{path.relative_to(ROOT)}:{line}: {comparison}"
        for path in _python_files()
        if not _own_module(path) and path.relative_to(ROOT).as_posix() not in COMPARE_EXCEPTIONS
        for line, comparison in target_comparisons(path.read_text(encoding="utf-8"), names)
    ]
    assert not found, (
        "a branch on a target outside its module (scripts/targets/<name>.py, "
        "tests/targets/<name>.py):\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        'if language == "go":\n    pass',
        'skip = target != "rust"',
        'if "java" == name:\n    pass',
        'ok = "python" in languages',
    ],
)
def test_the_scan_finds_a_comparison_with_a_target_name(source: str) -> None:
    assert list(target_comparisons(source, set(targets.NAMES)))


def test_the_scan_leaves_other_comparisons_alone() -> None:
    source = 'if language == "curl" or name == GO or label == "Go":\n    pass'
    assert not list(target_comparisons(source, set(targets.NAMES)))


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_every_target_has_its_own_build_module(target: targets.Target) -> None:
    assert (BUILD_MODULES / f"{target.name}.py").is_file()
    module = f"scripts.targets.{target.name}"
    references = [target.generator, target.samples.renderer]
    references += [target.package.packager] if target.package.packager else []
    assert [reference.partition(":")[0] for reference in references] == [module] * len(references)
    assert [reference.partition(":")[2] for reference in references] == [
        "generate",
        "sample",
        *(["package"] if target.package.packager else []),
    ]


def test_the_registry_imports_none_of_its_modules() -> None:
    # The changes session imports the registry with PyYAML alone installed: a generator, a
    # packager or a renderer imported with it would bring their tools along.
    imported = [
        alias.name if isinstance(node, ast.Import) else "." * node.level + (node.module or "")
        for node in ast.walk(ast.parse(REGISTRY.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert imported
    assert not [name for name in imported if name.startswith((".", "scripts", "tests"))]


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_every_file_the_registry_names_exists(target: targets.Target) -> None:
    assert target.name == target.package.folder
    for path in target.paths():
        assert list(ROOT.glob(path)), path
    assert targets.layer_files(target)
    assert (ROOT / "generated" / target.name).is_dir()


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_every_function_the_registry_names_is_there(target: targets.Target) -> None:
    references = [target.generator, target.samples.renderer]
    references += [target.package.packager] if target.package.packager else []
    for reference in references:
        assert callable(targets.resolve(reference)), reference
    assert target.layer.method_case in layer.CASES


def _parameters(function: object) -> list[str]:
    assert callable(function)
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_every_target_has_its_own_test_module_with_every_function(target: targets.Target) -> None:
    # The shared tests call these (the scenario, the samples run, the READMEs followed, the
    # samples' imports): a target without one would fail there, late and in a slow test.
    assert target.tests.module == f"tests.targets.{target.name}"
    assert (TEST_MODULES / f"{target.name}.py").is_file()
    module = target_tests.of(target.name)
    for name, expected in inspect.getmembers(target_tests.TargetTests, inspect.isfunction):
        if not name.startswith("_"):
            assert _parameters(getattr(module, name)) == _parameters(expected)[1:], name


# --- The layers' contract -----------------------------------------------------------------------


def declared(target: targets.Target, name: str, source: str) -> bool:
    """Whether every part of the qualified `name` is declared in `source` (the layer's)."""
    parts = re.split(r"\.|::", name.removesuffix("()").removesuffix("="))
    return all(
        re.search(target.layer.declaration.replace("{name}", re.escape(part)), source, re.M)
        for part in parts
    )


def _layer_source(target: targets.Target) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in targets.layer_files(target))


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_every_concept_has_a_name_in_every_layer(target: targets.Target) -> None:
    assert list(target.layer.names) == list(targets.CONCEPTS)
    assert all(target.layer.names.values())


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_every_name_of_the_contract_is_declared_in_the_layers_source(
    target: targets.Target,
) -> None:
    source = _layer_source(target)
    rows = targets.contract_rows(OPERATION_IDS, layer.method)
    missing = [
        (what, name)
        for what, cells in rows
        for name in cells[target.name]
        if not declared(target, name, source)
    ]
    assert not missing


@pytest.mark.parametrize("target", targets.TARGETS.values(), ids=targets.NAMES)
def test_a_name_the_layer_does_not_declare_is_found_missing(target: targets.Target) -> None:
    source = _layer_source(target)
    assert declared(target, "SnapshotsClient", source)
    assert not declared(target, "SnapshotsClient.noSuchMethod", source)
    assert not declared(target, "NoSuchName", source)


def test_no_retries_is_one_name_in_every_language() -> None:
    # "No retries" was NO_RETRIES, NoRetries() and RetryPolicy::disabled(): the same words now,
    # in each language's case.
    spelled = {
        re.split(r"\.|::", name.removesuffix("()"))[-1].replace("_", "").lower()
        for target in targets.TARGETS.values()
        for name in target.layer.names["no_retries"]
    }
    assert spelled == {"noretries"}


def _docs_table() -> list[str]:
    lines = CLIENTS_MD.read_text(encoding="utf-8").splitlines()
    start = lines.index(TABLE_MARK) + 1
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return lines[start:end]


def test_the_docs_table_is_the_registrys() -> None:
    expected = targets.contract_table(OPERATION_IDS, layer.method)
    assert _docs_table() == expected, "\n".join(
        ["docs/clients.md's table of the layers' names should read:", TABLE_MARK, *expected]
    )
