"""The reference's translations: gettext PO catalogs in ``docs/i18n/``, one per language.

The English texts are the source: every ``title``, ``summary`` and ``description`` of the OpenAPI
document and of every recorded release (``openapi/releases/*.yaml``: each release's pages are
built in every language, so the catalog keeps the texts of all of them), each tag's display
name, the guide pages (``docs/reference/*.md``, among them the readers' changelog), and the
words of the page, of the Markdown pages for tools and of the command-line tool around them.
Each text is cut into Markdown blocks (paragraphs, lists, tables, quotes; code blocks are never
translated) so that a changed sentence makes one block stale, not a whole section. A message's
context (``msgctxt``) is where it comes from: a JSON pointer into the
document (``/paths/~1api~1v1~1snapshots~1/get/summary``) or a guide page's file name.

Usage (``python3 scripts/run_nox.py -s translations [-- update]``, which installs Babel; the
module itself is ``python -m scripts.docs_i18n``):

- ``status`` (the default) lists, per language, every text without a translation and every
  translation older than its source text (a stale one: the English changed after it was
  translated, gettext's "fuzzy"), prints each language's coverage and exits 1 if any is missing;
- ``update`` writes ``docs/i18n/reference.pot`` and merges it into each catalog as ``msgmerge``
  does: new texts are added untranslated, a changed text keeps its old translation marked fuzzy
  with the English it was translated from beside it (``#| msgid``, kept until the flag is
  removed), texts gone from the source are dropped; with nothing changed it rewrites nothing.
  It exits 0 once it has written, listing what is left to translate: its job is done, and the
  translation is a person's. Translators then open ``docs/i18n/<lang>.po`` in Poedit, Weblate
  or any PO editor.

The docs build (``scripts/build_docs.py``) runs the same check and refuses to build an edition
that is not complete.
"""

from __future__ import annotations

import argparse
import copy
import functools
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize, read_po, unescape, write_po

