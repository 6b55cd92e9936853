"""The Rust target's test side (tests/targets/__init__.py): `cargo clippy -- -D warnings` on the
crate and on a small crate of programs (tests/scenario/rust: its Cargo.lock pins every crate
the tests build; the client's own entry follows the document's version)."""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from scripts import targets
from tests.bindings.builds import BUILD, GENERATED, ROOT, run
from tests.system import program

NAME = "rust"
PROGRAMS = ROOT / targets.TARGETS[NAME].tests.scenario_folder
CARGO_ENV = {"CARGO_TARGET_DIR": str(BUILD / "cargo-target"), "CARGO_TERM_COLOR": "never"}
_CLIENT_PATH = 'path = "../../../generated/rust"'


@functools.cache
def rust_programs() -> Path:
    """The crate of programs (tests/scenario/rust), checked by clippy with `-D warnings` (the
    client crate too, as its path dependency) and built; the folder of its binaries."""
    crate = BUILD / NAME / "programs"
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(PROGRAMS, crate)
    manifest = crate / "Cargo.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(_CLIENT_PATH, f'path = "{GENERATED / NAME}"'),
        encoding="utf-8",
    )
    # The client first, as its own package: clippy lints only the package it is given.
    run([program("cargo"), "clippy", "--quiet", "--package", "vps-snapshots-client", "--",
         "-D", "warnings"], crate, CARGO_ENV)  # fmt: skip
    run([program("cargo"), "clippy", "--quiet", "--bins", "--", "-D", "warnings"], crate,
        CARGO_ENV)  # fmt: skip
    run([program("cargo"), "build", "--quiet", "--bins"], crate, CARGO_ENV)
    return BUILD / "cargo-target" / "debug"


def rust_binaries(name: str, sources: Mapping[str, str]) -> Path:
    """Build each of `sources` (binary name -> main.rs) in a crate of its own that uses the
    client like the programs' crate (its Cargo.lock), after clippy with `-D warnings`; the
    folder of the binaries."""
    crate = BUILD / NAME / name
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(PROGRAMS, crate, ignore=shutil.ignore_patterns("*.rs"))
    manifest = crate / "Cargo.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        .replace(_CLIENT_PATH, f'path = "{GENERATED / NAME}"')
        .replace('name = "snapshots-client-programs"', f'name = "{name}"'),
        encoding="utf-8",
    )
    (crate / "src" / "bin").mkdir(parents=True, exist_ok=True)
    for binary, source in sources.items():
        (crate / "src" / "bin" / f"{binary}.rs").write_text(source, encoding="utf-8")
    run([program("cargo"), "clippy", "--quiet", "--bins", "--", "-D", "warnings"], crate, CARGO_ENV)
    run([program("cargo"), "build", "--quiet", "--bins"], crate, CARGO_ENV)
    return BUILD / "cargo-target" / "debug"


def _binary_name(name: str) -> str:
    """A Cargo binary's name for a program's (an operationId, say): snake case."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")


# --- TargetTests ------------------------------------------------------------------------------


def scenario() -> list[str]:
    return [str(rust_programs() / "scenario")]


def programs(batch: str, sources: Mapping[str, str]) -> dict[str, list[str]]:
    binaries = {f"{_binary_name(batch)}_{_binary_name(name)}": name for name in sources}
    folder = rust_binaries(batch, {binary: sources[name] for binary, name in binaries.items()})
    return {name: [str(folder / binary)] for binary, name in binaries.items()}


def bundle(dest: Path, scratch: Path) -> None:
    # Without cargo's verifying build: the quick start builds the packed crate anyway.
    packager = targets.TARGETS[NAME].package.packager
    assert packager is not None
    targets.resolve(packager)(dest, scratch, verify=False)


def user_environment(env: dict[str, str], home: Path) -> None:
    # Cargo's build folder is shared, so that a second run does not build reqwest again.
    env.update(CARGO_TARGET_DIR=str(BUILD / "readme-cargo-target"))


def sample_imports(source: str) -> set[str]:
    roots = set(re.findall(r"(?<![\w:])([a-z_][a-z0-9_]*)::", source))
    return roots - {"std", "core", "alloc"}
