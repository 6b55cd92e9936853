"""Generate the Python client project (generated/python) from the OpenAPI document.

The generator is openapi-python-client, pinned with its formatter (ruff) in
`requirements/generate.in`; its configuration is `openapi/python-client.yaml` and the templates
that replace some of its own are in `openapi/python-client-templates/`. `scripts/regenerate.py`
calls `generate` and decides where the output goes.

The hand-written layer (typed errors, timeouts, retries, waiting: `openapi/python-client-layer/`)
is copied into the package after the generator ran, beside a module written here from the
document (`_document.py`: the documented statuses of each call and the server's URL), and the
same ruff as the generator's post hooks formats them; nothing the generator wrote is changed.
The layer's methods that send a request model take its properties as arguments: those argument
lists are written here from the generated model (`layer_with_arguments`), so that a property
added to the document reaches the wire through the layer without editing it.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tempfile
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
    snake,
)

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG = ROOT / "openapi" / "python-client.yaml"
TEMPLATES = ROOT / "openapi" / "python-client-templates"
LAYER = ROOT / "openapi" / "python-client-layer"
PACKAGE = "vps_snapshots_client"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class GenerationError(Exception):
    """The generator failed or warned; the message holds what it printed."""


def document_version(spec: Path) -> str:
    """The document's `info.version`, which is the client's version."""
    document: Any = yaml.safe_load(spec.read_text(encoding="utf-8"))
    try:
        version = document["info"]["version"]
    except (KeyError, TypeError) as error:
        raise GenerationError(f"{spec} has no info.version") from error
    return str(version)


def generator_config(spec: Path) -> dict[str, Any]:
    """The committed configuration, with the client's version set to the document's."""
    config: dict[str, Any] = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["package_version_override"] = document_version(spec)
    return config


def generate(spec: Path, out: Path) -> None:
    """Write the complete Python client project made from `spec` into the new or empty `out`."""
    if out.exists() and any(out.iterdir()):
        raise GenerationError(f"{out} is not empty")
    config = generator_config(spec)
    with tempfile.TemporaryDirectory(prefix="generate-python-") as scratch:
        config_file = Path(scratch) / "python-client.json"
        config_file.write_text(json.dumps(config), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(spec),
            "--config",
            str(config_file),
            "--custom-template-path",
            str(TEMPLATES),
            "--meta",
            "uv",
            "--output-path",
            str(out),
            "--overwrite",
            # A warning means part of the document was skipped or typed loosely.
            "--fail-on-warning",
        ]
        # The post hooks run `ruff` by name: put this interpreter's (the pinned one) first, also
        # when this runs from a virtual environment that is not activated.
        bin_dir = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": os.pathsep.join((bin_dir, os.environ.get("PATH", "")))}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise GenerationError(
            f"openapi-python-client exited with {result.returncode}:\n"
            f"{result.stdout}{result.stderr}".rstrip()
        )
    _add_layer(spec, out / PACKAGE, env)


def document_module(spec: Path) -> str:
    """`_document.py`: the facts of the document that the hand-written layer reads."""
    document: Any = yaml.safe_load(spec.read_text(encoding="utf-8"))
    statuses: dict[tuple[str, str], list[int]] = {}
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if operation := item.get(method):
                codes = sorted(int(code) for code in operation["responses"] if code.isdigit())
                statuses[(method.upper(), path)] = codes
    lines = [
        '"""Facts of the OpenAPI document that the hand-written layer reads (written by',
        'scripts/targets/python.py from the document; never edit it)."""',
        "",
        f"DEFAULT_BASE_URL = {document['servers'][0]['url']!r}",
        "",
        "# The statuses the document lists for each call: any other is an undocumented status.",
        "DOCUMENTED_STATUSES: dict[tuple[str, str], frozenset[int]] = {",
        *(
            f"    {key!r}: frozenset({{{', '.join(map(str, codes))}}}),"
            for key, codes in statuses.items()
        ),
        "}",
    ]
    return "\n".join(lines) + "\n"


# A layer method's arguments that are a generated request model's properties: the lines between
# the markers are written from the model (`model_arguments`), so that every property of the
# request body in the document is an argument without the layer naming it (issue 23).
_ARGUMENTS = re.compile(
    r"^(?P<indent>[ ]*)# arguments of (?P<model>\w+)(?P<note>[^\n]*)\n"
    r"(?P<lines>.*?)"
    r"^(?P=indent)# end of arguments\n",
    re.MULTILINE | re.DOTALL,
)


