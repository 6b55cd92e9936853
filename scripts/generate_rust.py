"""Generate the Rust client crate (generated/rust) from the OpenAPI document.

The generator is openapi-generator (`rust`, library `reqwest`, async), from the jar that the
PyPI package openapi-generator-cli ships, pinned in `requirements/generate.in`; it reads the 3.1
document through its NORMALIZE_31SPEC normalizer (nullable fields stay `Option<T>`, which
tests/bindings checks). Its configuration and ignore file are in `openapi/rust-client/`; the
crate's version is the document's `info.version`. Written here: the README, from
`openapi/rust-client/README.md.tmpl`, and the manifest's description and authors (below).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from scripts.generator_common import (
    ROOT,
    GenerationError,
    fill,
    load,
    operations_table,
    require_empty,
    run_openapi_generator,
)

CLIENT = ROOT / "openapi" / "rust-client"
CONFIG = CLIENT / "openapi-generator.yaml"
IGNORE = CLIENT / "openapi-generator-ignore"
README_TEMPLATE = CLIENT / "README.md.tmpl"
AUTHORS = ["VPS.org API <https://admin.vps.org/>"]


def generate(spec: Path, out: Path) -> None:
    """Write the complete crate made from `spec` into the new or empty `out`."""
    require_empty(out)
    document = load(spec)
    info = document["info"]
    run_openapi_generator(spec, out, CONFIG, IGNORE, packageVersion=str(info["version"]))
    _manifest(out / "Cargo.toml", f"Rust client of the {info['title']}. {info['summary']}")
    values = {
        "title": info["title"],
        "summary": info["summary"],
        "version": info["version"],
        "operations": operations_table(document, _function_name),
    }
    (out / "README.md").write_text(fill(README_TEMPLATE, values), encoding="utf-8")


def _manifest(cargo_toml: Path, description: str) -> None:
    # The generator puts the document's whole description (several KiB of Markdown, flattened)
    # and its own team as the authors into the manifest; crates.io shows both on the crate's page.
    text = cargo_toml.read_text(encoding="utf-8")
    replacements = {
        r'^description = ".*"$': f"description = {json.dumps(description)}",
        r"^authors = \[.*\]$": f"authors = {json.dumps(AUTHORS)}",
        r'^license = ".*"$': 'license = "Apache-2.0"\nreadme = "README.md"',
    }
    for pattern, line in replacements.items():
        # A function, so that backslashes in the line are not read as group references.
        text, count = re.subn(pattern, _constant(line), text, flags=re.MULTILINE)
        if count != 1:
            raise GenerationError(f"{cargo_toml} has {count} lines matching {pattern}")
    cargo_toml.write_text(text, encoding="utf-8")


def _constant(line: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: line


def _function_name(operation_id: str) -> str:
    snake = re.sub(r"[A-Z]", lambda upper: "_" + upper.group().lower(), operation_id)
    return f"snapshots_api::{snake}"
