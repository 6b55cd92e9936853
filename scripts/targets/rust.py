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

import hashlib
import json
import re
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scripts import system_deps
from scripts.code_samples import (
    BASE_URL_VARIABLE,
    DONE,
    REFUSED,
    TOKEN_VARIABLE,
    Call,
    Json,
    schema_types,
    snake,
)
from scripts.generator_common import (
    ROOT,
    GenerationError,
    fill,
    load,
    operations,
    operations_table,
    require_empty,
    run,
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
// The hand-written layer (openapi/rust-client/layer/, added by scripts/targets/rust.py).
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
            "//! What the layer takes from the document (written by scripts/targets/rust.py).",
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


# --- The release bundle's dist/rust/ (scripts/package_bindings.py) -----------------------------


def package(dest: Path, scratch: Path, *, verify: bool = True) -> None:
    """Write into `dest` a Cargo directory source: the crate `cargo package` made from a copy in
    `scratch`, unpacked with its `.cargo-checksum.json`, beside the `.crate` itself. With
    `verify` (the default) cargo builds the packed crate to verify it; the tests that build the
    crate anyway pass False (`--no-verify`)."""
    copy = scratch / "rust"
    shutil.copytree(ROOT / "generated" / "rust", copy)
    target = scratch / "cargo-target"
    command = [
        system_deps.ensure("cargo"),
        "package",
        "--quiet",
        "--allow-dirty",
        "--target-dir",
        str(target),
    ]
    run([*command, *(() if verify else ("--no-verify",))], copy)
    for crate in (target / "package").glob("*.crate"):
        shutil.copy2(crate, dest / crate.name)
        directory_source_entry(dest, crate)


def directory_source_entry(dest: Path, crate: Path) -> None:
    """Unpack `crate` into the Cargo directory source `dest`, with its `.cargo-checksum.json`.

    By hand because cargo only writes this layout for crates it vendors from a registry (`cargo
    vendor`); the format is the one cargo documents for directory sources: each file's sha256
    and the .crate's, which Cargo.lock records.
    """
    with tarfile.open(crate) as archive:
        archive.extractall(dest, filter="data")
    unpacked = dest / crate.name.removesuffix(".crate")
    files = {
        path.relative_to(unpacked).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(unpacked.rglob("*"))
        if path.is_file()
    }
    package = hashlib.sha256(crate.read_bytes()).hexdigest()
    checksums = json.dumps({"files": files, "package": package}, sort_keys=True)
    (unpacked / ".cargo-checksum.json").write_text(checksums, encoding="utf-8")


# --- The reference's code sample (scripts/code_samples.py) ------------------------------------
# The client is the crate vps_snapshots_client. The layer's SnapshotsClient::new(token)
# .with_base_url(url), one async method per operation_id taking the path parameters, the query
# parameters as Options and the body model by reference, answering Result<_, SnapshotsError>
# whose Status variant holds status and code. Optional fields are Option<T>, and nullable
# optional ones Option<Option<T>>; the models are serde types (serde_json prints them).
CRATE = "vps_snapshots_client"


def sample(call: Call, base_url: str) -> str:
    uses = []
    arguments = [
        _rust_value(value, call.param_schemas[name], required=True)
        for name, value in call.path_params.items()
    ]
    arguments += [
        _rust_value(value, call.param_schemas[name], required=False)
        for name, value in call.query_params.items()
    ]
    request: list[str] = []
    if call.body is not None:
        uses.append(f"use {CRATE}::models::{call.body_schema};")
        fields = [
            f"        {name}: "
            f"{_rust_value(value, call.body_schemas[name], required=name in call.body_required)},"
            for name, value in call.body.items()
        ]
        # Fields the example leaves out are None (Option) in the struct literal.
        fields += [f"        {name}: None," for name in call.body_schemas if name not in call.body]
        request = [f"    let request = {call.body_schema} {{", *fields, "    };"]
        arguments.append("&request")
    uses.append(f"use {CRATE}::{{SnapshotsClient, SnapshotsError}};")
    ok = (
        '        Ok(answer) => println!("{}", '
        'serde_json::to_string_pretty(&answer).expect("JSON")),'
        if call.success_has_body
        else f'        Ok(()) => println!("{DONE}"),'
    )
    return "\n".join(
        [
            *uses,
            "",
            "#[tokio::main]",
            "async fn main() {",
            f'    let token = std::env::var("{TOKEN_VARIABLE}").unwrap_or_default();',
            f'    let base_url = std::env::var("{BASE_URL_VARIABLE}")',
            f'        .unwrap_or_else(|_| "{base_url}".to_owned());',
            "    let api = SnapshotsClient::new(token).with_base_url(base_url);",
            *request,
            f"    let answer = api.{snake(call.operation_id)}(" + ", ".join(arguments) + ").await;",
            "    match answer {",
            ok,
            "        Err(SnapshotsError::Status(refused)) => {",
            "            let code = refused.code.unwrap_or_default();",
            f'            eprintln!("{REFUSED} {{}} {{code}}", refused.status.as_u16());',
            "            std::process::exit(1);",
            "        }",
            '        Err(other) => panic!("{other}"),',
            "    }",
            "}",
        ]
    )


def _rust_value(value: Json, schema: Json, *, required: bool) -> str:
    literal = _scalar(value, schema)
    nullable = "null" in schema_types(schema)
    if not required:
        literal = f"Some({literal})"
    if nullable:
        literal = f"Some({literal})"
    return literal


def _scalar(value: Json, schema: Json) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) + ".to_owned()"
    raise ValueError(f"no Rust sample for the value {value!r}")
