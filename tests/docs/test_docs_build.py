"""What `scripts/build_docs.py` writes into dist/docs/: a self-contained page and the bundled
document (YAML and JSON) with the generated samples, while the source document stays clean."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from scripts import build_docs, code_samples

SOURCE = code_samples.load_document()


def _bundled(built_docs: Path) -> tuple[Any, Any]:
    as_json = json.loads((built_docs / "openapi.json").read_text(encoding="utf-8"))
    as_yaml = yaml.safe_load((built_docs / "openapi.yaml").read_text(encoding="utf-8"))
    return as_json, as_yaml


def _redoc_options(html: str) -> Any:
    match = re.search(r"const __redoc_options = (\{.*?\});\n", html)
    assert match, "the page carries no Redoc options"
    return json.loads(match.group(1))


def test_bundled_document_is_the_source_plus_samples(built_docs: Path) -> None:
    as_json, as_yaml = _bundled(built_docs)
    assert as_json == as_yaml
    validate(copy.deepcopy(as_json))
    samples = code_samples.code_samples(SOURCE)
    for item in as_json["paths"].values():
        for operation in item.values():
            assert operation.pop("x-codeSamples") == samples[operation["operationId"]]
    # The operations in the original page's order: list, create, restore, delete.
    order = [op["operationId"] for item in as_json["paths"].values() for op in item.values()]
    assert order == ["listSnapshots", "createSnapshot", "restoreSnapshot", "deleteSnapshot"]
    # The guide pages join the description, after the source's intro and around its sections.
    description = as_json["info"].pop("description")
    headings = re.findall(r'(?m)^## (.+) \{% id="section/[a-z0-9-]+" %\}$', description)
    source_headings = re.findall(r"(?m)^## (.+)$", SOURCE["info"]["description"])
    assert headings == ["Getting started", *source_headings, *GUIDE_HEADINGS]
    assert description.startswith(SOURCE["info"]["description"].split("\n## ")[0].strip())
    # Quotes opening with "Note:" or "Warning:" are callouts; nothing else differs.
    restore = as_json["paths"]["/api/v1/snapshots/{snapshot_id}/restore/"]["post"]
    assert '<aside class="callout callout-warning" role="note"' in restore["description"]
    expected = copy.deepcopy(SOURCE)
    del expected["info"]["description"]
    for tag in expected["tags"]:
        tag["x-displayName"] = tag["name"]
    _drop_descriptions(as_json)
    _drop_descriptions(expected)
    assert as_json == expected


GUIDE_HEADINGS = ["Error codes", "Waiting for a snapshot", "Changelog"]


def _drop_descriptions(node: Any) -> None:
    if isinstance(node, dict):
        text = node.get("description")
        if isinstance(text, str) and ("> **" in text or "<aside" in text):
            del node["description"]
        for value in node.values():
            _drop_descriptions(value)
    elif isinstance(node, list):
        for item in node:
            _drop_descriptions(item)


def test_source_document_stays_clean(built_docs: Path) -> None:
    source_text = code_samples.OPENAPI.read_text(encoding="utf-8")
    assert "x-codeSamples" not in source_text
    assert (built_docs / "openapi.yaml").read_text(encoding="utf-8") != source_text


def test_page_loads_nothing_from_outside(built_docs: Path) -> None:
    html = (built_docs / "index.html").read_text(encoding="utf-8")
    assert build_docs.external_loads(html) == []
    assert "<script" in html
    assert "hydrate(__redoc_definition" in html
    options = _redoc_options(html)
    assert options["disableTelemetry"] is True
    for download in options["downloadUrls"]:
        assert (built_docs / download["url"]).is_file()
    assert options["jsonSamplesExpandLevel"] == "all"
    languages = [entry["label"] for entry in options["codeSamples"]["languages"]]
    assert languages[:3] == ["cURL", "Python", "TypeScript"]


def test_outside_loads_are_recognised() -> None:
    # The check above must be able to fail: each way a page pulls in a CDN is caught.
    for html in (
        '<script src="https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js">',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        "<style>@import url('https://fonts.googleapis.com/css2?family=Inter');</style>",
        "<style>@font-face { src: url(//fonts.gstatic.com/s/inter.woff2) }</style>",
        '<img alt="logo" src="https://cdn.redoc.ly/redoc/logo-mini.svg">',
        '<link rel="preload" href="https://example.org/canonical.css" as="style">',
    ):
        assert build_docs.external_loads(html), html
    assert build_docs.external_loads('<a href="https://admin.vps.org/">site</a>') == []
    for link in (
        '<link rel="canonical" href="https://docs.vps.org/latest/">',
        '<link rel="alternate" hreflang="be" href="https://docs.vps.org/latest/be/">',
    ):
        assert build_docs.external_loads(link) == [], link
