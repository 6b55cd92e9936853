"""What a reader of the reference sees, read back from Chromium: the schemas of the create and list
answers say what the document's text and examples say (no "case 1" of a conditional, no phantom
property), and the Belarusian edition shows no English but code and names (issue 26)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts import build_docs, code_samples, docs_i18n, targets
from tests.docs.browser import DESKTOP, PHONE, Reader, open_reader, served_locally

SOURCE = code_samples.load_document()
SCHEMAS = SOURCE["components"]["schemas"]
EXAMPLES = SOURCE["components"]["examples"]


@pytest.fixture
def served(browser: Browser, docs_server: tuple[str, list[str]]) -> Iterator[Reader]:
    with open_reader(browser, served_locally) as reader:
        yield reader


def _url(base: str, language: str, route: str = "") -> str:
    folder = build_docs.EDITIONS[language]
    return urljoin(base, f"{folder}/index.html" if folder else "index.html") + route


def _expand(page: Page, within: str = "main") -> None:
    """Open every folded part (properties, responses, samples) until nothing is left folded."""
    for _ in range(6):
        opened = page.evaluate(
            """within => {
                const folded = [...document.querySelectorAll(
                    `${within} button[aria-expanded=false], [data-testid="right-panel"]`
                    + ` button[aria-expanded=false]`)]
                    // Not the menus (sample language, page actions): folded parts only.
                    .filter(b => !b.closest('nav, aside') && !b.hasAttribute('aria-haspopup'));
                folded.forEach(b => b.click());
                return folded.length;
            }""",
            within,
        )
        page.wait_for_timeout(200)
        if not opened:
            return


def _rows(page: Page, prefix: str) -> dict[str, str]:
    """The schema rows whose anchor starts with `prefix` and names one property (no deeper
    path), by property name: each row's whole text."""
    rows: dict[str, str] = page.evaluate(
        """prefix => Object.fromEntries([...document.querySelectorAll('.schema-property-item')]
            .filter(row => row.id.startsWith(prefix) && !row.id.slice(prefix.length).includes('/'))
            .map(row => [row.id.slice(prefix.length), row.innerText]))""",
        prefix,
    )
    return rows


@pytest.mark.parametrize("language", list(build_docs.EDITIONS))
def test_the_create_and_list_schemas_say_what_the_text_and_examples_say(
    served: Reader, docs_server: tuple[str, list[str]], language: str
) -> None:
    page = served.page
    created = EXAMPLES["SnapshotCreatedSeed"]["value"]
    listed = EXAMPLES["SnapshotListSeed"]["value"]["results"]
    snapshot_fields = set(SCHEMAS["Snapshot"]["properties"])
    created_fields = snapshot_fields | set(SCHEMAS["SnapshotCreated"]["allOf"][1]["properties"])
    # What the page's text and example say of a new snapshot, and so what its schema must say.
    description = SOURCE["paths"]["/api/v1/snapshots/"]["post"]["description"]
    assert "`in_progress` with `size_mb: null`" in description
    assert (created["status"], created["size_mb"]) == ("in_progress", None)

    page.goto(_url(docs_server[0], language, "#/snapshots/createsnapshot"))
    section = page.locator('[data-section-id="/snapshots/createsnapshot"]')
    expect(section.locator("h1")).to_be_visible()
    _expand(page, '[data-section-id="/snapshots/createsnapshot"]')
    rows = _rows(page, "snapshots/createsnapshot/t=response&c=201&path=")
    # Every property of the answer once, and nothing else ("property name*" was one more).
    assert set(rows) == created_fields, sorted(rows)
    # The values it may take, as Redoc lists them ("Value:" one, "Enum:" several), quoted.
    assert re.findall(r'"(\w+)"', rows["status"]) == ["in_progress"], rows["status"]
    assert re.search(r"\bnull\b", rows["size_mb"])
    assert not re.search(r"\binteger\b|>= 0", rows["size_mb"]), rows["size_mb"]
    assert section.get_by_text(re.compile(r"^case \d|^варыянт \d|^One of:")).count() == 0

    page.goto(_url(docs_server[0], language, "#/snapshots/listsnapshots"))
    section = page.locator('[data-section-id="/snapshots/listsnapshots"]')
    expect(section.locator("h1")).to_be_visible()
    _expand(page, '[data-section-id="/snapshots/listsnapshots"]')
    rows = _rows(page, "snapshots/listsnapshots/t=response&c=200&path=results[]/")
    assert set(rows) == snapshot_fields, sorted(rows)
    # A listed snapshot may be any status: all three, and a size that is an integer or null,
    # with the rule between them in words (the example lists a completed and an in-progress one).
    assert {item["status"] for item in listed} <= {"in_progress", "completed", "failed"}
    assert re.findall(r'"(\w+)"', rows["status"]) == ["in_progress", "completed", "failed"]
    assert re.search(r"\binteger\b", rows["size_mb"])
    assert re.search(r"\bnull\b", rows["size_mb"])
    assert all(word in rows["size_mb"] for word in ("completed", "in_progress", "null"))
    assert section.get_by_text(re.compile(r"^case \d|^варыянт \d|^One of:")).count() == 0
    served.assert_stayed_local()