from snapshots_cli.texts import TEXTS as CLI_TEXTS
from spec_changes.releases import CHECKSUMS, recorded

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "docs" / "i18n"
TEMPLATE = I18N / "reference.pot"
GUIDES = ROOT / "docs" / "reference"
RELEASES = ROOT / "openapi" / "releases"
SOURCE_LANGUAGE = "en"
# The commands every message names: through nox, whose session installs Babel (the module run
# on its own, `python -m scripts.docs_i18n`, fails where Babel is not installed).
STATUS_COMMAND = "python3 scripts/run_nox.py -s translations"
UPDATE_COMMAND = f"{STATUS_COMMAND} -- update"
# Each translated edition: its language code (the catalog's name and the page's lang) and its
# name in itself, for the language switcher.
TRANSLATIONS = {"be": "Беларуская"}
LANGUAGE_NAMES = {SOURCE_LANGUAGE: "English", **TRANSLATIONS}
# The guide pages in the order the reference shows them; "getting-started" comes before the
# document's own sections, the others after them.
GUIDE_PAGES = ("getting-started.md", "errors.md", "waiting.md", "changelog.md")
# The page's own words around the document (the template's and the build's), context "ui".
UI_STRINGS = (
    "OpenAPI document (YAML)",
    "OpenAPI document (JSON)",
    "Language",
    "Skip to the content",
    "Code example",
    # the site's version picker, landing page and 404 page (scripts/build_site.py)
    "Version",
    "latest",
    "All versions",
    "Snapshots API reference",
    "No page at this address.",
    "Go to the reference's home page",
)
# The words of the Markdown pages and llms.txt for tools (scripts/docs_markdown.py), around the
# document's and the guides' own texts; context "markdown".
MARKDOWN_STRINGS = (
    "Each operation and guide of this reference as a Markdown page: an operation with its "
    "parameters, answers, error codes and code samples that run as they are.",
    "Operations",
    "Guides",
    "Files",
    "The HTML page",
    "The same reference as one HTML page.",
    "The API as one OpenAPI document, with the code samples.",
    "All pages in one file",
    "Every page listed here, one after another.",
    "The rules every call follows: authentication, requests, limits and errors.",
    "Authentication",
    "No token is needed.",
    "Parameters",
    "Request body",
    "Responses",
    "Headers",
    "Schema",
    "Example",
    "Error codes",
    "The answer has no body.",
    "Code samples",
)
# Redoc's own words on the page (its headings, buttons, tooltips), by Redoc's translation key
# and English default; context "redoc:<key>". Redoc 3 standalone has no translations of its own,
# so the build hands it these (scripts/build_docs.py, REDOC_TRANSLATE).
REDOC_UI = {
    "request": "Request",
    "responses": "Responses",
    "response": "Response",
    "query": "Query",
    "path": "Path",
    "header": "Headers",
    "body": "Body",
    "required": "required",
    "security": "Security",
    "viewSecurityDetails": "View security details",
    "example": "Example",
    "examples": "Examples",
    "default": "Default",
    "enum": "Enum",
    "requestSample": "Request sample",
    "responseSample": "Response sample",
    "payload": "Payload",
    "noResponseContent": "No content",
    "moreDetails": "More details",
    "badges.deprecated": "deprecated",
    "info.metadata.title": "Metadata",
    "search.navbar.label": "Search ",
    "search.searchItem.example": "Example",
    "codeSnippet.copy.tooltipText": "Copy to clipboard",
    "codeSnippet.copy.toasterText": "Copy",
    "codeSnippet.collapse.tooltipText": "Collapse all",
    "codeSnippet.expand.tooltipText": "Expand all",
    "openapi.collapseAll": "Collapse all",
    "openapi.expandAll": "Expand all",
    "openapi.deepLink.tooltip": "Link to this section",
    "openapi.showPattern": "Show pattern",
    "openapi.hidePattern": "Hide pattern",
    "button.download.tooltipText": "Download description",
    "jsonViewer.showMore": "Show more",
    "jsonViewer.showLess": "Show less",
    "sidebar.actions.hide": "Hide sidebar",
    "sidebar.actions.show": "Show sidebar",
    "loaders.loading": "Loading...",
    "parameters": "Parameters",
    "download.description.title": "Download OpenAPI description",
    "servers.title": "Servers",
    "info.title": "Overview",
    "info.license": "License",
    "info.contact.url": "URL",
    "operations": "Operations",
    "schemas": "Schemas",
    "page.apiNotFound.title": "No page at this address",
    "page.apiNotFound.description": "There's no page at",
    "page.apiNotFound.hint": "It may have been moved or deleted.",
    "page.apiNotFound.backButton": "Back to docs",
    "page.actions.moreActions": "More actions",
    "button.externalLink.tooltipText": "Open in new tab",
    "search.searchItem.enum": "Enum",
    "search.searchItem.deprecated": "Deprecated",
}
# Redoc's words that its script writes without a translation key (in Redoc 3.x standalone: the
# schema labels, the search dialog, accessible names) or composes from keys in English word order
# ("Show" + count + "properties", which no translation of the parts makes Belarusian). The page
# puts these in the edition's language after Redoc renders them (scripts/redoc_texts.js, added by
# scripts/build_docs.py); context "redoc-text". A `{name}` stands for any text, kept as it is, so
# that each entry matches a whole text of the page: "Show {count} properties".
REDOC_TEXTS = (
    "API docs by",
    "redocly logo",
    "light",
    "dark",
    "Open navigation menu",
    "Close navigation menu",
    "Hide sidebar",
    "Show sidebar",
    "Copy",
    "Search docs...",
    "Search trigger button",
    "Search endpoints, schemas, and more...",
    "Searching...",
    "No results",
    "Cancel",
    "to navigate",
    "to select",
    "to exit",
    "Clear all",
    "Response status",
    "Example",
    "Expand all",
    "Collapse all",
    "More details",
    "One of:",
    "Any of:",
    "Enum:",
    "Value:",
    "Items Enum:",
    "Items Value:",
    "Array of objects",
    "Array of strings",
    "Array of integers",
    "Show property",
    "Hide property",
    "Show {count} properties",
    "Hide {count} properties",
    "Show details",
    "Hide details",
    "{limits} characters",
    "{limits} items",
    "request examples",
    "path parameters",
    "query parameters",
    "header parameters",
    "response {status} examples",
    "link to {route}",
    "case {number}",
    "{type} or {other}",
    "Value",
    "Response media type",
    "collapse",
    "Open in new tab",
    "Show",
    "Hide",
)
# Redoc has one word, "required" (key `required`), for a body, a field and a parameter; Belarusian
# agrees it with its noun: the key's translation is the neuter "абавязковае" (цела, поле), and the
# page puts this one, the masculine (параметр), beside each parameter.
REQUIRED_PARAMETER = "required"
TRANSLATED_KEYS = ("title", "summary", "description", "x-displayName")
# Subtrees that hold what the API sends or takes (example values, enumerations), never prose.
VALUE_KEYS = {"value", "examples", "example", "enum", "default", "const", "x-codeSamples"}

