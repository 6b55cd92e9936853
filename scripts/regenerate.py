"""Regenerate everything in generated/ from the OpenAPI document, or check that it is current.

Usage:
    python -m scripts.regenerate [TARGET ...]           # rewrite generated/<target>
    python -m scripts.regenerate --check [TARGET ...]   # exit 1, naming files, if it differs

With no TARGET every target is made. Every target is first generated into a temporary
directory; generated/ is replaced only when all of them succeeded, so a failing generator leaves
it exactly as it was. `--spec` and `--generated` point at another document or output directory
(the tests use them on broken copies).
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scripts import targets

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
GENERATED = ROOT / "generated"
DIFF_LINES = 40

# Each target writes one complete project into a new, empty directory; the targets and their
# generators are the registry's (scripts/targets/__init__.py).
Generator = Callable[[Path, Path], None]
TARGETS: dict[str, Generator] = {
    name: targets.resolve(target.generator) for name, target in targets.TARGETS.items()
}


@dataclass
class Drift:
    """How a committed tree differs from a fresh one, as paths relative to the tree."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _files(tree: Path) -> Iterator[str]:
    for path in sorted(tree.rglob("*")):
        # Bytecode caches appear when the tree is imported in place; they are never output.
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(tree).as_posix()


def compare(committed: Path, fresh: Path) -> Drift:
    """What `fresh` (just generated) adds to, removes from and changes in `committed`."""
    old = set(_files(committed)) if committed.is_dir() else set()
    new = set(_files(fresh))
    changed = [
        name
        for name in sorted(old & new)
        if not filecmp.cmp(committed / name, fresh / name, shallow=False)
    ]
    return Drift(added=sorted(new - old), removed=sorted(old - new), changed=changed)


def _diff(committed: Path, fresh: Path) -> list[str]:
    try:
        before = committed.read_text(encoding="utf-8").splitlines(keepends=True)
        after = fresh.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return ["    (binary file)\n"]
    lines = list(difflib.unified_diff(before, after, "committed", "generated"))
    shown = ["    " + line if line.endswith("\n") else f"    {line}\n" for line in lines]
    if len(shown) > DIFF_LINES:
        shown = [*shown[:DIFF_LINES], f"    ... {len(shown) - DIFF_LINES} more lines\n"]
    return shown


def _report(committed: Path, fresh: Path, drift: Drift) -> str:
    where = _display(committed).as_posix()
    lines = [f"{where} differs from what the document makes:\n"]
    for name in drift.changed:
        lines.append(f"  changed: {where}/{name}\n")
        lines.extend(_diff(committed / name, fresh / name))
    lines.extend(f"  missing (the generator makes it): {where}/{name}\n" for name in drift.added)
    lines.extend(
        f"  extra (the generator no longer makes it): {where}/{name}\n" for name in drift.removed
    )
    return "".join(lines)


def _replace(generated: Path, fresh_root: Path, targets: list[str]) -> None:
    generated.mkdir(parents=True, exist_ok=True)
    # Staged beside generated/ so that each swap below is a rename on one file system.
    staging = Path(tempfile.mkdtemp(prefix=".regenerate-", dir=generated.parent))
    try:
        for name in targets:
            shutil.copytree(fresh_root / name, staging / name)
        for name in targets:
            destination = generated / name
            if destination.exists():
                destination.rename(staging / f"{name}.old")
            (staging / name).rename(destination)
    finally:
        shutil.rmtree(staging)


def _display(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _generate_all(spec: Path, fresh_root: Path, targets: list[str]) -> str | None:
    """Generate every target under `fresh_root`; the first failure's report (in the order of
    `targets`), if any."""
    # Each generator is a program of its own (Python, node, go, two JVMs) writing into its own
    # folder: run them side by side, so that the wall time is near the slowest one's.
    with ThreadPoolExecutor(max_workers=max(len(targets), 1)) as pool:
        futures = {name: pool.submit(TARGETS[name], spec, fresh_root / name) for name in targets}
    for name in targets:
        # Whatever a generator raised, generated/ must stay as it was: report it.
        if (error := futures[name].exception()) is not None:
            return f"regenerate: the {name} generator failed on {_display(spec)}:\n{error}"
    return None


def _check(generated: Path, fresh_root: Path, targets: list[str]) -> int:
    drifts = {name: compare(generated / name, fresh_root / name) for name in targets}
    drifted = {name: drift for name, drift in drifts.items() if drift}
    for name, drift in drifted.items():
        print(_report(generated / name, fresh_root / name, drift), end="")
    if drifted:
        print("Regenerate (python3 scripts/run_nox.py -s generate) and commit the result.")
        return 1
    for name in targets:
        print(f"regenerate: {_display(generated / name)} is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"any of {', '.join(TARGETS)}")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument("--spec", type=Path, default=OPENAPI, help="the OpenAPI document")
    parser.add_argument("--generated", type=Path, default=GENERATED, help="the output root")
    args = parser.parse_args(argv)
    targets: list[str] = args.targets or list(TARGETS)
    if unknown := sorted(set(targets) - set(TARGETS)):
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    spec: Path = args.spec.resolve()
    generated: Path = args.generated.resolve()

    with tempfile.TemporaryDirectory(prefix="regenerate-") as scratch:
        fresh_root = Path(scratch)
        if failure := _generate_all(spec, fresh_root, targets):
            print(f"{failure}\n{_display(generated)} is unchanged.", file=sys.stderr)
            return 1
        if args.check:
            return _check(generated, fresh_root, targets)
        _replace(generated, fresh_root, targets)
    for name in targets:
        print(f"regenerate: wrote {_display(generated / name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
