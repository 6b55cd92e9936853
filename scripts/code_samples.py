"""Code samples for every operation of the OpenAPI document, made from the document's examples.

Each operation is called with the values the document itself gives: every parameter's
``example`` and the first example of the JSON request body. Nothing here is written per
operation, so a changed example, a new parameter or a new operation changes the samples at the
next build. One renderer per language turns such a call into a complete program.

Every sample is one fixed text, run as it is copied: it reads the API token from
``VPS_API_TOKEN`` and calls the document's server unless ``VPS_API_BASE_URL`` names another (the
tests set it to the mock's). The clients' samples use each client's hand-written layer
(``SnapshotsClient``), as the guide pages do: they print the answer's body as JSON (``done``
for an answer without one), and ``refused: STATUS CODE`` on standard error with exit status 1
for an error answer of the API.

The docs build (``scripts/build_docs.py``) adds the samples to a bundled copy of the document as
``x-codeSamples``; ``render`` gives one sample.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

from scripts import targets
from scripts.generate_go import module_path as go_module_path

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
# What every sample reads from its environment: the token (required), and the base URL (the
# document's server when unset).
TOKEN_VARIABLE = "VPS_API_TOKEN"
BASE_URL_VARIABLE = "VPS_API_BASE_URL"
# What a sample prints for a success without a body, and what it prints (on standard error,
# exiting 1) before the status and code of an error answer.
DONE = "done"
REFUSED = "refused:"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Json = Any

# --- The clients' layers: the one place to adjust when a layer names things anew. -------------
# Every layer (docs/clients.md, "The hand-written layer") has a `SnapshotsClient` with one method
# per operation, named after its operationId in the language's case, that returns the parsed body
# of the documented success (nothing for a 204) and raises (throws, returns) an `APIStatusError`
# with `status` and `code` for an error answer of the API; tests/changes/test_layer_names.py
# holds the layers to these names.
# Python (vps_snapshots_client): a context manager; a method takes the path and query parameters
# and the body's properties as keyword arguments named as in the document; models have to_dict().
PYTHON_PACKAGE = "vps_snapshots_client"
# TypeScript (@vps-org/snapshots-client): a method takes the path and query parameters in order,
# then the body as one object; answers are plain objects.
TYPESCRIPT_PACKAGE = "@vps-org/snapshots-client"


@dataclass(frozen=True)
class Call:
    """One operation called with the document's example values."""

    operation_id: str
    method: str
    path_template: str
    tag: str
    path_params: dict[str, Json]
    query_params: dict[str, Json]
    body: dict[str, Json] | None
    body_schema: str | None
    success_status: int
    success_has_body: bool
    # The document's info.version: the Go module path has its major version from 2 on.
    version: str
    # The resolved schema of each parameter (by name) and body field, and the body's required
    # fields: the typed languages (Go, Java, Rust) write a value by its type and nullability.
    param_schemas: dict[str, Json] = field(default_factory=dict)
    body_schemas: dict[str, Json] = field(default_factory=dict)
    body_required: frozenset[str] = frozenset()

    def path(self) -> str:
        """The path with every path parameter replaced by its example."""
        return re.sub(
            r"\{([^}]+)\}", lambda m: str(self.path_params[m.group(1)]), self.path_template
        )

    def url(self, base_url: str) -> str:
        """The full URL, query included, as the seed page writes it."""
        query = urlencode(self.query_params)
        return base_url.rstrip("/") + self.path() + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Language:
    """A sample language: its tab label, its highlighting name and its renderer."""

    label: str
    lang: str
    # (the call, the document's base URL without its trailing slash) -> the sample
    render: Callable[[Call, str], str]


def load_document(path: Path = OPENAPI) -> Json:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def default_base_url(document: Json) -> str:
    """The document's first server: the base URL the published samples call."""
    return str(document["servers"][0]["url"])