PROJECT = "VPS.org Snapshots API reference"
# The catalogs' line width (Babel's and gettext's wrapping of long strings).
WIDTH = 100
# A fixed date in the catalogs' headers, so that `update` rewrites nothing when nothing changed.
CREATION_DATE = datetime(2026, 11, 30, tzinfo=UTC)

Json = Any


@dataclass(frozen=True)
class Text:
    """One translatable text: where it comes from and its English blocks."""

    context: str
    blocks: tuple[str, ...]


@dataclass
class Coverage:
    """How much of the source one catalog translates, and what it lacks."""

    language: str
    total: int
    missing: list[tuple[str, str]]
    stale: list[tuple[str, str, str]]  # context, current English, English it was translated from

    @property
    def translated(self) -> int:
        return self.total - len(self.missing) - len(self.stale)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


# --- Markdown blocks ------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")


def blocks(text: str) -> list[str]:
    """`text` cut at blank lines, but a fenced code block (blank lines and all) stays whole."""
    found: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in text.strip("\n").split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and match and match.group(1) == fence:
            fence = None
        if fence is None and not line.strip() and not match:
            if current:
                found.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        found.append("\n".join(current))
    return found


def is_code(block: str) -> bool:
    return bool(_FENCE.match(block))


def _translatable(block: str) -> bool:
    return not is_code(block) and bool(re.search(r"[^\W\d_]", block))


# --- Where the texts are ---------------------------------------------------------------------


def documentation_copy(document: Json) -> Json:
    """`document` with what the reference shows but the API does not say: tag display names."""
    copied = copy.deepcopy(document)
    for tag in copied.get("tags", []):
        tag.setdefault("x-displayName", tag["name"])
    return copied


def _pointer_part(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def document_texts(document: Json) -> Iterator[Text]:
    """Every translatable string of `document` (after `documentation_copy`), in document order."""

    def walk(node: Json, pointer: str) -> Iterator[Text]:
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{pointer}/{_pointer_part(key)}"
                if key in TRANSLATED_KEYS and isinstance(value, str):
                    yield Text(where, tuple(blocks(value)))
                elif key == "examples" and isinstance(value, dict):
                    # Example Objects: their values are what the API sends, their names prose.
                    for name, example in value.items():
                        for field in ("summary", "description"):
                            if isinstance(example, dict) and isinstance(example.get(field), str):
                                at = f"{where}/{_pointer_part(name)}/{field}"
                                yield Text(at, tuple(blocks(example[field])))
                elif key not in VALUE_KEYS:
                    yield from walk(value, where)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, f"{pointer}/{index}")

    yield from walk(document, "")


def release_documents(directory: Path | None = None) -> list[Json]:
    """Every recorded release of the document, oldest first, each checked against SHA256SUMS
    (`spec_changes.releases`, the version gate's own reading of them)."""
    folder = directory or RELEASES
    sums = folder / CHECKSUMS
    listed = sums.read_text(encoding="utf-8") if sums.exists() else ""
    return copy.deepcopy(_release_documents(folder, listed))


# Parsed once per list of checksums: a site build asks for them once per edition, and parsing
# the releases' YAML took longer than the rest of the catalog's work.
@functools.cache
def _release_documents(folder: Path, listed: str) -> list[Json]:
    return [release.document for release in recorded(folder)]


def english_guide(name: str) -> str:
    return (GUIDES / name).read_text(encoding="utf-8")


def _guide_context(name: str) -> str:
    return f"guide/{name}"


def guide_texts() -> Iterator[Text]:
    for name in GUIDE_PAGES:
        yield Text(_guide_context(name), tuple(blocks(english_guide(name))))