def _module_name(class_name: str) -> str:
    # openapi-python-client's module of a model: its class name in snake_case.
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", class_name).lower()


def _union_parts(node: ast.expr) -> list[str]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_parts(node.left) + _union_parts(node.right)
    return [ast.unparse(node)]


def model_arguments(model_source: str, class_name: str) -> list[str]:
    """The arguments (``name: type`` or ``name: type | None = None``) of a layer method that
    takes each property of the generated model `class_name`, in its constructor's order: an
    optional property (``X | Unset = UNSET`` in the model) becomes ``X | None = None``."""
    tree = ast.parse(model_source)
    found = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name]
    if not found:
        raise GenerationError(f"the generated models have no class {class_name}")
    required: list[str] = []
    optional: list[str] = []
    for statement in found[0].body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        name = statement.target.id
        if name == "additional_properties":
            continue
        parts = _union_parts(statement.annotation)
        if statement.value is None:
            required.append(f"{name}: {' | '.join(parts)},")
            continue
        kept = [part for part in parts if part not in ("Unset", "None")]
        optional.append(f"{name}: {' | '.join([*kept, 'None'])} = None,")
    return required + optional


def layer_with_arguments(layer_source: str, models: Path) -> str:
    """`layer_source` with each block of model arguments written from the generated model."""

    def written(match: re.Match[str]) -> str:
        model = match["model"]
        source = (models / f"{_module_name(model)}.py").read_text(encoding="utf-8")
        indent = match["indent"]
        lines = [f"{indent}{line}\n" for line in model_arguments(source, model)]
        head = f"{indent}# arguments of {model}{match['note']}\n"
        return head + "".join(lines) + f"{indent}# end of arguments\n"

    return _ARGUMENTS.sub(written, layer_source)


def _add_layer(spec: Path, package: Path, env: dict[str, str]) -> None:
    written = [package / "_document.py"]
    written[0].write_text(document_module(spec), encoding="utf-8")
    for source in sorted(LAYER.glob("*.py")):
        written.append(package / source.name)
        text = layer_with_arguments(source.read_text(encoding="utf-8"), package / "models")
        written[-1].write_text(text, encoding="utf-8")
    names = [str(path) for path in written]
    for hook in (["check", "--fix-only"], ["format"]):
        command = [
            sys.executable,
            "-m",
            "ruff",
            *hook,
            "--no-cache",
            "--no-respect-gitignore",
            *names,
        ]
        ruff = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if ruff.returncode != 0:
            raise GenerationError(
                f"ruff {hook[0]} failed on the layer:\n{ruff.stdout}{ruff.stderr}"
            )


# --- The reference's code sample (scripts/code_samples.py) ------------------------------------
# The layer's SnapshotsClient is a context manager; a method takes the path and query parameters
# and the body's properties as keyword arguments named as in the document; models have to_dict().


def _arguments(call: Call) -> list[tuple[str, Json]]:
    """The path parameters, the query parameters and the body's properties, in that order."""
    return [*call.path_params.items(), *call.query_params.items(), *(call.body or {}).items()]


def sample(call: Call, base_url: str) -> str:
    method = snake(call.operation_id)
    arguments = [f"{name}={_python_literal(value)}" for name, value in _arguments(call)]
    if len(arguments) > 1:
        invocation = [f"api.{method}(", *(f"            {a}," for a in arguments), "        )"]
    else:
        invocation = [f"api.{method}({''.join(arguments)})"]
    if call.success_has_body:
        invocation[0] = f"answer = {invocation[0]}"
        printed = "print(json.dumps(answer.to_dict(), indent=2))"
    else:
        printed = f'print("{DONE}")'
    return "\n".join(
        [
            *(["import json"] if call.success_has_body else []),
            "import os",
            "import sys",
            "",
            f"from {PACKAGE} import APIStatusError, SnapshotsClient",
            "",
            "with SnapshotsClient(",
            f"    base_url=os.environ.get({_python_literal(BASE_URL_VARIABLE)},"
            f" {_python_literal(base_url)}),",
            f"    token=os.environ[{_python_literal(TOKEN_VARIABLE)}],",
            ") as api:",
            "    try:",
            f"        {invocation[0]}",
            *invocation[1:],
            "    except APIStatusError as error:",
            f'        sys.exit(f"{REFUSED} {{error.status}} {{error.code}}")',
            "",
            printed,
        ]
    )


def _python_literal(value: Json) -> str:
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise ValueError(f"no Python sample for a nested value: {value!r}")
