"""Build the contract suite's wheel, ``vps-snapshots-contract``, with the OpenAPI document inside.

    python -m scripts.package_contract OUT_DIR      # nox -s build: OUT_DIR is dist/contract

The wheel holds the package ``contract_tests`` (as in this repository, with the document beside
its modules as ``contract_tests/openapi.yaml``, which `contract_tests.document` prefers) and one
command, ``vps-snapshots-contract`` (`contract_tests.cli.main`): teams that do not clone this
repository install it and test a deployment with it (docs/contract-tests.md, docs/ci/). It does
not hold the mock: an installed run needs ``--base-url``.

Its version is the document's (``info.version``), like the clients'. Its dependencies are the
suite's direct imports, each at the version pinned in ``requirements/contract.txt`` (the one the
tests run) up to the next minor version (``~=X.Y.Z``): compatible fixes come in, nothing that
may change the checks. The pyproject.toml is written here, in a staging folder, so that the
wheel is built from exactly the package and the document; uv builds it with the build backend
pinned in ``requirements/build.txt`` (uv_build), as the Python client is built.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "contract_tests"
OPENAPI = ROOT / "openapi" / "openapi.yaml"
CONTRACT_LOCK = ROOT / "requirements" / "contract.txt"
BUILD_LOCK = ROOT / "requirements" / "build.txt"
NAME = "vps-snapshots-contract"
COMMAND = "vps-snapshots-contract"
# What contract_tests imports (beside the standard library, and the mock it imports only when
# it runs in this repository).
DEPENDENCIES = ("schemathesis", "hypothesis", "pytest", "pyyaml", "httpx")
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([0-9][^\s;]*)", re.MULTILINE)

README = """\
# vps-snapshots-contract

The contract tests of the VPS.org Snapshots API (Schemathesis property tests, a stateful run
along the document's links, the API's rules as checks and scenarios, a reference model of the
account), packaged with the OpenAPI document {version} they test against.

```sh
export VPS_API_TOKEN=...                       # from your CI's secret store; never an argument
{command} --base-url https://api.example.com   # read-only
{command} --base-url URL --allow-writes --disposable-server-id ID [--allow-restore]
{command} --base-url URL --spec openapi-1.0.0.yaml   # against another version of the document
{command} --help
```

Every run writes a JUnit XML report (`reports/contract/live.xml`, or `--junit-xml`) and a
Markdown summary (`--summary FILE`, and `$GITHUB_STEP_SUMMARY` when it is set).
"""


def pins(lock: Path = CONTRACT_LOCK) -> dict[str, str]:
    """Each package pinned in `lock`, and its version."""
    text = lock.read_text(encoding="utf-8")
    return {name.lower(): version for name, version in _PIN.findall(text)}


def compatible(name: str, version: str) -> str:
    """``name~=X.Y.Z``: this version, or a later one with the same X.Y."""
    parts = version.split(".")
    if len(parts) < 3:
        raise ValueError(f"{name}=={version}: ~= needs X.Y.Z to stay within X.Y")
    return f"{name}~={version}"


def build_backend() -> str:
    """The uv_build version requirements/build.txt pins, as the build-system requirement."""
    version = pins(BUILD_LOCK)["uv-build"]
    major, minor, *_ = version.split(".")
    return f"uv_build>={version},<{major}.{int(minor) + 1}"


def pyproject(version: str) -> str:
    pinned = pins()
    missing = [name for name in DEPENDENCIES if name not in pinned]
    if missing:
        raise SystemExit(f"requirements/contract.txt pins no {', '.join(missing)}")
    dependencies = "".join(f'    "{compatible(n, pinned[n])}",\n' for n in DEPENDENCIES)
    return f"""\
[project]
name = "{NAME}"
version = "{version}"
description = "Contract tests of the VPS.org Snapshots API, with its OpenAPI document"
readme = "README.md"
requires-python = ">=3.11"
license = "Apache-2.0"
dependencies = [
{dependencies}]

[project.scripts]
{COMMAND} = "contract_tests.cli:main"

[build-system]
requires = ["{build_backend()}"]
build-backend = "uv_build"

[tool.uv.build-backend]
module-name = "contract_tests"
module-root = ""
"""


def stage(folder: Path) -> str:
    """Lay out the package to build in `folder`; its version."""
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    version = str(document["info"]["version"])
    shutil.copytree(
        PACKAGE, folder / "contract_tests", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    shutil.copyfile(OPENAPI, folder / "contract_tests" / "openapi.yaml")
    (folder / "pyproject.toml").write_text(pyproject(version), encoding="utf-8")
    readme = README.format(version=version, command=COMMAND)
    (folder / "README.md").write_text(readme, encoding="utf-8")
    return version


def uv() -> str:
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    if found is None:
        raise SystemExit("uv is not installed (requirements/build.txt)")
    return found


def build(out_dir: Path) -> Path:
    """Build the wheel into `out_dir` (its earlier wheels removed); return it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("vps_snapshots_contract-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="contract-package-") as scratch:
        stage(Path(scratch))
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
                str(out_dir.resolve()),
                scratch,
            ],
            check=True,
        )
    (wheel,) = out_dir.glob("vps_snapshots_contract-*.whl")
    return wheel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="where the wheel goes (dist/contract)")
    args = parser.parse_args(argv)
    print(build(args.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
