"""Build the API reference into ``dist/docs/``: one page per language (English at the top,
Belarusian in ``be/``), each opening offline, each with the bundled OpenAPI document (YAML and
JSON) in its own language to download.

Usage: ``python -m scripts.build_docs [OUTPUT_DIR]``: the current document's editions. The ``docs``
nox session builds the whole site (every release and ``latest``) with ``scripts/build_site.py``,
which calls `build_edition` here for each version and language.

1. Redocly CLI bundles ``openapi/openapi.yaml`` (the source document is never changed).
2. ``scripts/code_samples.py`` adds cURL, Python, TypeScript, Go, Java and Rust samples to every
   operation of the bundled copy as ``x-codeSamples``, made from the document's examples.
3. For each language, ``scripts/docs_i18n.py`` translates the copy and the guide pages
   (``docs/reference/``) from its PO catalog (``docs/i18n/``); the build fails, naming each text,
   when a translation is missing or stale, and prints each language's coverage. The guide pages
   join the document's description; the operations are put in the original page's order;
   "Note" and "Warning" quotes become callouts.
4. The copy is written as ``openapi.json`` and, by Redocly again, ``openapi.yaml``.
5. ``redocly build-docs --inlineBundle`` renders ``index.html`` with Redoc's script inside it,
   in ``docs/page-template.hbs`` (lang, language switcher, deep links, readable colours), from a
   copy whose schemas are drawn as their answers are (``scripts/reader_schemas.py``).
6. Redoc's words are put in the edition's language: those it looks up by key through a patch of
   its ``translate``, the others by ``docs/redoc-texts.js`` after it renders them.
7. The page is checked to load nothing from outside; the one outside resource Redoc 3 draws
   unconditionally (its logo) is replaced by an inline one first.
8. Beside the page, ``scripts/docs_markdown.py`` writes the same edition for tools: ``llms.txt``,
   ``llms-full.txt`` and a Markdown page per operation and guide (``md/``).
"""

from __future__ import annotations

import argparse
import html as html_escape
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import docs_i18n, docs_markdown
from scripts.code_highlight import highlight_code_blocks
from scripts.code_samples import LANGUAGES, add_code_samples, load_document
from scripts.reader_schemas import reader_schemas
from scripts.targets.go import module_path

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.yaml"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
TEMPLATE = ROOT / "docs" / "page-template.hbs"
REDOC_TEXTS_SCRIPT = ROOT / "docs" / "redoc-texts.js"
DIST_DOCS = ROOT / "dist" / "docs"

# The editions: language code and the folder under the output directory ("" for English, the
# source language, so that the English page keeps its address).
EDITIONS = {
    docs_i18n.SOURCE_LANGUAGE: "",
    **{language: language for language in docs_i18n.TRANSLATIONS},
}
# The original page's order of the operations; one it does not name comes after these.
OPERATION_ORDER = ("listSnapshots", "createSnapshot", "restoreSnapshot", "deleteSnapshot")
# Guide pages shown before the document's own sections, and after them.
GUIDES_BEFORE = ("getting-started.md",)
GUIDES_AFTER = ("errors.md", "waiting.md", "changelog.md")
# A Markdown quote that opens with one of these becomes a callout (`<aside>`), styled by the
# page template; the words are the catalogs' own translations of "Note" and "Warning".
CALLOUTS = {"note": ("Note", "Заўвага"), "warning": ("Warning", "Папярэджанне")}


def redoc_options(language: str) -> dict[str, Any]:
    """Redoc options (https://redocly.com/docs/redoc/v3.x/config) for one edition.

    The download buttons point at the bundled copies written beside the page, by relative URL,
    so they work from any host and from file://. Redoc shows only the sample languages it is told
    of (by default a fixed list without TypeScript), so it is told ours. Telemetry would report
    each reader's visit to Redocly from the reader's browser.
    """
    ui = docs_i18n.ui_strings(language)
    return {
        "downloadUrls": [
            {"title": ui["OpenAPI document (YAML)"], "url": "openapi.yaml"},
            {"title": ui["OpenAPI document (JSON)"], "url": "openapi.json"},
        ],
        "codeSamples": {
            "languages": [
                *({"lang": lang.lang, "label": lang.label} for lang in LANGUAGES.values()),
                # the request body example, as JSON
                {
                    "lang": "Payload",
                    "label": docs_i18n.redoc_strings(language).get("payload", "Payload"),
                },
            ]
        },
        # Every level of the example answers open: the list's results, not "{ … }".
        "jsonSamplesExpandLevel": "all",
        # The template's bar (skip link, language switcher) is fixed above Redoc's layout;
        # this option moves Redoc's sticky sidebar and its scrolling below it.
        "scrollYOffset": PAGE_BAR_HEIGHT,
        "disableTelemetry": True,
    }