# What may stay English in the Belarusian edition: names of products, formats and protocols
# (as the page's prose uses them), HTTP methods, and what the page quotes from an English-only
# text. Code, identifiers and the document's own values (field names, codes, examples) are let
# through by their form (see _allowed), not listed here.
ALLOWED_WORDS = {
    # products, formats and protocols
    *("VPS.org", "API", "HTTP", "HTTPS", "JSON", "YAML", "URL", "UTF-8", "ASCII", "NUL", "KiB"),
    *("OpenAPI", "Redocly", "cURL", "MIME", "Apache", "UTC", "Bearer"),
    *(target.label for target in targets.TARGETS.values()),
    *("Node", "ES", "Maven", "Jackson"),
    # keys and HTTP methods
    *("Ctrl", "Esc", "GET", "POST", "PUT", "PATCH", "DELETE", "get", "post", "put", "delete"),
}
# The toolkit manual's section that the getting-started page cites by its (English) title.
ALLOWED_TITLES = ("«Installing from a release bundle»",)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")

COLLECT = """() => {
  const found = [];
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const english = el => (el.closest('[lang]')?.getAttribute('lang') || 'be') !== 'be';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.data.trim();
    if (!text || !el || el.closest('script, style, code, pre, kbd') || !shown(el)) continue;
    if (english(el)) continue;
    found.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    if (english(el) || !(shown(el) || el.closest('[role=dialog], header, nav'))) continue;
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) found.push(`${name}=${value.trim()}`);
    }
  }
  return found;
}"""


def _document_words(node: Any) -> set[str]:
    """Every key and every string value outside the prose: what the API names and sends."""
    words: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            words |= set(_LATIN_WORD.findall(str(key)))
            if key not in docs_i18n.TRANSLATED_KEYS:
                words |= _document_words(value)
    elif isinstance(node, list):
        for item in node:
            words |= _document_words(item)
    elif isinstance(node, str) and " " not in node.strip():
        words |= set(_LATIN_WORD.findall(node))
    return words