def calls(document: Json) -> dict[str, Call]:
    """Every operation of `document` as a call made with the document's examples."""
    found: dict[str, Call] = {}
    for path, method, operation in _operations(document):
        path_params: dict[str, Json] = {}
        query_params: dict[str, Json] = {}
        param_schemas: dict[str, Json] = {}
        shared = document["paths"][path].get("parameters", [])
        for parameter in [*shared, *operation.get("parameters", [])]:
            parameter = _resolve(document, parameter)
            value = _parameter_example(document, parameter)
            param_schemas[parameter["name"]] = _resolve(document, parameter.get("schema", {}))
            if parameter["in"] == "path":
                path_params[parameter["name"]] = value
            elif parameter["in"] == "query":
                query_params[parameter["name"]] = value
            else:
                raise ValueError(f"{operation['operationId']}: no sample for {parameter['in']}")
        body, body_schema = _request_body_example(document, operation)
        body_fields: Json = {}
        if body_schema is not None:
            body_fields = _resolve(document, {"$ref": f"#/components/schemas/{body_schema}"})
        status = min(int(code) for code in operation["responses"] if code.startswith("2"))
        response = _resolve(document, operation["responses"][str(status)])
        found[operation["operationId"]] = Call(
            operation_id=operation["operationId"],
            method=method.upper(),
            path_template=path,
            tag=operation["tags"][0],
            path_params=path_params,
            query_params=query_params,
            body=body,
            body_schema=body_schema,
            success_status=status,
            success_has_body=bool(response.get("content")),
            param_schemas=param_schemas,
            body_schemas={
                name: _resolve(document, schema)
                for name, schema in body_fields.get("properties", {}).items()
            },
            body_required=frozenset(body_fields.get("required", ())),
            version=str(document["info"]["version"]),
        )
    return found


def render(operation_id: str, language: str, *, document: Json = None) -> str:
    """The `language` sample of `operation_id`, as the reference shows it."""
    doc = load_document() if document is None else document
    call = calls(doc)[operation_id]
    return LANGUAGES[language].render(call, default_base_url(doc).rstrip("/"))


def code_samples(document: Json) -> dict[str, list[dict[str, str]]]:
    """The ``x-codeSamples`` list of every operation, by operationId."""
    url = default_base_url(document).rstrip("/")
    return {
        operation_id: [
            {
                "lang": language.lang,
                "label": language.label,
                "source": language.render(call, url),
            }
            for language in LANGUAGES.values()
        ]
        for operation_id, call in calls(document).items()
    }


def add_code_samples(document: Json) -> None:
    """Set ``x-codeSamples`` on every operation of `document` (a bundled copy, never the source)."""
    samples = code_samples(document)
    for _, _, operation in _operations(document):
        operation["x-codeSamples"] = samples[operation["operationId"]]


# --- Renderers -------------------------------------------------------------------------------


