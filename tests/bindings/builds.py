"""Build the Go, Java and Rust clients and programs that use them, with each language's strict
settings, as their users build them.

- Go: `go vet` and staticcheck (pinned in openapi/go-client/tools/go.mod) on the module and on
  every program, which is its own module requiring the client through a `replace`.
- Java: `mvn package` of a copy of generated/java (the jar, sources and javadoc a user gets),
  then `javac -Xlint:all -Werror` on the client's sources and on every program, against the
  dependencies Maven resolved.
- Rust: `cargo clippy -- -D warnings` on the crate and on a small crate of programs
  (tests/scenario/rust: its Cargo.lock pins every crate the tests build; the
  client's own entry follows the document's version).

Everything is written under `.build-bindings/` (ignored by git), so that Go's, Maven's and
Cargo's caches make a second run fast; the committed trees are never written to. Toolchains'
downloads come from the Go module proxy, Maven Central and crates.io only.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from scripts.generate_go import MODULE as GO_MODULE_BASE
from tests.system import program

ROOT = Path(__file__).resolve().parent.parent.parent
GENERATED = ROOT / "generated"
BUILD = ROOT / ".build-bindings"
GO_TOOLS = ROOT / "openapi" / "go-client" / "tools"
RUST_PROGRAMS = ROOT / "tests" / "scenario" / "rust"
GO_ENV = {"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod -buildvcs=false"}
CARGO_ENV = {"CARGO_TARGET_DIR": str(BUILD / "cargo-target"), "CARGO_TERM_COLOR": "never"}
MAVEN_OPTIONS = ("--batch-mode", "--quiet", "--no-transfer-progress")
JAVAC_STRICT = ("-Xlint:all", "-Werror", "--release", "17")


class BuildError(AssertionError):
    """A build or strict check failed; the message holds the tool's output."""