def _code_words(node: Any) -> set[str]:
    """The words of every code span and code block of the edition's prose (the guide pages are
    part of its description): search results show them as plain text."""
    if isinstance(node, dict):
        return set().union(set(), *(_code_words(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(set(), *(_code_words(item) for item in node))
    if isinstance(node, str):
        code = re.findall(r"```.*?```|`[^`]*`", node, flags=re.DOTALL)
        # The guide's code blocks are highlighted at build time (scripts/code_highlight.py):
        # HTML <code> elements whose tokens are spans.
        for block in re.findall(r"<code[^>]*>(.*?)</code>", node, flags=re.DOTALL):
            code.append(html.unescape(re.sub(r"<[^>]+>", "", block)))
        return set(_LATIN_WORD.findall(" ".join(code)))
    return set()


def _allowed(token: str, names: set[str]) -> bool:
    """Code and identifiers by their form: a path, a name with `_`, `.`, digits or inner
    capitals, a quoted value; or one of the document's names or the allowed words."""
    if re.search(r"[_/.:#{}()\[\]=<>@\d]|^\"|^'|[a-z][A-Z]|^(Ctrl|Alt|Shift)\+\w$", token):
        return True
    return all(word in names or word in ALLOWED_WORDS for word in _LATIN_WORD.findall(token))


def _english(texts: list[str], names: set[str]) -> list[str]:
    found = []
    for text in texts:
        value = (
            text.split("=", 1)[1]
            if re.match(r"^(aria-label|title|alt|placeholder)=", text)
            else text
        )
        for title in ALLOWED_TITLES:
            value = value.replace(title, "")
        if any(not _allowed(token, names) for token in value.split()):
            found.append(text)
    return found


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_belarusian_edition_shows_no_english_but_code_and_names(
    browser: Browser, docs_server: tuple[str, list[str]], built_docs: Path, viewport: str
) -> None:
    size = {"desktop": DESKTOP, "phone": PHONE}[viewport]
    with open_reader(browser, served_locally, size) as reader:
        _walk_the_belarusian_edition(reader, docs_server[0], built_docs, viewport)


def _walk_the_belarusian_edition(
    reader: Reader, base: str, built_docs: Path, viewport: str
) -> None:
    page = reader.page
    edition = json.loads((built_docs / "be" / "openapi.json").read_text(encoding="utf-8"))
    names = _document_words(SOURCE) | set(code_samples.LANGUAGES) | _code_words(edition)
    seen: dict[str, str] = {}

    def collect(where: str) -> None:
        for text in page.evaluate(COLLECT):
            seen.setdefault(text, where)

    routes = ["", *(f"#/snapshots/{op.lower()}" for op in code_samples.calls(SOURCE))]
    for route in routes:
        page.goto(_url(base, "be", route))
        expect(page.locator("h1").first).to_be_visible()
        # "required" agrees with its noun: the body (цела) and a field (поле) are neuter, a
        # parameter (параметр) masculine.
        if route == "#/snapshots/createsnapshot":
            body = page.locator('[id="snapshots/createsnapshot/request/body"]')
            expect(body).to_contain_text(re.compile(r"^Цела\s*application/json\s*абавязковае"))
            field = page.locator('[id="snapshots/createsnapshot/t=request&path=name"]')
            expect(field).to_contain_text("абавязковае")
        if route == "#/snapshots/restoresnapshot":
            parameter = page.locator(
                '[id="snapshots/restoresnapshot/t=request&in=path&path=snapshot_id"]'
            )
            expect(parameter).to_contain_text("абавязковы")
            expect(parameter).not_to_contain_text("абавязковае")
        _expand(page)
        # Redoc renders the sections near the one on screen: walk the page down.
        for _ in range(40):
            collect(route or "overview")
            if page.evaluate("window.scrollY + innerHeight >= document.body.scrollHeight - 2"):
                break
            page.mouse.wheel(0, 900)
            page.wait_for_timeout(150)
            _expand(page)
    # The search dialog empty, then searches whose matches are Belarusian or digits (a match
    # is marked as a text of its own), then one that finds nothing.
    for query in ("", "здым", "12345", "щщщщ"):
        # Its shortcut: on a phone the search box is inside the closed navigation.
        page.keyboard.press("Control+k")
        expect(page.get_by_test_id("search-dialog")).to_be_visible()
        page.keyboard.type(query)
        page.wait_for_timeout(500)
        collect(f"search {query!r}")
        page.keyboard.press("Escape")
    if viewport == "phone":
        # The navigation is behind its button on a phone: open it and read it too.
        page.goto(_url(base, "be"))
        menu = dict(docs_i18n.redoc_texts("be"))["Open navigation menu"]
        page.get_by_role("button", name=menu, exact=True).click()
        page.wait_for_timeout(300)
        collect("navigation")
    page.goto(_url(base, "be", "#/no/such/page"))
    expect(page.locator(".not-found-page")).to_be_visible()
    collect("404")
    english = [f"{seen[text]}: {text}" for text in _english(list(seen), names)]
    assert english == [], "\n".join(english)
    # The walk saw the words this test exists for, in Belarusian.
    texts = set(seen)
    for word in ("Магчымыя значэнні:", "Масіў аб'ектаў", "На гэтым адрасе няма старонкі"):
        assert word in texts, word
    reader.assert_stayed_local()
