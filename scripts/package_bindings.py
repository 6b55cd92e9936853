"""Package the Go, Java and Rust clients as their ecosystems publish them, into dist/<target>/.

    python -m scripts.package_bindings [TARGET ...]   # those of scripts/targets.py with a packager

Each folder is what its ecosystem's own tool installs from, with neither the network (for the
client itself) nor this repository (docs/clients.md, "Installing from a release bundle"):

- go: the module as the Go module proxy serves it (`vps.org/.../@v/VERSION.{zip,mod,info}`),
  so that `GOPROXY=file:///path/to/dist/go,...` installs it; made by golang.org/x/mod/zip (the
  go command's own code, openapi/go-client/tools/modzip).
- java: a Maven repository (`org/vps/snapshots-client/VERSION/`: the pom, the jar, its sources
  and javadoc jars, checksums, maven-metadata.xml), written by maven-deploy-plugin's
  `deploy-file` from `mvn package` of a copy of generated/java; a project names it as a
  `<repository>` with a `file://` URL.
- rust: a Cargo directory source: the crate `cargo package` made (which builds the packed
  crate to verify it), unpacked with its `.cargo-checksum.json`, beside the `.crate` itself.

Each is built from a copy in a temporary folder, so generated/ holds exactly what the generator
wrote. The version is the document's info.version, which the generators wrote into each.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts import system_deps, targets
from scripts.generate_go import GO_ENV, TOOLS
from scripts.generator_common import ROOT, load, run

GENERATED = ROOT / "generated"
DIST = ROOT / "dist"
OPENAPI = ROOT / "openapi" / "openapi.yaml"
MAVEN_OPTIONS = ("--batch-mode", "--quiet", "--no-transfer-progress")
# Pinned: Maven 3.8's default binding of `deploy` is 2.7, which writes no sources or javadoc.
MAVEN_DEPLOY_FILE = "org.apache.maven.plugins:maven-deploy-plugin:3.1.2:deploy-file"


def package_go(dest: Path, scratch: Path) -> None:
    version = "v" + str(load(OPENAPI)["info"]["version"])
    copy = scratch / "go"
    shutil.copytree(GENERATED / "go", copy)
    run([system_deps.ensure("go"), "run", "./modzip", str(copy), version, str(dest)], TOOLS, GO_ENV)


def package_java(dest: Path, scratch: Path) -> None:
    copy = scratch / "java"
    shutil.copytree(GENERATED / "java", copy)
    run([system_deps.ensure("mvn"), *MAVEN_OPTIONS, "package", "-DskipTests"], copy)
    maven_repository(dest, copy)


def maven_repository(dest: Path, project: Path) -> None:
    """Deploy the jars `mvn package` made in `project` into the Maven repository `dest`."""
    (jar,) = (project / "target").glob("snapshots-client-*[0-9].jar")
    stem = jar.name.removesuffix(".jar")
    target = project / "target"
    command = [
        system_deps.ensure("mvn"),
        *MAVEN_OPTIONS,
        MAVEN_DEPLOY_FILE,
        f"-Dfile={jar}",
        f"-DpomFile={project / 'pom.xml'}",
        f"-Dsources={target / (stem + '-sources.jar')}",
        f"-Djavadoc={target / (stem + '-javadoc.jar')}",
        f"-Durl={dest.resolve().as_uri()}",
        "-DrepositoryId=release-bundle",
    ]
    run(command, project)


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
        directory_source_entry(dest, crate)


def directory_source_entry(dest: Path, crate: Path) -> None:
    """Unpack `crate` into the Cargo directory source `dest`, with its `.cargo-checksum.json`.

    By hand because cargo only writes this layout for crates it vendors from a registry (`cargo
    vendor`); the format is the one cargo documents for directory sources: each file's sha256
    and the .crate's, which Cargo.lock records.
    """
    with tarfile.open(crate) as archive:
        archive.extractall(dest, filter="data")
    unpacked = dest / crate.name.removesuffix(".crate")
    files = {
        path.relative_to(unpacked).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(unpacked.rglob("*"))
        if path.is_file()
    }
    package = hashlib.sha256(crate.read_bytes()).hexdigest()
    checksums = json.dumps({"files": files, "package": package}, sort_keys=True)
    (unpacked / ".cargo-checksum.json").write_text(checksums, encoding="utf-8")


# The targets this module packages, and the function of each, are the registry's
# (scripts/targets.py, `Package.packager`).
Packager = Callable[[Path, Path], None]


def _packager(reference: str) -> Packager:
    module, _, function = reference.partition(":")
    # The registry names functions of this module: looked up here rather than imported, since
    # under `python -m` this module is __main__ and an import would load it a second time.
    if module != "scripts.package_bindings":
        raise ValueError(f"scripts/targets.py names a packager outside this module: {reference}")
    packager: Packager = globals()[function]
    return packager


PACKAGERS: dict[str, Packager] = {
    name: _packager(target.package.packager)
    for name, target in targets.TARGETS.items()
    if target.package.packager is not None
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