# The height in px of the template's bar above Redoc's layout (skip link, language switcher).
PAGE_BAR_HEIGHT = 44

REDOC_OPTIONS = redoc_options(docs_i18n.SOURCE_LANGUAGE)

# Redoc 3 (Redocly CLI 2.77) draws the "API docs by Redocly" logo in the sidebar from its CDN,
# with no option to leave it out or move it, so the page would not be self-contained. The build
# points both logo variants at an inline SVG wordmark instead (keeping the attribution; dark text on
# its own white ground, readable in both colour modes), and fails
# when it cannot find them, so that a new Redocly release is looked at rather than let through.
_WORDMARK = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='{w}' height='16'%3E"
    "%3Crect width='100%25' height='16' rx='3' fill='white'/%3E"
    "%3Ctext x='0' y='13' font-family='sans-serif' font-size='13' font-weight='600'"
    " fill='%23374151'%3E{text}%3C/text%3E%3C/svg%3E"
)
LOGO_REPLACEMENTS = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": _WORDMARK.format(w=56, text="Redocly"),
    "https://cdn.redoc.ly/redoc/logo-mini.svg": _WORDMARK.format(w=12, text="R"),
}

# Redoc 3 draws an operation's title as h2, its "Request" and "Responses" as h4 and "Path",
# "Query" as h5, with no option to change them: each operation is a page of its own with no h1,
# and the levels skip. The build raises them by one patch each of Redoc's inlined script (its
# page model's levels and one styled heading) and fails when a patch no longer applies, so that a
# new Redocly release is looked at (the pin in package-lock.json keeps them applying until then).
HEADING_PATCHES = (
    (
        "operation title: h2 -> h1",
        re.compile(
            r"(\{nodeType:\w+\.HEADER,level:)2(,label:\w+,badges:\w+\[`x-badges`\],isWebhook:)"
        ),
        r"\g<1>1\g<2>",
        1,
    ),
    (
        '"Request": h4 -> h2',
        re.compile(r"(\{nodeType:\w+\.HEADER,level:)4(,label:`Request`)"),
        r"\g<1>2\g<2>",
        3,
    ),
    (
        '"Responses": h4 -> h2',
        re.compile(r"(\{nodeType:\w+\.HEADER,level:)4(,label:`Responses`)"),
        r"\g<1>2\g<2>",
        1,
    ),
    (
        '"Path", "Query": h5 -> h3',
        re.compile(r"(=\w+\.)h5(`\s*font-size: var\(--font-size-md\);\s*font-weight)"),
        r"\g<1>h3\g<2>",
        1,
    ),
)

# Redoc 3 lists the description's sections (here the guide pages and the changelog, 22 entries)
# before the tags, and shows each tag's operations folded: a reader looking for an operation met
# them last, behind a closed group. It has no option for either (`x-tagGroups` only adds
# headings between tags). The build makes the overview come first, then the tags, then the other
# sections, and opens the tag groups (Redoc's own `expanded: "true"` state of a menu item), by a
# patch of the script each, guarded as the heading patches are.
NAVIGATION_PATCHES = (
    (
        "operations before the guide sections",
        re.compile(
            r"function (\w+)\(\)\{let (\w+)=(\w+)\.get\(\),(\w+)=\[\.\.\.(\w+)\(\2\.document\)\];"
            r"return (\w+)\(\2\.document,\4\),\4\}"
        ),
        r"function \g<1>(){let \g<2>=\g<3>.get(),[__overview,...__sections]=\g<5>(\g<2>.document),"
        r"\g<4>=[__overview];return \g<6>(\g<2>.document,\g<4>),\g<4>.push(...__sections),\g<4>}",
        1,
    ),
    (
        "tag groups open",
        re.compile(r"(\w+\.push\(\{type:`group`,label:\w+,link:(\w+),routeSlug:\2,items:\w+,)"),
        r"\g<1>expanded:`true`,",
        1,
    ),
)

