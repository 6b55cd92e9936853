"""Load the OpenAPI document from a file or a git revision, and follow its `$ref`s."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from spec_changes.model import Json

# What a component of each kind is called in the report.
_KINDS = {
    "schemas": "schema",
    "responses": "response",
    "parameters": "parameter",
    "requestBodies": "request body",
    "headers": "header",
    "examples": "example",
    "links": "link",
    "securitySchemes": "security scheme",
    "callbacks": "callback",
    "pathItems": "path item",
}


class DocumentError(Exception):
    """The document or the revision cannot be read; the message says why."""


def parse(text: str, source: str) -> Json:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DocumentError(f"{source} is not valid YAML: {error}") from error
    if not isinstance(document, dict) or "openapi" not in document:
        raise DocumentError(f"{source} is not an OpenAPI document")
    return document


def load_file(path: Path) -> Json:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error}") from error
    return parse(text, str(path))


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DocumentError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def load_revision(repo: Path, revision: str, path: Path) -> Json:
    """The document at ``path`` (relative to the repository's top) as it was at ``revision``."""
    relative = path.as_posix()
    try:
        text = _git(repo, "show", f"{revision}:{relative}")
    except DocumentError as error:
        raise DocumentError(
            f"cannot read {relative} at {revision!r}: {error}{_missing_history_hint(repo)}"
        ) from error
    return parse(text, f"{relative} at {revision}")


def _missing_history_hint(repo: Path) -> str:
    """What to do when a revision is not in the clone: a shallow clone lacks most of them."""
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if shallow.stdout.strip() == "true":
        return (
            "\nThis clone is shallow: fetch the revision first (`git fetch --unshallow --tags`, "
            "or `git fetch origin BASE`), or leave BASE out to compare with the last release "
            "recorded in openapi/releases/."
        )
    return (
        "\nName a revision this clone has (`git fetch --tags` brings the tags), or leave BASE "
        "out to compare with the last release recorded in openapi/releases/."
    )


def top_level(directory: Path) -> Path:
    return Path(_git(directory, "rev-parse", "--show-toplevel").strip())


def follow(document: Json, node: Json) -> tuple[Json, tuple[str, ...]]:
    """Resolve local `$ref`s; also return the components passed through (``schemas/Id``)."""
    chain: list[str] = []
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        pointer = node["$ref"]
        if not pointer.startswith("#/") or pointer in seen:
            raise DocumentError(f"unsupported or circular reference {pointer!r}")
        seen.add(pointer)
        parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[2:].split("/")]
        node = document
        for part in parts:
            if not isinstance(node, dict) or part not in node:
                raise DocumentError(f"reference {pointer!r} does not resolve")
            node = node[part]
        if len(parts) == 3 and parts[0] == "components":
            chain.append(f"{parts[1]}/{parts[2]}")
    return node, tuple(chain)


def used_components(document: Json) -> set[str]:
    """The components (``schemas/Id``) that the paths reach, directly or through others."""
    used: set[str] = set()
    pending: list[Json] = [document.get("paths") or {}]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            ref = ref_name(node)
            if ref is not None and ref not in used:
                used.add(ref)
                kind, _, name = ref.partition("/")
                pending.append(((document.get("components") or {}).get(kind) or {}).get(name))
            pending.extend(value for key, value in node.items() if key != "$ref")
    return used


def label(component: str) -> str:
    """How the report names a component key such as ``schemas/Id`` (``schema Id``)."""
    kind, _, name = component.partition("/")
    return f"{_KINDS.get(kind, kind)} {name}"


def ref_name(node: Json) -> str | None:
    """The component a ``$ref`` node names (``schemas/Id``), else ``None``."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if ref.startswith("#/components/"):
            return ref[len("#/components/") :]
    return None