# A heading that opens a version's entry in the readers' changelog ("### 2.0.1 (6 December
# 2026)"): the version is its first word.
_VERSION_HEADING = re.compile(r"^#{1,6} (?P<version>\d+\.\d+\.\d+)\b")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("-")[0].split("+")[0].split("."))


def versioned_blocks(text: str) -> Iterator[tuple[str, str | None]]:
    """Each block of `text` with the version whose changelog entry holds it (None outside one:
    an entry runs from its version's heading to the next heading of the same or a higher level)."""
    version: str | None = None
    level = 0
    for block in blocks(text):
        heading = _HEADING.match(block) if "\n" not in block else None
        if heading is not None:
            depth = len(block) - len(block.lstrip("#"))
            opens = _VERSION_HEADING.match(block)
            if opens is not None:
                version, level = opens["version"], depth
            elif depth <= level:
                version, level = None, 0
        yield block, version


def has_changelog_entry(version: str) -> bool:
    """Whether the readers' changelog (docs/reference/changelog.md) has `version`'s entry."""
    return any(entry == version for _, entry in versioned_blocks(english_guide("changelog.md")))


def up_to_version(text: str, version: str) -> str:
    """`text` (the readers' changelog) without the entries of versions after `version`: an old
    release's page says nothing of what came after it."""
    kept = [
        block
        for block, entry in versioned_blocks(text)
        if entry is None or _version_key(entry) <= _version_key(version)
    ]
    return "\n\n".join(kept) + ("\n" if text.endswith("\n") else "")


def template(document: Json) -> Catalog:
    """The catalog of every English text (the ``.pot``), with no translations."""
    catalog = Catalog(
        project=PROJECT,
        fuzzy=False,
        creation_date=CREATION_DATE,
        msgid_bugs_address="",
        copyright_holder="VPS.org",
    )
    texts = [
        *document_texts(documentation_copy(document)),
        *(text for release in release_documents() for text in document_texts(release)),
        *guide_texts(),
    ]
    for text in texts:
        for block in text.blocks:
            if _translatable(block):
                catalog.add(block, context=text.context)
    for string in UI_STRINGS:
        catalog.add(string, context="ui")
    for string in MARKDOWN_STRINGS:
        catalog.add(string, context="markdown")
    # The command-line tool's own words (snapshots_cli/texts.py), bundled into it at build time.
    for key, english in CLI_TEXTS.items():
        catalog.add(english, context=f"cli:{key}")
    for key, english in REDOC_UI.items():
        catalog.add(english, context=f"redoc:{key}")
    for english in REDOC_TEXTS:
        catalog.add(english, context="redoc-text")
    catalog.add(REQUIRED_PARAMETER, context="redoc-text:parameter")
    return catalog


def redoc_texts(language: str) -> list[tuple[str, str]]:
    """Redoc's key-less words (`REDOC_TEXTS`) and their `language` translations (English: none)."""
    if language == SOURCE_LANGUAGE:
        return []
    catalog = load_catalog(language)
    found = []
    for english in REDOC_TEXTS:
        message = catalog.get(english, context="redoc-text")
        if message is None or not message.string or message.fuzzy:
            raise TranslationError(f"{language}: no translation of Redoc's {english!r}")
        found.append((english, str(message.string)))
    return found


def required_words(language: str) -> tuple[str, str]:
    """`language`'s "required" of a body or field (Redoc's key) and of a parameter."""
    if language == SOURCE_LANGUAGE:
        return REQUIRED_PARAMETER, REQUIRED_PARAMETER
    catalog = load_catalog(language)
    words = []
    for context in ("redoc:required", "redoc-text:parameter"):
        message = catalog.get(REQUIRED_PARAMETER, context=context)
        if message is None or not message.string or message.fuzzy:
            raise TranslationError(f"{language}: no translation of {context} 'required'")
        words.append(str(message.string))
    return words[0], words[1]


def redoc_strings(language: str) -> dict[str, str]:
    """Redoc's own words in `language` by Redoc's key (English: none, Redoc's defaults)."""
    if language == SOURCE_LANGUAGE:
        return {}
    catalog = load_catalog(language)
    found = {}
    for key, english in REDOC_UI.items():
        message = catalog.get(english, context=f"redoc:{key}")
        if message is None or not message.string or message.fuzzy:
            raise TranslationError(f"{language}: no translation of Redoc's {english!r} ({key})")
        found[key] = str(message.string)
    return found