def _curl(call: Call, base_url: str) -> str:
    # The seed page's style (method, quoted URL, both headers on every call, the body as indented
    # JSON in single quotes), with the token and the base URL from the environment.
    lines = [
        f'curl -X {call.method} "{call.url(f"${{{BASE_URL_VARIABLE}:-{base_url}}}")}"',
        f'  -H "Authorization: Bearer ${TOKEN_VARIABLE}"',
        '  -H "Content-Type: application/json"',
    ]
    if call.body is not None:
        body = json.dumps(call.body, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        lines.append("  -d '" + body.replace("'", "'\\''") + "'")
    return " \\\n".join(lines)


def _arguments(call: Call) -> list[tuple[str, Json]]:
    """The path parameters, the query parameters and the body's properties, in that order."""
    return [*call.path_params.items(), *call.query_params.items(), *(call.body or {}).items()]


def _python(call: Call, base_url: str) -> str:
    method = _snake(call.operation_id)
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
            f"from {PYTHON_PACKAGE} import APIStatusError, SnapshotsClient",
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


def _typescript(call: Call, base_url: str) -> str:
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
            f"import {{ APIStatusError, SnapshotsClient }} from '{TYPESCRIPT_PACKAGE}';",
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


# The Go client (generated/go, imported as `snapshots` by its module path, which
# scripts/generate_go.py's module_path() makes from the document's version): the layer's
# NewSnapshotsClient(Config{Token, BaseURL}) (an empty BaseURL is the document's server), one
# <OperationId>(ctx, path params..., query params as pointers..., body struct) method per
# operation answering a pointer to the success body (only an error for a 204), and the error
# *APIStatusError (Status, Code) for errors.As. Field names are the properties' in PascalCase; a
# field that is optional or nullable is a pointer.
# The Java client (generated/java): the layer's SnapshotsClient.builder() (package
# org.vps.snapshots.sdk), one method per operationId taking the path and query parameters and
# the body model (built with fluent setters named after the properties in camelCase), throwing
# the unchecked APIStatusError (getStatus(), getCode()); ApiClient's default ObjectMapper writes
# an answer as the API's JSON.
JAVA_PACKAGE = "org.vps.snapshots"
# The Rust client (crate vps_snapshots_client): the layer's SnapshotsClient::new(token)
# .with_base_url(url), one async method per operation_id taking the path parameters, the query
# parameters as Options and the body model by reference, answering Result<_, SnapshotsError>
# whose Status variant holds status and code. Optional fields are Option<T>, and nullable
# optional ones Option<Option<T>>; the models are serde types (serde_json prints them).
RUST_CRATE = "vps_snapshots_client"


def _go(call: Call, base_url: str) -> str:
    arguments = ["context.Background()"]
    arguments += [
        _go_value(value, call.param_schemas[name], pointer=False)
        for name, value in call.path_params.items()
    ]
    arguments += [
        _go_value(value, call.param_schemas[name], pointer=True)
        for name, value in call.query_params.items()
    ]
    if call.body is not None:
        width = max(len(_pascal(name)) for name in call.body) + 1  # gofmt aligns the values
        fields = "".join(
            f"\t\t{_pascal(name) + ':':<{width}} "
            f"{_go_value(value, call.body_schemas[name], pointer=_optional(call, name))},\n"
            for name, value in call.body.items()
        )
        arguments.append(f"snapshots.{call.body_schema}{{\n{fields}\t}}")
    uses_pointer = any("ptr(" in argument for argument in arguments)
    invocation = f"api.{_pascal(call.operation_id)}(" + ", ".join(arguments) + ")"
    if call.success_has_body:
        called = [f"\tanswer, err := {invocation}"]
        printed = [
            '\tprinted, err := json.MarshalIndent(answer, "", "  ")',
            "\tif err != nil {",
            "\t\tlog.Fatal(err)",
            "\t}",
            "\tfmt.Println(string(printed))",
        ]
    else:
        called = [f"\terr = {invocation}"]
        printed = [f'\tfmt.Println("{DONE}")']
    return "\n".join(
        [
            "package main",
            "",
            "import (",
            '\t"context"',
            *(['\t"encoding/json"'] if call.success_has_body else []),
            '\t"errors"',
            '\t"fmt"',
            '\t"log"',
            '\t"os"',
            "",
            f'\tsnapshots "{go_module_path(call.version)}"',
            ")",
            "",
            *(
                ["// ptr gives the address of a value, for the optional fields.",
                 "func ptr[T any](value T) *T { return &value }", ""]
                if uses_pointer else []
            ),
            "func main() {",
            "\tapi, err := snapshots.NewSnapshotsClient(snapshots.Config{",
            f'\t\tToken:   os.Getenv("{TOKEN_VARIABLE}"),',
            f'\t\tBaseURL: os.Getenv("{BASE_URL_VARIABLE}"), // when empty: {base_url}',
            "\t})",
            "\tif err != nil {",
            "\t\tlog.Fatal(err)",
            "\t}",
            *called,
            "\tvar refused *snapshots.APIStatusError",
            "\tif errors.As(err, &refused) {",
            f'\t\tlog.Fatalf("{REFUSED} %d %s", refused.Status, refused.Code)',
            "\t} else if err != nil {",
            "\t\tlog.Fatal(err) // no answer at all: a network error",
            "\t}",
            *printed,
            "}",
        ]
    )  # fmt: skip


def _java(call: Call, base_url: str) -> str:
    imports = [f"import {JAVA_PACKAGE}.ApiClient;"] if call.success_has_body else []
    arguments = [
        _java_value(value, call.param_schemas[name])
        for name, value in [*call.path_params.items(), *call.query_params.items()]
    ]
    if call.body is not None:
        imports.append(f"import {JAVA_PACKAGE}.model.{call.body_schema};")
        setters = "".join(
            f"\n                    .{_camel(name)}({_java_value(value, call.body_schemas[name])})"
            for name, value in call.body.items()
        )
        arguments.append(f"new {call.body_schema}(){setters}")
    imports += [
        f"import {JAVA_PACKAGE}.sdk.APIStatusError;",
        f"import {JAVA_PACKAGE}.sdk.SnapshotsClient;",
    ]
    invocation = f"api.{_camel(call.operation_id)}(" + ", ".join(arguments) + ");"
    if call.success_has_body:
        result = [
            f"            var answer = {invocation}",
            "            System.out.println(ApiClient.createDefaultObjectMapper()",
            "                    .writerWithDefaultPrettyPrinter().writeValueAsString(answer));",
        ]
    else:
        result = [f"            {invocation}", f'            System.out.println("{DONE}");']
    return "\n".join(
        [
            *imports,
            "",
            "public final class Example {",
            "    public static void main(String[] args)"
            + (" throws Exception {" if call.success_has_body else " {"),
            "        SnapshotsClient api = SnapshotsClient.builder()",
            "                .baseUrl(System.getenv().getOrDefault("
            f"{json.dumps(BASE_URL_VARIABLE)}, {json.dumps(base_url)}))",
            f"                .token(System.getenv({json.dumps(TOKEN_VARIABLE)}))",
            "                .build();",
            "        try {",
            *result,
            "        } catch (APIStatusError error) {",
            f'            System.err.println("{REFUSED} " + error.getStatus() + " "'
            " + error.getCode());",
            "            System.exit(1);",
            "        }",
            "    }",
            "}",
        ]
    )


def _rust(call: Call, base_url: str) -> str:
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
        uses.append(f"use {RUST_CRATE}::models::{call.body_schema};")
        fields = [
            f"        {name}: "
            f"{_rust_value(value, call.body_schemas[name], required=name in call.body_required)},"
            for name, value in call.body.items()
        ]
        # Fields the example leaves out are None (Option) in the struct literal.
        fields += [f"        {name}: None," for name in call.body_schemas if name not in call.body]
        request = [f"    let request = {call.body_schema} {{", *fields, "    };"]
        arguments.append("&request")
    uses.append(f"use {RUST_CRATE}::{{SnapshotsClient, SnapshotsError}};")
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
            f"    let answer = api.{_snake(call.operation_id)}("
            + ", ".join(arguments)
            + ").await;",
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


def _renderer(reference: str) -> Callable[[Call, str], str]:
    module, _, function = reference.partition(":")
    # The registry names functions of this module: looked up here rather than imported again.
    if module != "scripts.code_samples":
        raise ValueError(f"scripts/targets.py names a renderer outside this module: {reference}")
    render: Callable[[Call, str], str] = globals()[function]
    return render


# cURL first, then every target of the registry (scripts/targets.py), in its order.
LANGUAGES: dict[str, Language] = {
    "curl": Language(label="cURL", lang="curl", render=_curl),
    **{
        name: Language(
            label=target.samples.label,
            lang=target.samples.lang,
            render=_renderer(target.samples.renderer),
        )
        for name, target in targets.TARGETS.items()
    },
}


# --- Reading the document --------------------------------------------------------------------


def _operations(document: Json) -> Iterator[tuple[str, str, Json]]:
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def _resolve(document: Json, node: Json) -> Json:
    """Follow local `$ref`s (``#/components/...``) until a node without one."""
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"]
        if not pointer.startswith("#/"):
            raise ValueError(f"only local references are supported: {pointer}")
        node = document
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _parameter_example(document: Json, parameter: Json) -> Json:
    if "example" in parameter:
        return parameter["example"]
    if parameter.get("examples"):
        return _resolve(document, next(iter(parameter["examples"].values())))["value"]
    schema = _resolve(document, parameter.get("schema", {}))
    if schema.get("examples"):
        return schema["examples"][0]
    raise ValueError(f"parameter {parameter['name']!r} has no example to make a sample from")


def _request_body_example(
    document: Json, operation: Json
) -> tuple[dict[str, Json] | None, str | None]:
    if "requestBody" not in operation:
        return None, None
    media = _resolve(document, operation["requestBody"])["content"]["application/json"]
    if media.get("examples"):
        value = _resolve(document, next(iter(media["examples"].values())))["value"]
    elif "example" in media:
        value = media["example"]
    else:
        raise ValueError(f"{operation['operationId']}: the request body has no example")
    ref = media.get("schema", {}).get("$ref", "")
    schema_name = ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None
    return value, schema_name


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace(" ", "_").lower()


def _python_literal(value: Json) -> str:
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise ValueError(f"no Python sample for a nested value: {value!r}")


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


def _pascal(name: str) -> str:
    """`server_id` or `listSnapshots` in PascalCase: `ServerId`, `ListSnapshots`."""
    return "".join(part[:1].upper() + part[1:] for part in _snake(name).split("_"))


def _camel(name: str) -> str:
    pascal = _pascal(name)
    return pascal[:1].lower() + pascal[1:]


def _types(schema: Json) -> list[str]:
    declared = schema.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)


def _optional(call: Call, name: str) -> bool:
    return name not in call.body_required or "null" in _types(call.body_schemas[name])


def _scalar(value: Json, schema: Json, language: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        wide = schema.get("format") == "int64"
        if language == "go":
            return f"int64({value})" if wide else f"int({value})"
        if language == "java":
            return f"{value}L" if wide else str(value)
        return str(value)
    if isinstance(value, str):
        literal = json.dumps(value, ensure_ascii=False)
        return f"{literal}.to_owned()" if language == "rust" else literal
    raise ValueError(f"no {language} sample for the value {value!r}")


def _go_value(value: Json, schema: Json, *, pointer: bool) -> str:
    literal = _scalar(value, schema, "go")
    if pointer:
        return f"ptr({literal})"
    # A plain field takes an untyped constant of its own type.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else literal


def _java_value(value: Json, schema: Json) -> str:
    return _scalar(value, schema, "java")


def _rust_value(value: Json, schema: Json, *, required: bool) -> str:
    literal = _scalar(value, schema, "rust")
    nullable = "null" in _types(schema)
    if not required:
        literal = f"Some({literal})"
    if nullable:
        literal = f"Some({literal})"
    return literal
