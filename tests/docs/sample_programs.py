"""Run the reference page's code samples as their readers would, and read what they print.

Every sample is run as the page gives it, text unchanged: only its environment differs, with
the token in ``VPS_API_TOKEN`` and the mock's URL in ``VPS_API_BASE_URL`` (``sample_env``).

- cURL: the sample's own command line, by bash, with the real curl; a curl configuration file
  (``CURL_HOME/.curlrc``) adds ``--include``, so that the status line is printed while the
  command stays exactly the sample.
- Python: the sample as a script in a new virtual environment outside the repository that holds
  nothing but the client, installed from the built wheel's folder as the page's install line
  says (``python_environment``), run isolated (``-I``).
- TypeScript: the generated SDK built and packed as the ``typescript`` session packs it, the
  tarball installed by name into a scratch project, the samples compiled there strictly with the
  project's tsc, and run with node.

The clients' samples print the answer's body as JSON, or ``done`` for an answer without one;
for an error answer, ``refused: STATUS CODE`` on standard error, with exit status 1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import code_samples
from tests.python_client.paths import DISTRIBUTION_NAME, built_dist
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
    """What a sample printed: the HTTP status (cURL only) and the JSON body (None when there was
    none)."""

    status: int | None
    body: Json


def sample_env(base_url: str, token: str) -> dict[str, str]:
    """The only two things a sample is given: the base URL and the token, by environment."""
    return {code_samples.BASE_URL_VARIABLE: base_url, code_samples.TOKEN_VARIABLE: token}


def run(
    command: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `command` with this process's environment and `env`; whatever its exit status."""
    return subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def _ok(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = run(command, cwd, env)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def printed(output: str) -> Answer:
    """A client sample's output: the body as JSON, or None for `done`."""
    text = output.strip()
    if text == code_samples.DONE:
        return Answer(None, None)
    return Answer(None, json.loads(text))


def curl_command(source: str, directory: Path) -> tuple[list[str], dict[str, str]]:
    """The command that runs a cURL sample, and what its environment needs besides."""
    curl = Path(program("curl"))
    (directory / ".curlrc").write_text("include\n", encoding="utf-8")
    env = {
        "CURL_HOME": str(directory),
        "PATH": f"{curl.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return ["bash", "-c", source], env


def curl_answer(output: str) -> Answer:
    """The status (from the status line --include prints) and the body of a cURL sample."""
    # Text mode has turned the header lines' CRLF into LF.
    head, _, body = output.partition("\n\n")
    status_line = head.split("\n", 1)[0]  # HTTP/1.1 201 Created
    return Answer(int(status_line.split()[1]), json.loads(body) if body.strip() else None)


def python_environment(directory: Path) -> Path:
    """A new virtual environment in `directory` with only the client installed, from the folder
    of the built wheel (pip's ``--find-links``, as the page's install line); its interpreter."""
    uv = Path(sys.executable).with_name("uv")
    venv = directory / "venv"
    _ok([str(uv), "venv", "--quiet", "--python", sys.executable, str(venv)], directory)
    python = venv / "bin" / "python"
    _ok(
        [str(uv), "pip", "install", "--quiet", "--python", str(python),
         "--find-links", str(built_dist()), DISTRIBUTION_NAME],
        directory,
    )  # fmt: skip
    return python


def python_command(python: Path, source: str, directory: Path) -> list[str]:
    """The command that runs a Python sample with `python` (see `python_environment`)."""
    script = directory / "sample.py"
    script.write_text(source, encoding="utf-8")
    return [str(python), "-I", str(script)]


def typescript_project(directory: Path) -> Path:
    """A scratch npm project in `directory` with the packed SDK installed by name; returns it."""
    package = directory / "package"
    shutil.copytree(TS_CLIENT, package, ignore=shutil.ignore_patterns("dist", "node_modules"))
    npm = program("npm")
    program("node")  # tsc and npm run on it
    # tsc checks strictly before it writes dist/ (noEmitOnError), as in the typescript session.
    _ok([str(TSC), "--project", str(package)], directory)
    packed = directory / "packed"
    packed.mkdir()
    _ok([npm, "pack", *NPM_QUIET, "--pack-destination", str(packed)], package)
    (tarball,) = packed.glob("*.tgz")
    project = directory / "project"
    (project / "src").mkdir(parents=True)
    manifest = {"name": "reference-samples", "private": True, "type": "module"}
    (project / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    (project / "tsconfig.json").write_text(json.dumps(SAMPLES_TSCONFIG), encoding="utf-8")
    _ok([npm, "install", *NPM_QUIET, "--no-save", "--offline", str(tarball)], project)
    return project


def compile_typescript(project: Path, sources: dict[str, str]) -> dict[str, Path]:
    """Compile each sample (by name) in `project` in one tsc run; returns the compiled files."""
    for name, source in sources.items():
        (project / "src" / f"{name}.ts").write_text(source, encoding="utf-8")
    _ok([str(TSC), "--project", str(project)], project)
    return {name: project / "build" / f"{name}.js" for name in sources}


def node_command(compiled: Path) -> list[str]:
    """The command that runs a compiled TypeScript sample."""
    return [program("node"), str(compiled)]