def ui_strings(language: str) -> dict[str, str]:
    """The page's own words in `language` (English: themselves), by their English text."""
    return _strings(language, UI_STRINGS, "ui")


def _strings(language: str, strings: tuple[str, ...], context: str) -> dict[str, str]:
    if language == SOURCE_LANGUAGE:
        return {string: string for string in strings}
    catalog = load_catalog(language)
    found = {}
    for string in strings:
        message = catalog.get(string, context=context)
        if message is None or not message.string or message.fuzzy:
            raise TranslationError(f"{language}: no translation of the {context} words' {string!r}")
        found[string] = str(message.string)
    return found


def markdown_strings(language: str) -> dict[str, str]:
    """The Markdown pages' own words in `language` (English: themselves), by their English text."""
    return _strings(language, MARKDOWN_STRINGS, "markdown")


# --- Catalogs --------------------------------------------------------------------------------


def catalog_path(language: str) -> Path:
    return I18N / f"{language}.po"


def load_catalog(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language, fuzzy=False)
    return read_catalog(path, language)


def merged(language: str, document: Json) -> Catalog:
    """The language's catalog brought up to the current source, as ``msgmerge`` would."""
    catalog = load_catalog(language)
    before = {(message.context, message.id): message for message in catalog if message.id}
    catalog.update(template(document), update_header_comment=False, update_creation_date=False)
    for message in catalog:
        if message.id and message.fuzzy:
            _keep_previous_id(message, before)
    catalog.project, catalog.version = PROJECT, document["info"]["version"]
    catalog.creation_date = CREATION_DATE
    return catalog


def _keep_previous_id(message: Message, before: dict[tuple[str | None, Any], Message]) -> None:
    """msgmerge's rule for a fuzzy entry's previous msgid, which Babel's `Catalog.update` lacks:
    it is the English the translation was made from. Babel gives an entry that was fuzzy already
    none when its English is unchanged, and the intermediate English when it changed again."""
    old = before.get((message.context, message.id))
    if old is None and message.previous_id:  # fuzzy-matched: Babel set the old entry's msgid
        old = next(
            (
                candidate
                for candidate in before.values()
                if [candidate.id] == message.previous_id and candidate.string == message.string
            ),
            None,
        )
    if old is not None and old.fuzzy and old.previous_id:
        message.previous_id = list(old.previous_id)


def coverage(language: str, document: Json) -> Coverage:
    catalog = merged(language, document)
    missing: list[tuple[str, str]] = []
    stale: list[tuple[str, str, str]] = []
    total = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        total += 1
        context, english = message.context or "", str(message.id)
        if message.fuzzy:
            previous = message.previous_id[0] if message.previous_id else ""
            stale.append((context, english, str(previous)))
        elif not message.string:
            missing.append((context, english))
    return Coverage(language, total, missing, stale)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.write_bytes(catalog_bytes(catalog))


# --- PO files: Babel's, but for the previous msgids ------------------------------------------
#
# Babel reads and writes the catalogs except for a fuzzy entry's previous msgid (the `#| msgid`
# lines: the English its translation was made from), which no Babel release up to 2.19 (the
# latest, pinned in requirements/docs.txt) keeps:
# - read_po does not parse `#|` lines (babel issue #206, open since 2015): each becomes a
#   translator's comment ("# | msgid ..." when written again) and the previous msgid is lost;
# - write_po(include_previous=True) word-wraps the previous msgid as a comment (TextWrapper), so a
#   long or multi-line one comes out as `#| msgid "" "line\n" "li` / `#| ne"`, quoted strings cut
#   across lines, which neither Babel nor GNU gettext reads back.
# Every `update` then garbled the catalog a little more. So these two write and read the `#|`
# lines themselves, in gettext's own form (as msgmerge writes them: `#| msgid ""`, then one
# quoted line per line of the text, wrapped at WIDTH), with Babel's own `normalize` and
# `unescape`. tests/docs/test_po_files.py checks both against GNU gettext and fails when Babel
# changes how it handles `#|` lines.