def run(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    result = subprocess.run(
        list(command),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(
            f"{' '.join(command)} (in {cwd}) exited with {result.returncode}:\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout


def readme_blocks(readme: Path, language: str) -> list[str]:
    """The contents of the README's ```language fenced blocks."""
    text = readme.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# Go ----------------------------------------------------------------------------------------


@functools.cache
def staticcheck() -> Path:
    binary = BUILD / "bin" / "staticcheck"
    run(
        [program("go"), "build", "-o", str(binary), "honnef.co/go/tools/cmd/staticcheck"],
        GO_TOOLS,
        GO_ENV,
    )
    return binary


def go_strict(module: Path) -> None:
    """`go vet` and staticcheck on every package of `module`."""
    run([program("go"), "vet", "./..."], module, GO_ENV)
    run([str(staticcheck()), "./..."], module, GO_ENV)


@functools.cache
def go_client() -> Path:
    """generated/go, checked strictly (vet and staticcheck write nothing into it)."""
    go_strict(GENERATED / "go")
    return GENERATED / "go"


def go_client_module() -> str:
    """The module path generated/go declares (scripts/generate_go.py's module_path())."""
    return (GENERATED / "go" / "go.mod").read_text(encoding="utf-8").split()[1]


# Any major version's import path of the client, quoted as in an import declaration.
_CLIENT_IMPORT = re.compile(rf'"{re.escape(GO_MODULE_BASE)}(?:/v[0-9]+)?"')


def go_committed_program(path: Path) -> str:
    """The source of a committed program (tests/scenario/go, tests/bindings/go_layer), importing
    the client by generated/go's module path.

    They import it by the path of major versions 0 and 1; from 2 on the path ends in /vN (Go's
    semantic import versioning), and the programs are built as their users' would be once they
    changed their imports, without an edit of the programs at each major release.
    """
    source = path.read_text(encoding="utf-8")
    return _CLIENT_IMPORT.sub(f'"{go_client_module()}"', source)


def go_program(name: str, source: str) -> Path:
    """Build `source` (package main) as a module of its own that uses the client; the binary."""
    client = go_client()
    client_module = go_client_module()
    # A program made from the document (a docs sample, the README's example) must name the
    # module path itself: a wrong one would otherwise only show as a failed download.
    imported = {match.group().strip('"') for match in _CLIENT_IMPORT.finditer(source)}
    if imported - {client_module}:
        raise BuildError(f"{name} imports {sorted(imported)}, but generated/go is {client_module}")
    module = _fresh(BUILD / "go" / name)
    # The `replace` gives the code; the required version need only be one the path allows (Go
    # refuses v0.0.0 for a path ending in /vN).
    suffix = re.search(r"/v([0-9]+)$", client_module)
    required = f"v{suffix.group(1) if suffix else 0}.0.0"
    (module / "go.mod").write_text(
        f"module example.com/{name}\n\ngo 1.26.0\n\n"
        f"require {client_module} {required}\n\nreplace {client_module} => {client}\n",
        encoding="utf-8",
    )
    shutil.copyfile(client / "go.sum", module / "go.sum")
    (module / "main.go").write_text(source, encoding="utf-8")
    run([program("go"), "mod", "tidy"], module, GO_ENV)
    go_strict(module)
    binary = module / name
    run([program("go"), "build", "-o", str(binary), "."], module, GO_ENV)
    return binary


# Java --------------------------------------------------------------------------------------


@functools.cache
def java_client() -> Path:
    """A copy of generated/java packaged by Maven and its sources compiled with javac's strict
    settings; the copy, with target/ (the jars) and lib/ (the dependencies)."""
    project = BUILD / "java" / "client"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(GENERATED / "java", project)
    run([program("mvn"), *MAVEN_OPTIONS, "package", "-DskipTests",
         "dependency:copy-dependencies", "-DincludeScope=compile", "-DoutputDirectory=lib"],
        project)  # fmt: skip
    sources = sorted(str(path) for path in (project / "src" / "main" / "java").rglob("*.java"))
    classes = _fresh(project / "strict-classes")
    run([program("javac"), *JAVAC_STRICT, "-cp", java_classpath(project, jar=False),
         "-d", str(classes), *sources], project)  # fmt: skip
    return project


def java_jar(project: Path) -> Path:
    (jar,) = (project / "target").glob("snapshots-client-*[0-9].jar")
    return jar


def java_classpath(project: Path, jar: bool = True) -> str:
    entries = [str(project / "lib" / "*")]
    if jar:
        entries.insert(0, str(java_jar(project)))
    return os.pathsep.join(entries)


def java_program(name: str, class_name: str, source: str) -> list[str]:
    """Compile `source` (public class `class_name`) strictly against the client's jar; the
    command that runs it."""
    project = java_client()
    folder = _fresh(BUILD / "java" / name)
    (folder / f"{class_name}.java").write_text(source, encoding="utf-8")
    classpath = java_classpath(project)
    run([program("javac"), *JAVAC_STRICT, "-cp", classpath, "-d", str(folder / "classes"),
         str(folder / f"{class_name}.java")], folder)  # fmt: skip
    return [
        program("java"),
        "-cp",
        os.pathsep.join((str(folder / "classes"), classpath)),
        class_name,
    ]


# Rust --------------------------------------------------------------------------------------


@functools.cache
def rust_programs() -> Path:
    """The crate of programs (tests/scenario/rust), checked by clippy with `-D warnings` (the
    client crate too, as its path dependency) and built; the folder of its binaries."""
    crate = BUILD / "rust" / "programs"
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(RUST_PROGRAMS, crate)
    manifest = crate / "Cargo.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            'path = "../../../generated/rust"', f'path = "{GENERATED / "rust"}"'
        ),
        encoding="utf-8",
    )
    # The client first, as its own package: clippy lints only the package it is given.
    run([program("cargo"), "clippy", "--quiet", "--package", "vps-snapshots-client", "--",
         "-D", "warnings"], crate, CARGO_ENV)  # fmt: skip
    run([program("cargo"), "clippy", "--quiet", "--bins", "--", "-D", "warnings"], crate,
        CARGO_ENV)  # fmt: skip
    run([program("cargo"), "build", "--quiet", "--bins"], crate, CARGO_ENV)
    return BUILD / "cargo-target" / "debug"


# TypeScript --------------------------------------------------------------------------------

NODE_BIN = ROOT / "node_modules" / ".bin"
NPM_QUIET = ("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn")
TS_CONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2022"],
        "types": ["node"],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "outDir": "build",
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "noEmitOnError": True,
        "skipLibCheck": False,
    },
}


