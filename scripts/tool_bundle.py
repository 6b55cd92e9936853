"""What the command-line tool and the MCP server know of the API: a JSON bundle made from the
OpenAPI document and the reference's translation catalog at build time.

    python -m scripts.tool_bundle [OUT.json]     # prints it when no file is named

The installed ``vps-snapshots`` and ``vps-snapshots-mcp`` never read this repository: the build
(scripts/package_tools.py) writes this bundle into each package as ``bundle.json``. Every fact
in it is read from the document, never from its prose:

- each operation becomes a command and a tool: the command is the operationId's first word
  (``listSnapshots`` → ``list``), the tool its snake case (``list_snapshots``), so a renamed
  operation renames both (spec_changes reports the rename);
- its parameters and the properties of its JSON request body become options and the tool's
  input schema, with their schemas (``$ref`` resolved) and descriptions;
- its summary and description, and every parameter's description, in each language of the
  catalog (`scripts.docs_i18n.Translator`, the same the reference's Belarusian edition uses);
- the error codes and their statuses (``ErrorCode``'s ``x-error-statuses``);
- the MCP hints, by HTTP method (RFC 9110): a GET is read-only; a DELETE idempotent and
  destructive; a POST neither, and destructive unless its success is ``201 Created`` (it adds a
  resource rather than changing one).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from scripts import docs_i18n
from snapshots_cli.names import command_name, tool_name
from snapshots_cli.texts import TEXTS

Json = Any
OPENAPI = docs_i18n.ROOT / "openapi" / "openapi.yaml"
METHODS = ("get", "post", "put", "patch", "delete")
LANGUAGES = (docs_i18n.SOURCE_LANGUAGE, *docs_i18n.TRANSLATIONS)


def resolve(document: Json, node: Json) -> Json:
    """`node` with every ``$ref`` replaced by its target (siblings of a ``$ref`` win)."""
    if isinstance(node, list):
        return [resolve(document, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Json = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        merged = {**resolve(document, target), **{k: v for k, v in node.items() if k != "$ref"}}
        return resolve(document, merged)
    return {key: resolve(document, value) for key, value in node.items()}


def hints(method: str, success: int) -> dict[str, bool]:
    read_only = method == "get"
    return {
        "readOnlyHint": read_only,
        "destructiveHint": method == "delete" or (method != "get" and success != 201),
        "idempotentHint": method in ("get", "put", "delete"),
        # The API acts on the account's servers only, never on an open world.
        "openWorldHint": False,
    }


def _plain(schema: Json) -> Json:
    """A parameter's schema without its prose and examples (the bundle keeps those apart)."""
    return {k: v for k, v in schema.items() if k not in ("description", "examples", "example")}


def _parameters(documents: dict[str, Json], path: str, method: str) -> list[Json]:
    found: list[Json] = []

    def each(language: str) -> list[tuple[str, str, bool, Json]]:
        document = documents[language]
        item = document["paths"][path]
        operation = item[method]
        rows: list[tuple[str, str, bool, Json]] = []
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = resolve(document, parameter)
            schema = resolve(document, parameter.get("schema", {}))
            schema = {**schema, "description": parameter.get("description", "")}
            rows.append(
                (parameter["name"], parameter["in"], bool(parameter.get("required")), schema)
            )
        body = operation.get("requestBody")
        if body is not None:
            body = resolve(document, body)
            schema = body["content"]["application/json"]["schema"]
            required = set(schema.get("required", []))
            for name, prop in schema.get("properties", {}).items():
                rows.append((name, "body", name in required, prop))
        return rows

    per_language = {language: each(language) for language in documents}
    for index, (name, where, required, schema) in enumerate(
        per_language[docs_i18n.SOURCE_LANGUAGE]
    ):
        descriptions = {
            language: rows[index][3].get("description", "").strip()
            for language, rows in per_language.items()
        }
        found.append(
            {
                "name": name,
                "in": where,
                "required": required,
                "schema": _plain(schema),
                "description": descriptions,
            }
        )
    return found


def input_schema(parameters: list[Json]) -> Json:
    """The JSON Schema of a tool's arguments: one property per parameter, nothing else."""
    return {
        "type": "object",
        "properties": {
            p["name"]: {**p["schema"], "description": p["description"][docs_i18n.SOURCE_LANGUAGE]}
            for p in parameters
        },
        "required": [p["name"] for p in parameters if p["required"]],
        "additionalProperties": False,
    }


def cli_texts(language: str) -> dict[str, str]:
    """The command's own words in `language`, from the catalog's ``cli:<key>`` messages."""
    if language == docs_i18n.SOURCE_LANGUAGE:
        return dict(TEXTS)
    catalog = docs_i18n.load_catalog(language)
    found = {}
    for key, english in TEXTS.items():
        message = catalog.get(english, context=f"cli:{key}")
        if message is None or not message.string or message.fuzzy:
            raise docs_i18n.TranslationError(
                f"{language}: no translation of the command's {english!r} (cli:{key}); "
                f"run `{docs_i18n.UPDATE_COMMAND}` and translate it"
            )
        found[key] = str(message.string)
    return found


def bundle(document: Json) -> Json:
    """The bundle of `document` (see the module's docstring)."""
    documents = {
        language: docs_i18n.Translator(language, document).document(document)
        for language in LANGUAGES
    }
    operations = []
    for path, item in document["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operation_id = operation["operationId"]
            success = min(int(s) for s in operation["responses"] if str(s).startswith("2"))
            operations.append(
                {
                    "operation_id": operation_id,
                    "command": command_name(operation_id),
                    "tool": tool_name(operation_id),
                    "method": method.upper(),
                    "path": path,
                    "success_status": success,
                    "hints": hints(method, success),
                    "summary": {
                        lang: documents[lang]["paths"][path][method]["summary"].strip()
                        for lang in LANGUAGES
                    },
                    "description": {
                        lang: documents[lang]["paths"][path][method]["description"].strip()
                        for lang in LANGUAGES
                    },
                    "parameters": _parameters(documents, path, method),
                }
            )
    for operation in operations:
        operation["input_schema"] = input_schema(operation["parameters"])
    for names in ("command", "tool"):
        taken = [operation[names] for operation in operations]
        if len(set(taken)) != len(taken):
            raise ValueError(f"two operations make the same {names}: {sorted(taken)}")
    error_code = document["components"]["schemas"]["ErrorCode"]
    return {
        "title": document["info"]["title"],
        "version": str(document["info"]["version"]),
        # The document's first server, as the clients' default.
        "default_base_url": str(document["servers"][0]["url"]),
        "error_statuses": dict(error_code["x-error-statuses"]),
        "languages": list(LANGUAGES),
        "texts": {language: cli_texts(language) for language in LANGUAGES},
        "operations": operations,
    }


def load_document(path: Path = OPENAPI) -> Json:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="the JSON file to write")
    args = parser.parse_args(argv)
    text = json.dumps(bundle(load_document()), ensure_ascii=False, indent=1) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
