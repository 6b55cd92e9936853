"""Generate the TypeScript client package (`generated/typescript`) from the OpenAPI document.

`generate(spec, out)` writes the complete npm package into the empty folder `out`: the sources
made by the pinned @hey-api/openapi-ts (root package-lock.json) with the configuration in
`openapi/typescript-client/`, and the package's package.json, tsconfig.json and README.md.
The package's name is fixed here; its version, description and licence come from the
document's `info`, so that a new version of the document is a new version of the package.

The hand-written layer (typed errors, timeouts, retries, waiting:
`openapi/typescript-client/layer/`) is copied into `src/layer/`, beside `src/layer/documented.ts`,
written here from the document with `documented.ts.tmpl` (each call's documented statuses, the
error codes, the server's URL); the package's entry is `src/main.ts`
(`openapi/typescript-client/main.ts`), which exports the generated `index.ts` and the layer.
Nothing the generator wrote is changed.

The output is byte-for-byte reproducible: the generator writes no date, path or version into
the sources, and the files written here depend on the document alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from scripts.code_samples import (
    BASE_URL_VARIABLE,
    DONE,
    REFUSED,
    TOKEN_VARIABLE,
    Call,
    Json,
)

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "openapi" / "typescript-client"
GENERATOR_CONFIG = TEMPLATES / "openapi-ts.config.mjs"
PACKAGE_TSCONFIG = TEMPLATES / "tsconfig.json"
README_TEMPLATE = TEMPLATES / "README.md.tmpl"
DOCUMENTED_TEMPLATE = TEMPLATES / "documented.ts.tmpl"
LAYER = TEMPLATES / "layer"
ENTRY = TEMPLATES / "main.ts"
OPENAPI_TS = ROOT / "node_modules" / ".bin" / "openapi-ts"

PACKAGE_NAME = "@vps-org/snapshots-client"
# Node 20 is the oldest release line this toolkit supports; the client needs only its fetch.
NODE_ENGINES = ">=20"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def generate(spec: Path, out: Path) -> None:
    """Write the TypeScript client package for the document `spec` into the empty folder `out`."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    info = document["info"]
    out.mkdir(parents=True, exist_ok=True)
    _run_generator(spec.resolve(), out)
    layer = out / "src" / "layer"
    shutil.copytree(LAYER, layer)
    (layer / "documented.ts").write_text(_documented_module(document), encoding="utf-8")
    shutil.copyfile(ENTRY, out / "src" / "main.ts")
    shutil.copyfile(PACKAGE_TSCONFIG, out / "tsconfig.json")
    (out / "package.json").write_text(_json(_package_json(info)), encoding="utf-8")
    (out / "README.md").write_text(_readme(info, _operations_table(document)), encoding="utf-8")


def _run_generator(spec: Path, out: Path) -> None:
    if not OPENAPI_TS.exists():
        raise SystemExit(
            f"scripts/targets/typescript.py: {OPENAPI_TS} is missing; the nox session installs"
            " it with npm ci (python3 scripts/run_nox.py -t main)."
        )
    # The configuration's output path ("src") is relative to the working directory.
    command = [str(OPENAPI_TS), "--file", str(GENERATOR_CONFIG), "--input", str(spec)]
    subprocess.run([*command, "--silent", "--no-log-file"], cwd=out, check=True)


def _package_json(info: dict[str, Any]) -> dict[str, Any]:
    entry = {"types": "./dist/main.d.ts", "default": "./dist/main.js"}
    client = {"types": "./dist/client/index.d.ts", "default": "./dist/client/index.js"}
    return {
        "name": PACKAGE_NAME,
        "version": info["version"],
        "description": f"TypeScript client of the {info['title']}. {info['summary']}",
        "license": info["license"]["identifier"],
        "type": "module",
        "main": entry["default"],
        "types": entry["types"],
        # `./client` gives createClient() for a second, separately configured client.
        "exports": {".": entry, "./client": client, "./package.json": "./package.json"},
        "files": ["dist"],
        "sideEffects": False,
        "engines": {"node": NODE_ENGINES},
    }