_PREVIOUS_KEYWORDS = ("msgctxt", "msgid", "msgid_plural")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def catalog_bytes(catalog: Catalog, width: int = WIDTH) -> bytes:
    """`catalog` as a PO file: Babel's write_po, plus each entry's previous msgid."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=width, ignore_obsolete=True)
    # A PO file is its entries, each ended by a blank line (a string never holds a raw newline),
    # in the catalog's order (header first); the `#|` lines go just before msgctxt/msgid.
    entries = buffer.getvalue().decode(catalog.charset).split("\n\n")
    messages = list(catalog)
    if len(entries) != len(messages) + 1 or entries[-1]:
        raise RuntimeError(f"Babel's write_po wrote {len(entries) - 1} entries for {len(messages)}")
    for index, message in enumerate(messages):
        if not message.previous_id:
            continue
        lines = entries[index].split("\n")
        at = next(n for n, line in enumerate(lines) if not line.startswith("#"))
        if not lines[at].startswith(("msgctxt ", "msgid ")):
            raise RuntimeError(f"Babel's write_po wrote an entry as {entries[index]!r}")
        previous = [
            line
            for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id, strict=False)
            for line in _previous_lines(keyword, text, width)
        ]
        entries[index] = "\n".join([*lines[:at], *previous, *lines[at:]])
    return "\n\n".join(entries).encode(catalog.charset)


def _previous_lines(keyword: str, text: str, width: int) -> list[str]:
    # normalize's own `prefix` counts the prefix once per word (Babel 2.19), so wrap at the width
    # left after "#| " and put the prefix on each line here.
    prefix = "#| "
    first, *rest = normalize(text, width=width - len(prefix)).split("\n")
    return [f"{prefix}{keyword} {first}", *(prefix + line for line in rest)]


def read_catalog(path: Path, locale: str) -> Catalog:
    """The PO file at `path`: Babel's read_po, plus each entry's previous msgid (a previous
    msgctxt, which gettext writes when only the context changed, is read over: Babel's Message
    has no place for it)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    previous: dict[int, list[str]] = {}  # by the msgid's line number, as Message.lineno has it
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#|"):
            block.append((number, stripped[2:].strip()))
            lines[number - 1] = ""  # read_po skips blank lines, and keeps the line numbers
        elif block and (stripped.startswith("msgid ") or not stripped):
            if not stripped:
                raise TranslationError(f"{path}:{number}: `#|` lines with no msgid after them")
            previous[number] = _previous_msgid(path, block)
            block = []
    catalog = read_po(lines, locale=locale)
    for message in catalog:
        if message.lineno in previous:
            message.previous_id = previous[message.lineno]
    return catalog


def _previous_msgid(path: Path, block: list[tuple[int, str]]) -> list[str]:
    """The previous msgid (and msgid_plural) of one entry's `#|` lines."""
    parts: dict[str, list[str]] = {}
    keyword = ""
    for number, line in block:
        if not line.startswith('"'):
            keyword, _, line = line.partition(" ")
            line = line.strip()
            if keyword not in _PREVIOUS_KEYWORDS or keyword in parts:
                raise TranslationError(f"{path}:{number}: unexpected `#| {keyword}`")
            parts[keyword] = []
        if not keyword or not _PO_STRING.fullmatch(line):
            raise TranslationError(f"{path}:{number}: not one quoted string: `#| {line}`")
        parts[keyword].append(unescape(line))
    return ["".join(parts[key]) for key in ("msgid", "msgid_plural") if key in parts]


def update(document: Json) -> None:
    """Write the template and merge it into every catalog (texts, order, fuzzy marks)."""
    I18N.mkdir(parents=True, exist_ok=True)
    write_catalog(template(document), TEMPLATE)
    for language in TRANSLATIONS:
        write_catalog(merged(language, document), catalog_path(language))


# --- Applying a catalog ----------------------------------------------------------------------


class TranslationError(RuntimeError):
    """An edition cannot be made: texts are missing or stale."""


