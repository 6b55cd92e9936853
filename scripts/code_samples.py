"""Code samples for every operation of the OpenAPI document, made from the document's examples.

Each operation is called with the values the document itself gives: every parameter's
``example`` and the first example of the JSON request body. Nothing here is written per
operation, so a changed example, a new parameter or a new operation changes the samples at the
next build. One renderer per language turns such a call into a complete program: cURL's here, and
each target's the `sample` function of its module (scripts/targets/<name>.py), which the
registry names.

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

# --- The clients' layers ------------------------------------------------------------------------
# Every layer (docs/clients.md, "The hand-written layer") has a `SnapshotsClient` with one method
# per operation, named after its operationId in the language's case, that returns the parsed body
# of the documented success (nothing for a 204) and raises (throws, returns) an `APIStatusError`
# with `status` and `code` for an error answer of the API; tests/changes/test_layer_names.py
# holds the layers to these names. How each language's sample calls its layer is written beside
# its renderer, in the target's module: the one place to adjust when a layer names things anew.


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


def _target_renderer(reference: str) -> Callable[[Call, str], str]:
    """The registry's ``"module:function"`` renderer, imported when a sample is first rendered:
    the target's module imports this one (for `Call` and the shared helpers), so importing it
    here, while this module is still being made, would go round in a circle."""

    def render(call: Call, base_url: str) -> str:
        sample: Callable[[Call, str], str] = targets.resolve(reference)
        return sample(call, base_url)

    return render


# cURL first, then every target of the registry (scripts/targets/), in its order.
LANGUAGES: dict[str, Language] = {
    "curl": Language(label="cURL", lang="curl", render=_curl),
    **{
        name: Language(
            label=target.samples.label,
            lang=target.samples.lang,
            render=_target_renderer(target.samples.renderer),
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


# --- What every target's renderer uses ---------------------------------------------------------


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace(" ", "_").lower()


def pascal(name: str) -> str:
    """`server_id` or `listSnapshots` in PascalCase: `ServerId`, `ListSnapshots`."""
    return "".join(part[:1].upper() + part[1:] for part in snake(name).split("_"))


def camel(name: str) -> str:
    name = pascal(name)
    return name[:1].lower() + name[1:]


def schema_types(schema: Json) -> list[str]:
    """The schema's `type` as a list (OpenAPI 3.1 allows one name or several)."""
    declared = schema.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)
