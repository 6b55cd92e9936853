"""Build the API reference into ``dist/docs/``: one HTML page that opens offline, and the bundled
OpenAPI document (YAML and JSON) that the page offers for download.

Usage: ``python -m scripts.build_docs [OUTPUT_DIR]`` (the ``docs`` nox session runs it).

1. Redocly CLI bundles ``openapi/openapi.yaml`` (the source document is never changed).
2. ``scripts/code_samples.py`` adds cURL, Python and TypeScript samples to every operation of the
   bundled copy as ``x-codeSamples``, made from the document's examples.
3. The copy is written as ``openapi.json`` and, by Redocly again, ``openapi.yaml``.
4. ``redocly build-docs --inlineBundle`` renders ``index.html`` with Redoc's script inside it.
5. The page is checked to load nothing from outside; the one outside resource Redoc 3 draws
   unconditionally (its logo) is replaced by an inline one first.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scripts.code_samples import LANGUAGES, add_code_samples, load_document

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
TEMPLATE = ROOT / "docs" / "page-template.hbs"
DIST_DOCS = ROOT / "dist" / "docs"

# Redoc options (https://redocly.com/docs/redoc/v3.x/config). The download buttons point at the
# bundled copies written beside the page, by relative URL, so they work from any host and from
# file://. Redoc shows only the sample languages it is told of (by default a fixed list without
# TypeScript), so it is told ours. Telemetry would report each reader's visit to Redocly from the
# reader's browser.
REDOC_OPTIONS: dict[str, Any] = {
    "downloadUrls": [
        {"title": "OpenAPI document (YAML)", "url": "openapi.yaml"},
        {"title": "OpenAPI document (JSON)", "url": "openapi.json"},
    ],
    "codeSamples": {
        "languages": [
            *({"lang": language.lang, "label": language.label} for language in LANGUAGES.values()),
            {"lang": "Payload", "label": "Payload"},  # the request body example, as JSON
        ]
    },
    "disableTelemetry": True,
}

# Redoc 3 (Redocly CLI 2.77) draws the "API docs by Redocly" logo in the sidebar from its CDN,
# with no option to leave it out or move it, so the page would not be self-contained. The build
# points both logo variants at an inline SVG wordmark instead (keeping the attribution), and fails
# when it cannot find them, so that a new Redocly release is looked at rather than let through.
_WORDMARK = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='{w}' height='16'%3E"
    "%3Ctext x='0' y='13' font-family='sans-serif' font-size='13' font-weight='600'"
    " fill='%23374151'%3E{text}%3C/text%3E%3C/svg%3E"
)
LOGO_REPLACEMENTS = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": _WORDMARK.format(w=56, text="Redocly"),
    "https://cdn.redoc.ly/redoc/logo-mini.svg": _WORDMARK.format(w=12, text="R"),
}

# What makes a browser fetch something when the page opens: script, style, font and image
# sources, CSS imports and url()s that name another host, and Redoc's own CDN. The inlined
# Redoc script holds many URLs as plain text (links in its help texts); those load nothing.
_EXTERNAL_LOADS = (
    re.compile(r"<script\b[^>]*\bsrc\s*=", re.IGNORECASE),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE),
    re.compile(r"<(?:img|iframe|source|video|audio)\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//", re.IGNORECASE),
    re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.IGNORECASE),
    re.compile(r"fonts\.googleapis\.com|fonts\.gstatic\.com", re.IGNORECASE),
    re.compile(r"cdn\.redoc\.ly|cdn\.redocly\.com/redoc/", re.IGNORECASE),
)


def external_loads(html: str) -> list[str]:
    """Every place in `html` that would make a browser load something from another host."""
    return [
        html[max(0, m.start() - 40) : m.end() + 60]
        for pattern in _EXTERNAL_LOADS
        for m in pattern.finditer(html)
    ]


class DocsBuildError(RuntimeError):
    """The reference could not be built, or would not be self-contained."""


def build(out: Path = DIST_DOCS, source: Path = OPENAPI) -> None:
    """Write ``index.html``, ``openapi.yaml`` and ``openapi.json`` into `out`."""
    if not REDOCLY.exists():
        raise DocsBuildError(f"{REDOCLY} is missing: run `npm ci` (the nox sessions do)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.json"
        _redocly("bundle", str(source), "--output", str(bundled))
        document = json.loads(bundled.read_text(encoding="utf-8"))
    add_code_samples(document)
    json_path, yaml_path, page = out / "openapi.json", out / "openapi.yaml", out / "index.html"
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    _redocly("bundle", str(json_path), "--output", str(yaml_path))
    _redocly(
        "build-docs",
        str(json_path),
        "--inlineBundle",
        "--output",
        str(page),
        "--template",
        str(TEMPLATE),
        f"--templateOptions.description={document['info']['summary']}",
        "--openapi",
        json.dumps(REDOC_OPTIONS),
    )
    page.write_text(_self_contained(page.read_text(encoding="utf-8")), encoding="utf-8")


def _self_contained(html: str) -> str:
    for url, inline in LOGO_REPLACEMENTS.items():
        if url not in html:
            raise DocsBuildError(f"Redoc no longer draws its logo from {url}; look again")
        html = html.replace(url, inline)
    if '"disableTelemetry":true' not in html:
        raise DocsBuildError("the page's Redoc options do not turn telemetry off")
    if found := external_loads(html):
        raise DocsBuildError("the page would load from outside:\n" + "\n".join(found))
    return html


def _redocly(*args: str) -> None:
    # Run from the root so that redocly.yaml (telemetry off) applies.
    result = subprocess.run(
        [str(REDOCLY), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise DocsBuildError(f"redocly {args[0]} failed ({result.returncode})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DIST_DOCS)
    out = parser.parse_args(argv).out.resolve()
    started = time.perf_counter()
    try:
        build(out)
    except DocsBuildError as error:
        raise SystemExit(f"build_docs: {error}") from error
    version = load_document()["info"]["version"]
    took = time.perf_counter() - started
    print(f"build_docs: API reference {version} in {out} ({took:.1f} s)")
    for name in ("index.html", "openapi.yaml", "openapi.json"):
        print(f"  {name}: {(out / name).stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
