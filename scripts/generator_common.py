"""What the Go, Java and Rust generators (scripts/targets/{go,java,rust}.py) share.

Each of them runs a pinned generator, then writes the package's own files (README, version)
from the document and a template under `openapi/<target>-client/`. The helpers here read the
document, fill those templates and run the tools so that a failure is one `GenerationError`
with what the tool printed, which `scripts/regenerate.py` reports before leaving generated/ as
it was.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from scripts import system_deps

ROOT = Path(__file__).resolve().parent.parent
Json = Any
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class GenerationError(Exception):
    """A generator or build tool failed; the message holds what it printed."""


class Operation(NamedTuple):
    operation_id: str
    method: str
    path: str
    summary: str


def load(spec: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return document


def operations(document: Mapping[str, Any]) -> Iterator[Operation]:
    """The document's operations, in its order."""
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if operation := item.get(method):
                yield Operation(operation["operationId"], method, path, operation["summary"])


def operations_table(document: Mapping[str, Any], name: Callable[[str], str]) -> str:
    """Markdown rows: each operation's name in the target (`name(operationId)`), its request
    and its summary."""
    return "\n".join(
        f"| `{name(op.operation_id)}` | `{op.method.upper()} {op.path}` | {op.summary} |"
        for op in operations(document)
    )


def fill(template: Path, values: Mapping[str, str]) -> str:
    """The template's text with each ``{{key}}`` replaced; an unknown placeholder is an error."""
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise GenerationError(f"{template} has a placeholder that is not filled")
    return text


def run(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """Run a generator or build tool; its output, or a GenerationError holding it."""
    environment = {**os.environ, **(env or {})}
    result = subprocess.run(
        list(command), cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise GenerationError(
            f"{' '.join(command[:3])} exited with {result.returncode}:\n"
            f"{result.stdout}{result.stderr}".rstrip()
        )
    return result.stdout


def require_empty(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        raise GenerationError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)


def openapi_generator_jar() -> Path:
    """The openapi-generator jar that the pinned PyPI package `openapi-generator-cli` ships."""
    # Found, not imported: only the Java and Rust targets need it (requirements/generate.in).
    spec = importlib.util.find_spec("openapi_generator_cli")
    if spec is None or spec.origin is None:
        raise GenerationError("openapi-generator-cli is not installed (requirements/generate.txt)")
    jar = Path(spec.origin).parent / "openapi-generator.jar"
    if not jar.is_file():
        raise GenerationError(f"{jar} is missing: is openapi-generator-cli installed?")
    return jar


# JSON Schema's conditional keywords: they validate, and no client type is made from them. Given
# to openapi-generator 7.26, an `if`/`then`/`else` on a schema that another one extends with
# `allOf` makes it drop every inherited property (the Java and Rust `SnapshotCreated` would hold
# `message` only), so its input is the document without them (`without_conditionals`).
CONDITIONAL_KEYWORDS = ("if", "then", "else", "dependentSchemas")


def without_conditionals(node: Json) -> Json:
    """A copy of the document with every schema's conditional keywords left out, and nothing
    else changed (tests/bindings/test_generator_input.py checks both)."""
    if isinstance(node, dict):
        return {
            key: without_conditionals(value)
            for key, value in node.items()
            if not (key in CONDITIONAL_KEYWORDS and _in_schema(node))
        }
    if isinstance(node, list):
        return [without_conditionals(item) for item in node]
    return node


def _in_schema(node: dict[str, Any]) -> bool:
    # A property named `if` in `properties` is a name, not a keyword: only a mapping that is a
    # schema (it has schema keywords besides the conditional ones) loses them.
    schema_keys = {"type", "properties", "allOf", "required", "additionalProperties", "$ref"}
    return bool(schema_keys & node.keys()) or "then" in node or "else" in node


def run_openapi_generator(spec: Path, out: Path, config: Path, ignore: Path, **extra: str) -> None:
    """Run openapi-generator with a committed configuration (its generatorName, library and
    additionalProperties, plus `extra`) and ignore file, reading OpenAPI 3.1 through the
    generator's NORMALIZE_31SPEC normalizer, on the document without its conditionals."""
    with tempfile.TemporaryDirectory(prefix="openapi-generator-input-") as scratch:
        generator_input = Path(scratch) / "openapi.json"
        document = without_conditionals(load(spec))
        generator_input.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        _run_openapi_generator(generator_input, out, config, ignore, **extra)


def _run_openapi_generator(spec: Path, out: Path, config: Path, ignore: Path, **extra: str) -> None:
    settings: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    properties = {**settings.get("additionalProperties", {}), **extra}
    command = [
        system_deps.ensure("java"),
        "-jar",
        str(openapi_generator_jar()),
        "generate",
        "--generator-name",
        settings["generatorName"],
        "--input-spec",
        str(spec),
        "--output",
        str(out),
        "--openapi-normalizer",
        "NORMALIZE_31SPEC=true",
        "--additional-properties",
        ",".join(f"{key}={_property(value)}" for key, value in sorted(properties.items())),
    ]
    # The generator reads the ignore file it finds in the output folder (its
    # --ignore-file-override flag is not honoured by 7.26's `generate`), and keeps it there.
    shutil.copyfile(ignore, out / ".openapi-generator-ignore")
    if library := settings.get("library"):
        command += ["--library", library]
    run(command, out)


def _property(value: object) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if "," in text or "=" in text:
        raise GenerationError(f"openapi-generator cannot take {text!r} on its command line")
    return text
