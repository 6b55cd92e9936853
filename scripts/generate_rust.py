"""Generate the Rust client crate (generated/rust) from the OpenAPI document.

The generator is openapi-generator (`rust`, library `reqwest`, async), from the jar that the
PyPI package openapi-generator-cli ships, pinned in `requirements/generate.in`; it reads the 3.1
document through its NORMALIZE_31SPEC normalizer (nullable fields stay `Option<T>`, which
tests/bindings checks). Its configuration and ignore file are in `openapi/rust-client/`; the
crate's version is the document's `info.version`. Written here: the README, from
`openapi/rust-client/README.md.tmpl`, and the manifest's description, authors and the layer's
dependencies (below). The hand-written layer (`SnapshotsClient`, `SnapshotsError`: typed errors,
timeouts, retries, waiting) is copied from `openapi/rust-client/layer/` into `src/`, beside
`src/documented.rs`, written here from the document (each operation's documented statuses, the
first server's URL), and `src/lib.rs` gains its modules and re-exports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scripts.generator_common import (
    ROOT,
    GenerationError,
    fill,
    load,
    operations,
    operations_table,
    require_empty,
    run_openapi_generator,
)

CLIENT = ROOT / "openapi" / "rust-client"
CONFIG = CLIENT / "openapi-generator.yaml"
IGNORE = CLIENT / "openapi-generator-ignore"
README_TEMPLATE = CLIENT / "README.md.tmpl"
LAYER = CLIENT / "layer"
# What the layer needs beyond the generator's dependencies: tokio's timer (sleeping between
# retries and polls; reqwest already runs on tokio) and the `log` facade for the debug line of
# each retry (reqwest already depends on it).
LAYER_DEPENDENCIES = 'tokio = { version = "^1.0", features = ["time"] }\nlog = "^0.4"\n'
LAYER_MODULES = """
// The hand-written layer (openapi/rust-client/layer/, added by scripts/generate_rust.py).
mod documented;
pub mod sdk;
pub use documented::DEFAULT_BASE_URL;
pub use sdk::{
    retry_after, RetryPolicy, SnapshotsClient, SnapshotsError, StatusError, WaitOptions,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, DEFAULT_WAIT_DEADLINE,
};
"""
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
    _add_layer(document, out)


def _add_layer(document: dict[str, Any], out: Path) -> None:
    for source in sorted(LAYER.glob("*.rs")):
        (out / "src" / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (out / "src" / "documented.rs").write_text(_documented_module(document), encoding="utf-8")
    lib = out / "src" / "lib.rs"
    lib.write_text(lib.read_text(encoding="utf-8") + LAYER_MODULES, encoding="utf-8")
    cargo_toml = out / "Cargo.toml"
    text = cargo_toml.read_text(encoding="utf-8")
    if "\n[features]\n" not in text:
        raise GenerationError(
            f"{cargo_toml} has no [features] table to put the layer's dependencies before"
        )
    text = text.replace("\n[features]\n", f"{LAYER_DEPENDENCIES}\n[features]\n", 1)
    cargo_toml.write_text(text, encoding="utf-8")


def _documented_module(document: dict[str, Any]) -> str:
    # One constant per operation, named after its operationId: the layer names them, so that a
    # renamed or removed operation fails the layer's build instead of changing its behaviour.
    constants = []
    for operation in operations(document):
        responses = document["paths"][operation.path][operation.method]["responses"]
        codes = ", ".join(
            str(code) for code in sorted(int(code) for code in responses if code.isdigit())
        )
        constant = _method_name(operation.operation_id).upper()
        constants += [
            f"/// `{operation.method.upper()} {operation.path}`: {operation.summary}",
            f"pub(crate) const {constant}: Operation = Operation {{",
            f"    method: {json.dumps(operation.method.upper())},",
            f"    path: {json.dumps(operation.path)},",
            f"    statuses: &[{codes}],",
            "};",
            "",
        ]
    return "\n".join(
        [
            "//! What the layer takes from the document (written by scripts/generate_rust.py).",
            "",
            "/// The document's first server: `SnapshotsClient::new`'s base URL.",
            f"pub const DEFAULT_BASE_URL: &str = {json.dumps(document['servers'][0]['url'])};",
            "",
            "/// An operation: its method, its path template and the statuses the document lists",
            "/// for it (any other is undocumented).",
            "pub(crate) struct Operation {",
            "    pub(crate) method: &'static str,",
            "    pub(crate) path: &'static str,",
            "    pub(crate) statuses: &'static [u16],",
            "}",
            "",
            *constants,
        ]
    )


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


def _method_name(operation_id: str) -> str:
    """The generated function's and the layer's method's name: the operationId in snake case."""
    return re.sub(r"[A-Z]", lambda upper: "_" + upper.group().lower(), operation_id)


def _function_name(operation_id: str) -> str:
    return f"snapshots_api::{_method_name(operation_id)}"
