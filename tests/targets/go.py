"""The Go target's test side (tests/targets/__init__.py): the client and every program built as
its users build them, with `go vet` and staticcheck (pinned in openapi/go-client/tools/go.mod);
each program is a module of its own requiring the client through a `replace`."""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from scripts import targets
from scripts.targets.go import GO_ENV, MODULE, TOOLS
from tests.bindings.builds import BUILD, GENERATED, ROOT, BuildError, fresh, run
from tests.system import program

NAME = "go"
SCENARIO = ROOT / targets.TARGETS[NAME].tests.scenario_folder / "main.go"


@functools.cache
def staticcheck() -> Path:
    binary = BUILD / "bin" / "staticcheck"
    run([program("go"), "build", "-o", str(binary), "honnef.co/go/tools/cmd/staticcheck"],
        TOOLS, GO_ENV)  # fmt: skip
    return binary


def go_strict(module: Path) -> None:
    """`go vet` and staticcheck on every package of `module`."""
    run([program("go"), "vet", "./..."], module, GO_ENV)
    run([str(staticcheck()), "./..."], module, GO_ENV)


@functools.cache
def go_client() -> Path:
    """generated/go, checked strictly (vet and staticcheck write nothing into it)."""
    go_strict(GENERATED / NAME)
    return GENERATED / NAME


def go_client_module() -> str:
    """The module path generated/go declares (scripts/targets/go.py's module_path())."""
    return (GENERATED / NAME / "go.mod").read_text(encoding="utf-8").split()[1]


# Any major version's import path of the client, quoted as in an import declaration.
_CLIENT_IMPORT = re.compile(rf'"{re.escape(MODULE)}(?:/v[0-9]+)?"')


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
    module = fresh(BUILD / NAME / name)
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


# --- TargetTests ------------------------------------------------------------------------------


def scenario() -> list[str]:
    return [str(go_program("scenario", go_committed_program(SCENARIO)))]


def programs(batch: str, sources: Mapping[str, str]) -> dict[str, list[str]]:
    return {name: [str(go_program(f"{batch}-{name}", source))] for name, source in sources.items()}


def bundle(dest: Path, scratch: Path) -> None:
    packager = targets.TARGETS[NAME].package.packager
    assert packager is not None
    targets.resolve(packager)(dest, scratch)


def user_environment(env: dict[str, str], home: Path) -> None:
    # -modcacherw: the module cache is read-only otherwise, and the temporary folder could not be
    # removed.
    env.update(GOMODCACHE=str(home / "go-mod"), GOFLAGS="-modcacherw", GOTOOLCHAIN="local")


def sample_imports(source: str) -> set[str]:
    (block,) = re.findall(r"(?s)\nimport \((.*?)\n\)", source)
    paths = re.findall(r'"([^"]+)"', block)
    return {path for path in paths if "." in path.split("/")[0]}
