"""The API as the command knows it: the bundle the build made from the document and the catalog.

``bundle.json`` is written beside this module by scripts/package_tools.py (from
scripts/tool_bundle.py) and is never committed: the installed command reads it, not this
repository. Its shape is scripts/tool_bundle.py's.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Json = Any
BUNDLE = "bundle.json"
SOURCE_LANGUAGE = "en"
# The variables that choose the language of messages, in gettext's order.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "query", "path" or "body"
    required: bool
    schema: Json
    description: dict[str, str]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    command: str
    tool: str
    method: str
    path: str
    hints: dict[str, bool]
    summary: dict[str, str]
    description: dict[str, str]
    parameters: tuple[Parameter, ...]
    input_schema: Json

    @property
    def destructive(self) -> bool:
        return self.hints["destructiveHint"]


@dataclass(frozen=True)
class Bundle:
    title: str
    version: str
    default_base_url: str
    error_statuses: dict[str, int]
    languages: tuple[str, ...]
    texts: dict[str, dict[str, str]]
    operations: tuple[Operation, ...]

    def text(self, key: str, language: str) -> str:
        return self.texts[language][key]


def parse(data: Json) -> Bundle:
    operations = tuple(
        Operation(
            operation_id=o["operation_id"],
            command=o["command"],
            tool=o["tool"],
            method=o["method"],
            path=o["path"],
            hints=dict(o["hints"]),
            summary=dict(o["summary"]),
            description=dict(o["description"]),
            parameters=tuple(
                Parameter(p["name"], p["in"], p["required"], p["schema"], dict(p["description"]))
                for p in o["parameters"]
            ),
            input_schema=o["input_schema"],
        )
        for o in data["operations"]
    )
    return Bundle(
        title=data["title"],
        version=data["version"],
        default_base_url=data["default_base_url"],
        error_statuses={code: int(status) for code, status in data["error_statuses"].items()},
        languages=tuple(data["languages"]),
        texts={language: dict(texts) for language, texts in data["texts"].items()},
        operations=operations,
    )


@cache
def load() -> Bundle:
    """The bundle inside the installed package."""
    source = resources.files(__package__).joinpath(BUNDLE)
    if not source.is_file():
        raise RuntimeError(
            f"{__package__} has no {BUNDLE}: install the built wheel (nox -s build), "
            "or write one with `python -m scripts.tool_bundle snapshots_cli/bundle.json`"
        )
    return parse(json.loads(source.read_text(encoding="utf-8")))


def language(bundle: Bundle, environ: dict[str, str] | None = None) -> str:
    """The language of messages: the first of `LANGUAGE_VARIABLES` that is set names it
    (``be_BY.UTF-8`` → ``be``); English when it names one the bundle lacks."""
    environ = dict(os.environ) if environ is None else environ
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            # LANGUAGE is a list (be:en); the first of it that the bundle has wins.
            for item in value.split(":"):
                code = item.split(".")[0].split("_")[0].split("@")[0].lower()
                if code in bundle.languages:
                    return code
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE
