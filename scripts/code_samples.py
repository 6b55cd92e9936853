"""Code samples for every operation of the OpenAPI document, made from the document's examples.

Each operation is called with the values the document itself gives: every parameter's
``example`` and the first example of the JSON request body. Nothing here is written per
operation, so a changed example, a new parameter or a new operation changes the samples at the
next build. One renderer per language turns such a call into a runnable program; the renderers
take the base URL and token as arguments, so the tests run the very same samples against the
mock server that the reference page shows against production.

The docs build (``scripts/build_docs.py``) adds the samples to a bundled copy of the document as
``x-codeSamples``; ``render`` gives one sample to the tests.
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

from scripts.generate_go import module_path as go_module_path
from snapshots_mock import seed_facts

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
# The original page's placeholder token, which is also the mock's first account's token.
TOKEN_PLACEHOLDER = seed_facts.TOKEN
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Json = Any

# --- The generated clients' API: the one place to adjust when a generator names things anew. ---
# openapi-python-client (generated/python): one module per operation (snake_case operationId)
# under api/<first tag>/, each with sync_detailed(<path params>, *, client, <query>, body) giving
# a Response whose `parsed` is the success model, the `Error` model, or None (a 204); request
# bodies are models (models/__init__.py exports every one by its schema name) passed as `body`.
PYTHON_PACKAGE = "vps_snapshots_client"
PYTHON_CLIENT_CLASS = "AuthenticatedClient"
PYTHON_BODY_ARGUMENT = "body"
# @hey-api/openapi-ts (generated/typescript, npm package @vps-org/snapshots-client): one function
# per operationId taking one options object { path, query, body } (optional when nothing in it
# is required) and resolving to { data, error, request, response }; `response` is undefined
# only when no answer came. The package's default `client` is set up with setConfig().
TYPESCRIPT_PACKAGE = "@vps-org/snapshots-client"
TYPESCRIPT_CLIENT = "client"


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
    render: Callable[[Call, str, str], str]


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


def render(
    operation_id: str,
    language: str,
    base_url: str | None = None,
    *,
    token: str = TOKEN_PLACEHOLDER,
    document: Json = None,
) -> str:
    """The `language` sample of `operation_id`, calling `base_url` (default: the document's)."""
    doc = load_document() if document is None else document
    call = calls(doc)[operation_id]
    return LANGUAGES[language].render(call, base_url or default_base_url(doc), token)


def code_samples(document: Json, base_url: str | None = None) -> dict[str, list[dict[str, str]]]:
    """The ``x-codeSamples`` list of every operation, by operationId."""
    url = base_url or default_base_url(document)
    return {
        operation_id: [
            {
                "lang": language.lang,
                "label": language.label,
                "source": language.render(call, url, TOKEN_PLACEHOLDER),
            }
            for language in LANGUAGES.values()
        ]
        for operation_id, call in calls(document).items()
    }


def add_code_samples(document: Json, base_url: str | None = None) -> None:
    """Set ``x-codeSamples`` on every operation of `document` (a bundled copy, never the source)."""
    samples = code_samples(document, base_url)
    for _, _, operation in _operations(document):
        operation["x-codeSamples"] = samples[operation["operationId"]]


# --- Renderers -------------------------------------------------------------------------------


def _curl(call: Call, base_url: str, token: str) -> str:
    # The seed page's style: method, quoted URL, both headers on every call, and the body as
    # indented JSON in single quotes.
    lines = [
        f'curl -X {call.method} "{call.url(base_url)}"',
        f'  -H "Authorization: Bearer {token}"',
        '  -H "Content-Type: application/json"',
    ]
    if call.body is not None:
        body = json.dumps(call.body, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        lines.append("  -d '" + body.replace("'", "'\\''") + "'")
    return " \\\n".join(lines)


def _python(call: Call, base_url: str, token: str) -> str:
    module = _snake(call.operation_id)
    api = f"{PYTHON_PACKAGE}.api.{_snake(call.tag)}"
    imports = [
        "import json",
        "",
        f"from {PYTHON_PACKAGE} import {PYTHON_CLIENT_CLASS}",
        f"from {api} import {module}",
    ]
    # In the order of the generated signature: path parameters, client, query parameters, body.
    arguments = [f"{name}={_python_literal(v)}" for name, v in call.path_params.items()]
    arguments.append("client=client")
    arguments += [f"{name}={_python_literal(v)}" for name, v in call.query_params.items()]
    if call.body is not None:
        if call.body_schema is None:
            raise ValueError(f"{call.operation_id}: the request body schema has no model name")
        imports.append(f"from {PYTHON_PACKAGE}.models import {call.body_schema}")
        fields = "".join(f"            {k}={_python_literal(v)},\n" for k, v in call.body.items())
        arguments.append(f"{PYTHON_BODY_ARGUMENT}={call.body_schema}(\n{fields}        )")
    return "\n".join(
        [
            *imports,
            "",
            f"client = {PYTHON_CLIENT_CLASS}("
            f"base_url={_python_literal(base_url.rstrip('/'))}, token={_python_literal(token)})",
            "",
            "with client:",
            f"    response = {module}.sync_detailed(",
            *(f"        {argument}," for argument in arguments),
            "    )",
            "",
            "print(response.status_code)",
            "# The answer's model, or the Error model (code, message, details); None for a 204.",
            "if response.parsed is not None:",
            "    print(json.dumps(response.parsed.to_dict(), indent=2))",
        ]
    )


def _typescript(call: Call, base_url: str, token: str) -> str:
    function = call.operation_id
    options = []
    if call.path_params:
        options.append(f"path: {_ts_object(call.path_params)}")
    if call.query_params:
        options.append(f"query: {_ts_object(call.query_params)}")
    if call.body is not None:
        options.append(f"body: {_ts_object(call.body, indent='  ')}")
    if options:
        invocation = [f"await {function}({{", *(f"  {option}," for option in options), "});"]
    else:
        invocation = [f"await {function}();"]
    if call.success_has_body:
        results = "data, error, response"
        printed = "console.log(JSON.stringify(data ?? error, null, 2));"
    else:
        # The success has no body (the client gives `{}` for it): print the error body only.
        results = "error, response"
        printed = "if (error !== undefined) console.log(JSON.stringify(error, null, 2));"
    return "\n".join(
        [
            f"import {{ {TYPESCRIPT_CLIENT}, {function} }} from '{TYPESCRIPT_PACKAGE}';",
            "",
            f"{TYPESCRIPT_CLIENT}.setConfig({{"
            f" baseUrl: {_ts_value(base_url.rstrip('/'))}, auth: {_ts_value(token)} }});",
            "",
            f"const {{ {results} }} = {invocation[0]}",
            *invocation[1:],
            "if (response === undefined) throw error; // no answer at all: a network error",
            "console.log(response.status);",
            printed,
        ]
    )


# The Go client (oapi-codegen, generated/go, imported as `snapshots` by its module path, which
# scripts/generate_go.py's module_path() makes from the document's version):
# NewClientWithResponses with a request editor for the token; one <OperationId>WithResponse
# method per operation taking (ctx, path params..., &<OperationId>Params{query}, body), whose
# answer has StatusCode() and the raw Body (JSON200, JSON400... hold it parsed). Field names are
# the properties' in PascalCase; a field that is optional or nullable is a pointer.
# The Java client (openapi-generator java/native, generated/java): <Tag>Api with one method per
# operationId, and <operationId>WithHttpInfo answering an ApiResponse (status and parsed body);
# an error status is an ApiException carrying the Error body. Bodies are models built with
# fluent setters named after the properties in camelCase.
JAVA_PACKAGE = "org.vps.snapshots"
# The Rust client (openapi-generator rust/reqwest, generated/rust, crate vps_snapshots_client):
# async apis::<tag>_api::<operation_id>(&Configuration, path..., query..., body) answering the
# parsed success body, or Error::ResponseError with the status and the raw error body. It does
# not give the success status, so the sample prints `ok` in its place. Optional fields are
# Option<T>, and nullable optional ones Option<Option<T>>.
RUST_CRATE = "vps_snapshots_client"


def _go(call: Call, base_url: str, token: str) -> str:
    arguments = ["context.Background()"]
    arguments += [
        _go_value(value, call.param_schemas[name], pointer=False)
        for name, value in call.path_params.items()
    ]
    if call.query_params:
        fields = ", ".join(
            f"{_pascal(name)}: {_go_value(value, call.param_schemas[name], pointer=True)}"
            for name, value in call.query_params.items()
        )
        arguments.append(f"&snapshots.{_pascal(call.operation_id)}Params{{{fields}}}")
    if call.body is not None:
        fields = "".join(
            f"\t\t{_pascal(name)}: "
            f"{_go_value(value, call.body_schemas[name], pointer=_optional(call, name))},\n"
            for name, value in call.body.items()
        )
        arguments.append(f"snapshots.{call.body_schema}{{\n{fields}\t}}")
    uses_pointer = any("ptr(" in argument for argument in arguments)
    return "\n".join(
        [
            "package main",
            "",
            "import (",
            '\t"context"',
            '\t"fmt"',
            '\t"log"',
            '\t"net/http"',
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
            "\tclient, err := snapshots.NewClientWithResponses(",
            f"\t\t{json.dumps(base_url.rstrip('/'))},",
            "\t\tsnapshots.WithRequestEditorFn("
            "func(_ context.Context, request *http.Request) error {",
            f'\t\t\trequest.Header.Set("Authorization", {json.dumps("Bearer " + token)})',
            "\t\t\treturn nil",
            "\t\t}),",
            "\t)",
            "\tif err != nil {",
            "\t\tlog.Fatal(err)",
            "\t}",
            f"\tanswer, err := client.{_pascal(call.operation_id)}WithResponse("
            + ", ".join(arguments) + ")",
            "\tif err != nil {",
            "\t\tlog.Fatal(err) // no answer at all: a network error",
            "\t}",
            "\tfmt.Println(answer.StatusCode())",
            "\t// The JSON answer as sent; answer.JSON2xx and answer.JSON4xx hold it parsed.",
            "\tfmt.Println(string(answer.Body))",
            "}",
        ]
    )  # fmt: skip


def _java(call: Call, base_url: str, token: str) -> str:
    imports = [
        "import java.net.http.HttpClient;",
        f"import {JAVA_PACKAGE}.ApiClient;",
        f"import {JAVA_PACKAGE}.ApiException;",
        f"import {JAVA_PACKAGE}.api.{_pascal(call.tag)}Api;",
    ]
    arguments = [
        _java_value(value, call.param_schemas[name])
        for name, value in [*call.path_params.items(), *call.query_params.items()]
    ]
    if call.body is not None:
        imports.append(f"import {JAVA_PACKAGE}.model.{call.body_schema};")
        setters = "".join(
            f"\n                .{_camel(name)}({_java_value(value, call.body_schemas[name])})"
            for name, value in call.body.items()
        )
        arguments.append(f"new {call.body_schema}(){setters}")
    printed = (
        [
            "            System.out.println(client.getObjectMapper()"
            ".writerWithDefaultPrettyPrinter()",
            "                    .writeValueAsString(response.getData()));",
        ]
        if call.success_has_body
        else []
    )
    return "\n".join(
        [
            *imports,
            "",
            "public final class Example {",
            "    public static void main(String[] args) throws Exception {",
            "        ApiClient client = new ApiClient();",
            "        // HTTP/1.1: over plain http:// HttpClient would ask for an h2c upgrade.",
            "        client.setHttpClientBuilder("
            "HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));",
            f"        client.updateBaseUri({json.dumps(base_url.rstrip('/'))});",
            "        client.setRequestInterceptor(",
            f'                request -> request.header("Authorization", '
            f"{json.dumps('Bearer ' + token)}));",
            f"        {_pascal(call.tag)}Api api = new {_pascal(call.tag)}Api(client);",
            "        try {",
            f"            var response = api.{call.operation_id}WithHttpInfo("
            + ", ".join(arguments)
            + ");",
            "            System.out.println(response.getStatusCode());",
            *printed,
            "        } catch (ApiException error) {",
            "            // Every documented error status has the Error body (code, message,",
            "            // details).",
            "            System.out.println(error.getCode());",
            "            System.out.println(error.getResponseBody());",
            "        }",
            "    }",
            "}",
        ]
    )


def _rust(call: Call, base_url: str, token: str) -> str:
    module = f"{_snake(call.tag)}_api"
    uses = [
        f"use {RUST_CRATE}::apis::configuration::Configuration;",
        f"use {RUST_CRATE}::apis::{{{module}, Error}};",
    ]
    arguments = ["&configuration"]
    arguments += [
        _rust_value(value, call.param_schemas[name], required=True)
        for name, value in call.path_params.items()
    ]
    arguments += [
        _rust_value(value, call.param_schemas[name], required=False)
        for name, value in call.query_params.items()
    ]
    if call.body is not None:
        uses.append(f"use {RUST_CRATE}::models::{call.body_schema};")
        fields = "".join(
            f"        {name}: "
            f"{_rust_value(value, call.body_schemas[name], required=name in call.body_required)},\n"
            for name, value in call.body.items()
        )
        # Fields the example leaves out are None (Option) in the struct literal.
        missing = [name for name in call.body_schemas if name not in call.body]
        fields += "".join(f"        {name}: None,\n" for name in missing)
        arguments.append(f"{call.body_schema} {{\n{fields}    }}")
    ok = (
        [
            "        Ok(answer) => {",
            '            println!("ok");',
            '            println!("{}", serde_json::to_string_pretty(&answer).expect("JSON"));',
            "        }",
        ]
        if call.success_has_body
        else ['        Ok(()) => println!("ok"),']
    )
    return "\n".join(
        [
            *uses,
            "",
            "#[tokio::main]",
            "async fn main() {",
            "    let configuration = Configuration {",
            f"        base_path: {json.dumps(base_url.rstrip('/'))}.to_owned(),",
            f"        bearer_access_token: Some({json.dumps(token)}.to_owned()),",
            "        ..Configuration::default()",
            "    };",
            f"    let answer = {module}::{_snake(call.operation_id)}(" + ", ".join(arguments) + ")",
            "        .await;",
            "    match answer {",
            "        // The documented success status: its parsed body (printed as JSON).",
            *ok,
            "        // Every documented error status has the Error body (code, message, details).",
            "        Err(Error::ResponseError(refused)) => {",
            '            println!("{}", refused.status.as_u16());',
            '            println!("{}", refused.content);',
            "        }",
            '        Err(other) => panic!("no answer: {other}"),',
            "    }",
            "}",
        ]
    )


LANGUAGES: dict[str, Language] = {
    "curl": Language(label="cURL", lang="curl", render=_curl),
    "python": Language(label="Python", lang="python", render=_python),
    "typescript": Language(label="TypeScript", lang="typescript", render=_typescript),
    "go": Language(label="Go", lang="go", render=_go),
    "java": Language(label="Java", lang="java", render=_java),
    "rust": Language(label="Rust", lang="rust", render=_rust),
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