def _documented_module(document: dict[str, Any]) -> str:
    statuses = []
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if operation := item.get(method):
                codes = sorted(int(code) for code in operation["responses"] if code.isdigit())
                numbers = ", ".join(map(str, codes))
                statuses.append(f"  ['{method.upper()}', '{path}', [{numbers}]],")
    codes = document["components"]["schemas"]["ErrorCode"]["enum"]
    return _fill(
        DOCUMENTED_TEMPLATE.read_text(encoding="utf-8"),
        {
            "server_url": document["servers"][0]["url"],
            "error_codes": "\n".join(f"  '{code}'," for code in codes),
            "statuses": "\n".join(statuses),
        },
    )


def _operations_table(document: dict[str, Any]) -> str:
    # The SDK's functions are named by operationId, in the document's order.
    rows = ["| function | request | what it does |", "|---|---|---|"]
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if operation := item.get(method):
                function, summary = operation["operationId"], operation["summary"]
                rows.append(f"| `{function}` | `{method.upper()} {path}` | {summary} |")
    return "\n".join(rows)


def _readme(info: dict[str, Any], operations: str) -> str:
    return _fill(
        README_TEMPLATE.read_text(encoding="utf-8"),
        {
            "package_name": PACKAGE_NAME,
            "version": info["version"],
            "title": info["title"],
            "summary": info["summary"],
            "node_engines": NODE_ENGINES,
            "operations": operations,
            # The file name `npm pack` gives the package.
            "tarball": f"{PACKAGE_NAME.lstrip('@').replace('/', '-')}-{info['version']}.tgz",
        },
    )


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# --- The reference's code sample (scripts/code_samples.py) ------------------------------------
# A method of the layer's SnapshotsClient takes the path and query parameters in order, then the
# body as one object; answers are plain objects.


def sample(call: Call, base_url: str) -> str:
    arguments = [_ts_value(value) for value in call.path_params.values()]
    arguments += [_ts_value(value) for value in call.query_params.values()]
    if call.body is not None:
        arguments.append(_ts_object(call.body, indent="  "))
    invocation = f"await api.{call.operation_id}({', '.join(arguments)});"
    if call.success_has_body:
        result = [
            f"  const answer = {invocation}",
            "  console.log(JSON.stringify(answer, null, 2));",
        ]
    else:
        result = [f"  {invocation}", f"  console.log('{DONE}');"]
    return "\n".join(
        [
            f"import {{ APIStatusError, SnapshotsClient }} from '{PACKAGE_NAME}';",
            "",
            "const api = new SnapshotsClient({",
            f"  baseUrl: process.env.{BASE_URL_VARIABLE} ?? {_ts_value(base_url)},",
            f"  token: process.env.{TOKEN_VARIABLE} ?? '',",
            "});",
            "try {",
            *result,
            "} catch (error) {",
            "  if (!(error instanceof APIStatusError)) throw error;",
            f"  console.error(`{REFUSED} ${{error.status}} ${{error.code}}`);",
            "  process.exitCode = 1;",
            "}",
        ]
    )


def _ts_object(values: dict[str, Json], indent: str | None = None) -> str:
    """An object literal, keys unquoted where they can be, on one line or one key a line."""
    items = [
        f"{key if key.isidentifier() else _ts_value(key)}: {_ts_value(value)}"
        for key, value in values.items()
    ]
    if indent is None:
        return "{ " + ", ".join(items) + " }"
    return "{\n" + "".join(f"{indent}  {item},\n" for item in items) + indent + "}"


def _ts_value(value: Json) -> str:
    if isinstance(value, str):
        # JSON's escapes are TypeScript's; only the quote differs (single, as the seed writes).
        inner = json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"')
        return "'" + inner.replace("'", "\\'") + "'"
    if isinstance(value, dict | list):
        raise ValueError(f"no TypeScript sample for a nested value: {value!r}")
    return json.dumps(value)
