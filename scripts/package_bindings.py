"""Package the Go, Java and Rust clients as their ecosystems publish them, into dist/<target>/.

    python -m scripts.package_bindings [TARGET ...]   # go, java, rust; all by default

- go: the module as the Go module proxy serves it (`vps.org/.../@v/VERSION.{zip,mod,info}`),
  so that `GOPROXY=file://$PWD/dist/go` installs it; made by golang.org/x/mod/zip (the go
  command's own code, openapi/go-client/tools/modzip).
- java: `mvn package` of a copy of generated/java: the jar, its sources and javadoc jars, and
  the pom.
- rust: `cargo package` (which builds the packed crate to verify it) of a copy: the .crate.

Each is built from a copy in a temporary folder, so generated/ holds exactly what the generator
wrote. The version is the document's info.version, which the generators wrote into each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts import system_deps
from scripts.generate_go import GO_ENV, TOOLS
from scripts.generator_common import ROOT, load, run

GENERATED = ROOT / "generated"
DIST = ROOT / "dist"
OPENAPI = ROOT / "openapi" / "openapi.yaml"
MAVEN_OPTIONS = ("--batch-mode", "--quiet", "--no-transfer-progress")


def package_go(dest: Path, scratch: Path) -> None:
    version = "v" + str(load(OPENAPI)["info"]["version"])
    copy = scratch / "go"
    shutil.copytree(GENERATED / "go", copy)
    run([system_deps.ensure("go"), "run", "./modzip", str(copy), version, str(dest)], TOOLS, GO_ENV)


def package_java(dest: Path, scratch: Path) -> None:
    copy = scratch / "java"
    shutil.copytree(GENERATED / "java", copy)
    run([system_deps.ensure("mvn"), *MAVEN_OPTIONS, "package", "-DskipTests"], copy)
    for jar in sorted((copy / "target").glob("snapshots-client-*.jar")):
        if not jar.name.endswith("-tests.jar"):
            shutil.copy2(jar, dest / jar.name)
    shutil.copy2(copy / "pom.xml", dest / "pom.xml")


def package_rust(dest: Path, scratch: Path, verify: bool = True) -> None:
    copy = scratch / "rust"
    shutil.copytree(GENERATED / "rust", copy)
    target = scratch / "cargo-target"
    command = [
        system_deps.ensure("cargo"),
        "package",
        "--quiet",
        "--allow-dirty",
        "--target-dir",
        str(target),
    ]
    run([*command, *(() if verify else ("--no-verify",))], copy)
    for crate in (target / "package").glob("*.crate"):
        shutil.copy2(crate, dest / crate.name)


PACKAGERS: dict[str, Callable[[Path, Path], None]] = {
    "go": package_go,
    "java": package_java,
    "rust": package_rust,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(PACKAGERS))
    parser.add_argument("--dist", type=Path, default=DIST, help="the output root")
    args = parser.parse_args(argv)
    for name in args.targets or list(PACKAGERS):
        dest: Path = args.dist / name
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        with tempfile.TemporaryDirectory(prefix=f"package-{name}-") as scratch:
            try:
                PACKAGERS[name](dest, Path(scratch))
            # Any failure of a build tool: name the target, and leave its dist/ folder empty.
            except Exception as error:
                print(f"package_bindings: {name} failed:\n{error}", file=sys.stderr)
                return 1
        for path in sorted(dest.rglob("*")):
            if path.is_file():
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                print(f"package_bindings: wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