# What makes a browser fetch something when the page opens: script, style, font and image
# sources, CSS imports and url()s that name another host, and Redoc's own CDN. The inlined
# Redoc script holds many URLs as plain text (links in its help texts); those load nothing.
_EXTERNAL_LOADS = (
    re.compile(r"<script\b[^>]*\bsrc\s*=", re.IGNORECASE),
    # (a rel="alternate" link names the page in another language, a rel="canonical" one the
    # page's address for search engines: a browser loads nothing for either)
    re.compile(
        r"<link\b(?![^>]*\brel\s*=\s*[\"']?(?:alternate|canonical)\b)[^>]*\bhref\s*=\s*[\"']?"
        r"(?:https?:)?//",
        re.IGNORECASE,
    ),
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


@dataclass(frozen=True)
class SiteChrome:
    """What the site (scripts/build_site.py) adds to an edition's page: ``<link>``s in its head
    (the other editions, by ``hreflang``) and HTML in its bar (the version picker)."""

    head: str = ""
    bar: str = ""


def build(out: Path = DIST_DOCS, source: Path = OPENAPI) -> dict[str, docs_i18n.Coverage]:
    """Write each edition's ``index.html``, ``openapi.yaml`` and ``openapi.json`` into `out`
    (English) and `out`/<language>/; return each translation's coverage."""
    document = prepare(source)
    covered = check_translations(document)
    for language, folder in EDITIONS.items():
        build_edition(document, language, out / folder if folder else out)
    return covered


def prepare(source: Path = OPENAPI) -> Any:
    """`source` bundled by Redocly, with the code samples: what each of its editions is made of."""
    if not REDOCLY.exists():
        raise DocsBuildError(f"{REDOCLY} is missing: run `npm ci` (the nox sessions do)")
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.json"
        _redocly("bundle", str(source), "--output", str(bundled))
        document = json.loads(bundled.read_text(encoding="utf-8"))
    add_code_samples(document)
    _in_page_order(document)
    version = str(document["info"]["version"])
    if not docs_i18n.has_changelog_entry(version):
        raise DocsBuildError(
            f"docs/reference/changelog.md has no entry for {version}: write one, for the API's "
            f"callers (`### {version} (date)`, then `**What changed:**` and `**What to do:**`; "
            "CHANGELOG.md and `-s changelog` list the changes), then translate it with "
            f"`{docs_i18n.UPDATE_COMMAND}`"
        )
    return document


def check_translations(document: Any) -> dict[str, docs_i18n.Coverage]:
    """Each translation's coverage of `document`; fails, naming every text, before anything is
    written, when one is missing or stale."""
    covered, failures = {}, []
    for language in docs_i18n.TRANSLATIONS:
        try:
            covered[language] = docs_i18n.Translator(language, document).coverage
        except docs_i18n.TranslationError as error:
            failures.append(str(error))
    if failures:
        raise DocsBuildError(
            "translations are missing or stale: add the new texts to docs/i18n/*.po with "
            f"`{docs_i18n.UPDATE_COMMAND}`, then translate them:\n" + "\n".join(failures)
        )
    return covered


def build_edition(
    document: Any, language: str, out: Path, chrome: SiteChrome | None = None
) -> None:
    """One edition of `document` (as `prepare` makes it) in `language`: ``index.html``,
    ``openapi.json`` and ``openapi.yaml`` in the folder `out`. Other writers of an edition's
    formats take the same three arguments and write into the same folder."""
    try:
        translator = docs_i18n.Translator(language, document)
    except docs_i18n.TranslationError as error:
        raise DocsBuildError(
            f"translations are missing or stale: `{docs_i18n.UPDATE_COMMAND}`:\n{error}"
        ) from error
    edition = translator.document(document)
    version = str(document["info"]["version"])
    guides = {
        name: _fill(translator.guide(name, version), version)
        for name in (*GUIDES_BEFORE, *GUIDES_AFTER)
    }
    guides[ERRORS_GUIDE] = _codes_of(guides[ERRORS_GUIDE], document)
    docs_markdown.write(edition, language, out, guides)
    _arrange(edition, guides, docs_i18n.ui_strings(language)["Code example"])
    _write_edition(edition, language, out, chrome or SiteChrome())


# The guide whose table lists the error codes: one row per code, `| `code` | status | ...`.
ERRORS_GUIDE = "errors.md"
_CODE_ROW = re.compile(r"(?m)^\| `([a-z_]+)` \| \d{3} \|.*\n?")


def _codes_of(text: str, document: Any) -> str:
    """The errors guide with the rows of `document`'s own codes (its ``ErrorCode`` enum): the
    guides are today's on every version's page, and a release's page must not list a code that
    its API never sends. A code of the document without a row stops the build."""
    codes = list(document["components"]["schemas"]["ErrorCode"]["enum"])
    rows = set(_CODE_ROW.findall(text))
    if missing := [code for code in codes if code not in rows]:
        raise DocsBuildError(
            f"docs/reference/{ERRORS_GUIDE} has no row for the error code(s) {', '.join(missing)}"
            f" of {document['info']['version']}: add one to its table"
        )
    return _CODE_ROW.sub(lambda row: row.group(0) if row.group(1) in codes else "", text)


def _in_page_order(document: Any) -> None:
    """The document's paths in the original page's order of their operations."""
    rank = {operation_id: index for index, operation_id in enumerate(OPERATION_ORDER)}

    def path_rank(item: tuple[str, Any]) -> int:
        ids = [str(op.get("operationId")) for op in item[1].values() if isinstance(op, dict)]
        return min((rank.get(i, len(rank)) for i in ids), default=len(rank))

    document["paths"] = dict(sorted(document["paths"].items(), key=path_rank))


def _arrange(document: Any, guides: dict[str, str], code_label: str) -> None:
    """Guide pages (by name, translated and filled) into the description, quotes as callouts,
    code blocks highlighted (scripts/code_highlight.py)."""
    info = document["info"]
    description = info.get("description", "")
    first_section = description.find("\n## ")
    intro, sections = (
        (description[:first_section], description[first_section:])
        if first_section >= 0
        else (description, "")
    )
    before = [guides[name] for name in GUIDES_BEFORE]
    after = [guides[name] for name in GUIDES_AFTER]
    info["description"] = highlight_code_blocks(
        "\n\n".join(
            part.strip("\n") for part in (intro, *before, sections, *after) if part.strip()
        ),
        code_label,
    )
    _callouts(document)


def _fill(text: str, version: str) -> str:
    """A guide page with the document's version, and the Go module path it makes, in place of
    ``{version}`` and ``{go_module}`` (after translation: the catalogs keep the placeholders)."""
    return text.replace("{version}", version).replace("{go_module}", module_path(version))


_QUOTE = re.compile(r"(?m)^(?:> ?.*\n?)+")


def _callouts(node: Any) -> None:
    """Turn every "> **Note:** ..." or "> **Warning:** ..." quote in a description into a
    callout: an ``<aside>`` the template styles, with its Markdown kept inside."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                node[key] = _QUOTE.sub(_callout, value)
            elif key not in docs_i18n.VALUE_KEYS:
                _callouts(value)
    elif isinstance(node, list):
        for item in node:
            _callouts(item)


def _callout(match: re.Match[str]) -> str:
    quote = match.group(0)
    text = re.sub(r"(?m)^> ?", "", quote).strip()
    for kind, words in CALLOUTS.items():
        for word in words:
            if text.startswith(f"**{word}:**"):
                body = text[len(word) + 5 :].strip()
                return (
                    f'<aside class="callout callout-{kind}" role="note" aria-label="{word}">\n\n'
                    f"**{word}:** {body}\n\n</aside>\n"
                )
    return quote


def _write_edition(document: Any, language: str, out: Path, chrome: SiteChrome) -> None:
    out.mkdir(parents=True, exist_ok=True)
    json_path, yaml_path, page = out / "openapi.json", out / "openapi.yaml", out / "index.html"
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    _redocly("bundle", str(json_path), "--output", str(yaml_path))
    with tempfile.TemporaryDirectory() as tmp:
        shown = Path(tmp) / "openapi.json"
        shown.write_text(json.dumps(reader_schemas(document), ensure_ascii=False), "utf-8")
        _render(shown, document, language, page, chrome)
    page.write_text(_self_contained(page.read_text(encoding="utf-8"), language), encoding="utf-8")


def _render(shown: Path, document: Any, language: str, page: Path, chrome: SiteChrome) -> None:
    ui = docs_i18n.ui_strings(language)
    others = [
        (other, _relative(EDITIONS[language], folder))
        for other, folder in EDITIONS.items()
        if other != language
    ]
    switcher = "".join(
        f'<a class="language-switcher" href="{href}index.html" hreflang="{other}" lang="{other}"'
        f' data-language="{other}">{html_escape.escape(docs_i18n.LANGUAGE_NAMES[other])}</a>'
        for other, href in others
    )
    _redocly(
        "build-docs",
        str(shown),
        "--inlineBundle",
        "--output",
        str(page),
        "--template",
        str(TEMPLATE),
        f"--templateOptions.description={document['info']['summary']}",
        f"--templateOptions.lang={language}",
        f"--templateOptions.switcher={switcher}",
        f"--templateOptions.switcherLabel={ui['Language']}",
        f"--templateOptions.skipLabel={ui['Skip to the content']}",
        f"--templateOptions.barHeight={PAGE_BAR_HEIGHT}",
        f"--templateOptions.siteHead={chrome.head}",
        f"--templateOptions.siteBar={chrome.bar}",
        # JSON inside a <script>: "<" escaped so that no text can close the element.
        "--templateOptions.redocUi="
        + json.dumps(docs_i18n.redoc_strings(language), ensure_ascii=False).replace("<", "\\u003c"),
        "--openapi",
        json.dumps(redoc_options(language)),
    )


def _relative(here: str, there: str) -> str:
    """The relative URL prefix from the folder `here` to the folder `there` (both under out)."""
    up = "../" * len([part for part in here.split("/") if part])
    return up + (f"{there}/" if there else "")


# Redoc 3 standalone answers every request for a word of its own with the English default (a
# stub `translate`); the build makes it look in the edition's words first (`window.__redocUi`,
# set by the page template from docs_i18n.REDOC_UI's translations). Guarded like the patches above.
REDOC_TRANSLATE = (
    "useTranslate:()=>({translate:(e,t)=>(typeof t==`string`?t:t?.defaultValue)||e||``})",
    "useTranslate:()=>({translate:(e,t)=>(globalThis.__redocUi||{})[e]"
    "||(typeof t==`string`?t:t?.defaultValue)||e||``})",
)


def _patch_translate(html: str) -> str:
    stub, patched = REDOC_TRANSLATE
    if html.count(stub) != 1:
        raise DocsBuildError("Redoc's translate stub changed; look again")
    return html.replace(stub, patched)


def _patch_script(html: str) -> str:
    for name, pattern, replacement, count in (*HEADING_PATCHES, *NAVIGATION_PATCHES):
        html, made = pattern.subn(replacement, html)
        if made != count:
            raise DocsBuildError(f"Redoc's script changed ({name}: {made} places); look again")
    return html


def _with_redoc_texts(html: str, language: str) -> str:
    """The page with docs/redoc-texts.js and the edition's `REDOC_TEXTS` translations at the end
    of its body (nothing for English: Redoc's own words are English)."""
    pairs = docs_i18n.redoc_texts(language)
    if not pairs:
        return html
    # JSON inside a <script>: "<" escaped so that no text can close the element.
    data = json.dumps(pairs, ensure_ascii=False).replace("<", "\\u003c")
    script = REDOC_TEXTS_SCRIPT.read_text(encoding="utf-8")
    at = html.rindex("</body>")
    required = json.dumps(docs_i18n.required_words(language), ensure_ascii=False)
    data += ";\nwindow.__redocRequired = " + required.replace("<", "\\u003c")
    return f"{html[:at]}<script>window.__redocTexts = {data};\n{script}</script>\n{html[at:]}"


def _self_contained(html: str, language: str = docs_i18n.SOURCE_LANGUAGE) -> str:
    html = _with_redoc_texts(_patch_translate(_patch_script(html)), language)
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
        covered = build(out)
    except DocsBuildError as error:
        raise SystemExit(f"build_docs: {error}") from error
    version = load_document()["info"]["version"]
    took = time.perf_counter() - started
    print(f"build_docs: API reference {version} in {out} ({took:.1f} s)")
    for cover in covered.values():
        print(f"  {docs_i18n.report(cover)}")
    for language, folder in EDITIONS.items():
        for name in ("index.html", "openapi.yaml", "openapi.json", "llms.txt", "llms-full.txt"):
            path = (out / folder / name) if folder else out / name
            print(f"  {language} {path.relative_to(out)}: {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
