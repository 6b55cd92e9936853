"""Run the reference page's code samples as their readers would, and read what they print.

- cURL: the sample's own command line, by bash, with the real curl; a curl configuration file
  (``CURL_HOME/.curlrc``) adds ``--include``, so that the status line is printed while the
  command stays exactly the sample.
- Python: the sample as a script in an isolated interpreter of this environment (``-I``: nothing
  but site-packages on its path), so it imports the client installed from its wheel.
- TypeScript: the generated SDK built and packed as the ``typescript`` session packs it, the
  tarball installed by name into a scratch project, the samples compiled there strictly with the
  project's tsc, and run with node.

The Python and TypeScript samples print the status code, then the body as JSON (nothing for a
body-less answer).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.system import program

ROOT = Path(__file__).resolve().parent.parent.parent
TS_CLIENT = ROOT / "generated" / "typescript"
NODE_MODULES = ROOT / "node_modules"
TSC = NODE_MODULES / ".bin" / "tsc"
TS_PACKAGE = "@vps-org/snapshots-client"
NPM_QUIET = ("--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn")
TIMEOUT = 120

Json = Any

# The samples are compiled as a Node user compiles them: strict, ES modules (top-level await),
# Node's own types (from the toolkit's pinned @types/node) and no DOM library.
SAMPLES_TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2022"],
        "types": ["node"],
        "typeRoots": [str(NODE_MODULES / "@types")],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "rootDir": "src",
        "outDir": "build",
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "isolatedModules": True,
        "verbatimModuleSyntax": True,
        "noEmitOnError": True,
        "skipLibCheck": False,
    },
    "include": ["src/*.ts"],
}


@dataclass(frozen=True)
class Answer:
    """What a sample printed: the HTTP status and the JSON body (None when there was none)."""

    status: int
    body: Json


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=cwd,
        env=env,
    )
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def _json_or_none(text: str) -> Json:
    return json.loads(text) if text.strip() else None


def _status_then_body(output: str) -> Answer:
    status, _, body = output.partition("\n")
    return Answer(int(status), _json_or_none(body))


def run_curl(source: str, directory: Path) -> Answer:
    """Run a cURL sample with the real curl; the status comes from its status line."""
    curl = Path(program("curl"))
    (directory / ".curlrc").write_text("include\n", encoding="utf-8")
    env = {
        **os.environ,
        "CURL_HOME": str(directory),
        "PATH": f"{curl.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    output = _run(["bash", "-c", source], directory, env)
    # Text mode has turned the header lines' CRLF into LF.
    head, _, body = output.partition("\n\n")
    status_line = head.split("\n", 1)[0]  # HTTP/1.1 201 Created
    return Answer(int(status_line.split()[1]), _json_or_none(body))


def run_python(source: str, directory: Path) -> Answer:
    """Run a Python sample in an isolated interpreter of this environment."""
    script = directory / "sample.py"
    script.write_text(source, encoding="utf-8")
    return _status_then_body(_run([sys.executable, "-I", str(script)], directory))


def typescript_project(directory: Path) -> Path:
    """A scratch npm project in `directory` with the packed SDK installed by name; returns it."""
    package = directory / "package"
    shutil.copytree(TS_CLIENT, package, ignore=shutil.ignore_patterns("dist", "node_modules"))
    npm = program("npm")
    program("node")  # tsc and npm run on it
    # tsc checks strictly before it writes dist/ (noEmitOnError), as in the typescript session.
    _run([str(TSC), "--project", str(package)], directory)
    packed = directory / "packed"
    packed.mkdir()
    _run([npm, "pack", *NPM_QUIET, "--pack-destination", str(packed)], package)
    (tarball,) = packed.glob("*.tgz")
    project = directory / "project"
    (project / "src").mkdir(parents=True)
    manifest = {"name": "reference-samples", "private": True, "type": "module"}
    (project / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    (project / "tsconfig.json").write_text(json.dumps(SAMPLES_TSCONFIG), encoding="utf-8")
    _run([npm, "install", *NPM_QUIET, "--no-save", "--offline", str(tarball)], project)
    return project


def compile_typescript(project: Path, sources: dict[str, str]) -> dict[str, Path]:
    """Compile each sample (by name) in `project` in one tsc run; returns the compiled files."""
    for name, source in sources.items():
        (project / "src" / f"{name}.ts").write_text(source, encoding="utf-8")
    _run([str(TSC), "--project", str(project)], project)
    return {name: project / "build" / f"{name}.js" for name in sources}


def run_node(compiled: Path) -> Answer:
    """Run a compiled TypeScript sample with node."""
    return _status_then_body(_run([program("node"), str(compiled)], compiled.parent))