def report(cover: Coverage) -> str:
    lines = [
        f"{cover.language}: {cover.translated} of {cover.total} texts translated "
        f"({cover.percent:.1f}%), {len(cover.missing)} missing, {len(cover.stale)} stale"
    ]
    for context, english in cover.missing:
        lines.append(f"  missing  [{context}] {_short(english)}")
    for context, english, previous in cover.stale:
        lines.append(f"  stale    [{context}] {_short(english)}")
        lines.append(f"           translated from: {_short(previous)}")
    return "\n".join(lines)


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


_HEADING = re.compile(r"^#{1,6} (?P<text>.+)$")


def heading_id(english: str, version: str | None = None) -> str:
    """The route of a Markdown heading, made from its English text in every edition, so that a
    section keeps its address (and the language switcher its place) across languages.

    In the readers' changelog, a version's heading is ``section/v2-0-1`` and a heading inside its
    entry ``section/v2-0-1-<words>``: the same in every edition and in every version's page, and
    never the same as another version's."""
    words = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")
    if version is None:
        return f"section/{words}"
    prefix = "v" + version.replace(".", "-")
    opens = _VERSION_HEADING.match(f"# {english}")
    return f"section/{prefix}" if opens else f"section/{prefix}-{words}"


def _anchored(english: str, block: str, version: str | None) -> str:
    match = _HEADING.match(english)
    if match is None or "\n" in english:
        return block
    return f'{block} {{% id="{heading_id(match["text"], version)}" %}}'


class Translator:
    """A complete catalog, applied to the document and to the guide pages (for the source
    language: the English texts themselves). Every Markdown heading gets the route of its English
    text (`heading_id`)."""

    def __init__(self, language: str, document: Json) -> None:
        self.language = language
        self._strings: dict[tuple[str | None, str], str] = {}
        self.coverage = Coverage(language, 0, [], [])
        if language == SOURCE_LANGUAGE:
            return
        self.coverage = coverage(language, document)
        if self.coverage.missing or self.coverage.stale:
            raise TranslationError(report(self.coverage))
        self._strings = {
            (message.context, str(message.id)): str(message.string)
            for message in merged(language, document)
            if message.id
        }

    def text(self, context: str, english: str) -> str:
        """`english` (a whole text from `context`) with each of its blocks translated."""
        translated = [
            _anchored(block, self._translate(context, block), version)
            for block, version in versioned_blocks(english)
        ]
        return "\n\n".join(translated) + ("\n" if english.endswith("\n") else "")

    def _translate(self, context: str, block: str) -> str:
        if self.language == SOURCE_LANGUAGE or not _translatable(block):
            return block
        return self._strings[(context, block)]

    def document(self, document: Json) -> Json:
        """A translated copy of `document` (as `documentation_copy` makes it)."""
        translated = documentation_copy(document)
        for text in document_texts(translated):
            parent, key = _locate(translated, text.context)
            parent[key] = self.text(text.context, parent[key])
        return translated

    def guide(self, name: str, version: str | None = None) -> str:
        """A guide page in this language; with `version`, its changelog entries up to it."""
        english = english_guide(name)
        if version is not None:
            english = up_to_version(english, version)
        return self.text(_guide_context(name), english)


def _locate(document: Json, pointer: str) -> tuple[Json, Any]:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    node = document
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    return node, (int(last) if isinstance(node, list) else last)


def main(argv: list[str]) -> int:
    from scripts.code_samples import load_document

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=("status", "update"), default="status")
    command = parser.parse_args(argv).command
    document = load_document()
    if command == "update":
        update(document)
        print(f"docs_i18n: wrote {_shown(TEMPLATE)} and merged it into the catalogs")
    failed = False
    for language in TRANSLATIONS:
        cover = coverage(language, document)
        print(report(cover))
        if cover.missing or cover.stale:
            failed = True
            print(
                f"Translate them in {_shown(catalog_path(language))} (any PO editor; a stale "
                "text's old English is beside it), then check with "
                f"`{STATUS_COMMAND}`."
                if command == "update"
                else f"Bring the catalogs up to date with `{UPDATE_COMMAND}` (it adds new "
                "texts and marks changed ones; run it again after a further edit), then "
                f"translate what it lists in {_shown(catalog_path(language))}."
            )
    # `update` did its job when it wrote: what is left is a translator's, not an error.
    return 1 if failed and command == "status" else 0


def _shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
