"""Package the clients the registry gives a packager as their ecosystems publish them, into
dist/<target>/ (the others, Python and TypeScript, the noxfile's build session packs itself).

    python -m scripts.package_bindings [TARGET ...]   # those of scripts/targets/ with a packager

Each folder is what its ecosystem's own tool installs from, with neither the network (for the
client itself) nor this repository (docs/clients.md, "Installing from a release bundle"): a Go
module proxy folder, a Maven repository, a Cargo directory source. What each is and how it is
made is its target module's `package` (scripts/targets/<name>.py); this module is the driver:
the arguments, the loop over the registry's packaged targets, the report.

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

from scripts import targets
from scripts.generator_common import ROOT

DIST = ROOT / "dist"

# The targets this module packages, and the function of each (the target module's `package`, see
# scripts/targets/<name>.py), are the registry's (`Package.packager`).
Packager = Callable[[Path, Path], None]
PACKAGERS: dict[str, Packager] = {
    name: targets.resolve(target.package.packager)
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
