"""Build the command-line tool's and the MCP server's wheels, each with the tool bundle inside.

    python -m scripts.package_tools DIST     # nox -s build: DIST is dist/, the wheels go to
                                             # dist/cli/ and dist/mcp/ (each target.DIST_FOLDER)

``vps-snapshots-cli`` holds ``snapshots_cli`` and ``bundle.json`` (scripts/tool_bundle.py: what
the document and the translation catalog say, so that the installed command never reads this
repository) and installs ``vps-snapshots``; ``vps-snapshots-mcp`` holds ``snapshots_mcp`` and
installs ``vps-snapshots-mcp``, and depends on the first for the bundle and the failures. Both
take the document's version, like the clients, and depend on the Python client of that version
(``vps-snapshots-client``, in dist/python/) and on their libraries at ``~=`` the version
requirements/tools.txt pins (as scripts/package_contract.py does for the contract suite's). Each
target's names and folder are its package's ``target`` module.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from scripts import tool_bundle
from scripts.package_contract import BUILD_LOCK, build_backend, compatible, pins, uv
from scripts.targets import TOOLS, tool_facts
from snapshots_cli import exit_codes

ROOT = Path(__file__).resolve().parent.parent
TOOLS_LOCK = ROOT / "requirements" / "tools.txt"
CLIENT = "vps-snapshots-client"
TARGETS = {name: tool_facts(name) for name in TOOLS}
SUMMARY = {name: tool.summary for name, tool in TOOLS.items()}
cli_target = TARGETS["cli"]
README = """\
# {distribution}

{summary} (version {version}).

Install it from the release bundle (`dist/`), beside the Python client it calls:

```sh
pip install --find-links /path/to/dist/python --find-links /path/to/dist/cli{mcp_links} \\
    {distribution}=={version}
```

The manual is docs/{manual}.md in the toolkit's repository.
"""


def dependencies(name: str, version: str) -> list[str]:
    pinned = pins(TOOLS_LOCK)
    target = TARGETS[name]
    missing = [d for d in target.DEPENDENCIES if d not in pinned]
    if missing:
        raise SystemExit(f"requirements/tools.txt pins no {', '.join(missing)}")
    own = [f"{CLIENT}=={version}"]
    if name == "mcp":
        own.append(f"{cli_target.DISTRIBUTION}=={version}")
    return own + [compatible(d, pinned[d]) for d in target.DEPENDENCIES]


def pyproject(name: str, version: str) -> str:
    target: ModuleType = TARGETS[name]
    listed = "".join(f'    "{d}",\n' for d in dependencies(name, version))
    return f"""\
[project]
name = "{target.DISTRIBUTION}"
version = "{version}"
description = "{SUMMARY[name]}"
readme = "README.md"
requires-python = ">=3.11"
license = "Apache-2.0"
dependencies = [
{listed}]

[project.scripts]
{target.COMMAND} = "{target.ENTRY_POINT}"

[build-system]
requires = ["{build_backend()}"]
build-backend = "uv_build"

[tool.uv.build-backend]
module-name = "{target.PACKAGE}"
module-root = ""
"""


def stage(name: str, folder: Path, bundle: tool_bundle.Json) -> None:
    target: ModuleType = TARGETS[name]
    package = folder / target.PACKAGE
    shutil.copytree(
        ROOT / target.PACKAGE,
        package,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "bundle.json"),
    )
    if name == "cli":
        text = json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"
        (package / "bundle.json").write_text(text, encoding="utf-8")
    version = bundle["version"]
    (folder / "pyproject.toml").write_text(pyproject(name, version), encoding="utf-8")
    readme = README.format(
        distribution=target.DISTRIBUTION,
        summary=SUMMARY[name],
        version=version,
        mcp_links=" --find-links /path/to/dist/mcp" if name == "mcp" else "",
        manual=name,
    )
    (folder / "README.md").write_text(readme, encoding="utf-8")


def build(dist: Path) -> dict[str, Path]:
    """Build both wheels into their folders under `dist` (earlier wheels removed); the wheels."""
    bundle = tool_bundle.bundle(tool_bundle.load_document())
    exit_codes.check_codes(bundle["error_statuses"])
    built = {}
    for name, target in TARGETS.items():
        out_dir = (dist / Path(target.DIST_FOLDER).name).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        prefix = target.DISTRIBUTION.replace("-", "_")
        for old in out_dir.glob(f"{prefix}-*.whl"):
            old.unlink()
        with tempfile.TemporaryDirectory(prefix=f"{name}-package-") as scratch:
            stage(name, Path(scratch), bundle)
            subprocess.run(
                [
                    uv(),
                    "build",
                    "--quiet",
                    "--wheel",
                    "--no-create-gitignore",
                    "--build-constraints",
                    str(BUILD_LOCK),
                    "--out-dir",
                    str(out_dir),
                    scratch,
                ],
                check=True,
            )
        (built[name],) = out_dir.glob(f"{prefix}-*.whl")
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the release bundle's folder (dist)")
    args = parser.parse_args(argv)
    for wheel in build(args.dist).values():
        print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