def typescript_tarball(folder: Path) -> Path:
    """Pack the TypeScript client as `nox -s build` does (compiled strictly), into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="typescript-package-") as scratch:
        package = Path(scratch) / "package-source"
        shutil.copytree(GENERATED / "typescript", package)
        run([str(NODE_BIN / "tsc"), "--project", str(package)], package)
        run([program("npm"), "pack", *NPM_QUIET, "--pack-destination", str(folder)], package)
    (tarball,) = folder.glob("*.tgz")
    return tarball


def typescript_program(name: str, source: Path) -> list[str]:
    """Install the packed TypeScript client beside `source` (under .build-bindings/, so that
    the project's node_modules gives tsc and @types/node), compile it strictly; the command
    that runs it."""
    folder = _fresh(BUILD / "typescript" / name)
    tarball = typescript_tarball(folder)
    (folder / "package.json").write_text('{"private": true, "type": "module"}\n', encoding="utf-8")
    run([program("npm"), "install", *NPM_QUIET, "--no-save", "--offline", str(tarball)], folder)
    shutil.copyfile(source, folder / source.name)
    config = {**TS_CONFIG, "include": [source.name]}
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    run([str(NODE_BIN / "tsc"), "--project", str(folder)], folder)
    return [program("node"), str(folder / "build" / source.with_suffix(".js").name)]


def run_against_mock(
    command: Sequence[str], scratch: Path, *mock_options: str
) -> subprocess.CompletedProcess[str]:
    """Run `command` while a fresh mock (the shipped seed data, its own SQLite file) serves at
    ``$SNAPSHOTS_MOCK_URL``; the mock is stopped afterwards whatever happened."""
    from snapshots_mock.testing import mock_process

    database = f"sqlite:///{scratch / 'mock.sqlite3'}"
    with mock_process(scratch / "mock.log", "--database-url", database, *mock_options) as mock:
        return subprocess.run(
            list(command),
            env={**os.environ, "SNAPSHOTS_MOCK_URL": mock.url},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


def readme_seconds(target: str, constant: str) -> float:
    """The seconds the README of generated/`target` gives `constant`, written "`NAME` (N s)" or
    "N s (`NAME`)"."""
    readme = (GENERATED / target / "README.md").read_text(encoding="utf-8")
    name = rf"`(?:\w+\.)?{re.escape(constant)}`"
    number = r"(\d+(?:\.\d+)?) s"
    found = [
        value
        for pair in re.findall(rf"{name}\s+\({number}\)|{number}\s+\({name}\)", readme)
        for value in pair
        if value
    ]
    assert found, (
        f"the {target} README states {constant} as `{constant}` (N s) or N s (`{constant}`)"
    )
    assert len(set(found)) == 1, f"the {target} README gives {constant} two values: {found}"
    return float(found[0])


def rust_binaries(name: str, sources: dict[str, str]) -> Path:
    """Build each of `sources` (binary name -> main.rs) in a crate of its own that uses the
    client like the programs' crate (its Cargo.lock), after clippy with `-D warnings`; the
    folder of the binaries."""
    crate = BUILD / "rust" / name
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(RUST_PROGRAMS, crate, ignore=shutil.ignore_patterns("*.rs"))
    manifest = crate / "Cargo.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        .replace('path = "../../../generated/rust"', f'path = "{GENERATED / "rust"}"')
        .replace('name = "snapshots-client-programs"', f'name = "{name}"'),
        encoding="utf-8",
    )
    (crate / "src" / "bin").mkdir(parents=True, exist_ok=True)
    for binary, source in sources.items():
        (crate / "src" / "bin" / f"{binary}.rs").write_text(source, encoding="utf-8")
    run([program("cargo"), "clippy", "--quiet", "--bins", "--", "-D", "warnings"], crate, CARGO_ENV)
    run([program("cargo"), "build", "--quiet", "--bins"], crate, CARGO_ENV)
    return BUILD / "cargo-target" / "debug"
