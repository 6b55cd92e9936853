"""The reference by keyboard alone (WCAG 2.2 AA) and the reader's paths through it, in both
editions, in Debian's Chromium: every step of the walk is a key press (`keyboard.press`), never a
click; the operations come first in the navigation; the guide pages' code scrolls instead of
wrapping and is highlighted; the page's own bar never covers a control, at desktop and phone size.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts import code_samples, docs_i18n
from tests.docs.browser import open_reader, served_locally
from tests.docs.test_editions import LANGUAGES, ROUTES, VIEWPORTS, _document, _page_url

FOCUSED = """() => {
    const e = document.activeElement;
    return {tag: e.tagName, text: (e.textContent || '').trim(), label: e.getAttribute('aria-label'),
            testid: e.getAttribute('data-testid'), role: e.getAttribute('role'),
            section: e.closest('[data-section-id]')?.getAttribute('data-section-id') || null};
}"""
# Enough Tab presses to cross one operation's page to its samples.
MAX_TABS = 40
# Queries pressed key by key (Latin keys: Playwright presses no Cyrillic ones); the
# error code (an identifier, the same in every edition) finds the create operation first.
SEARCH = {"en": ("create", "Create snapshot"), "be": ("snapshot_limit", "Стварыць здымак")}


def _focused(page: Page) -> dict[str, Any]:
    focused: dict[str, Any] = page.evaluate(FOCUSED)
    return focused


def _tab_to(page: Page, wanted: Any, what: str) -> dict[str, Any]:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"{what} not reached in {MAX_TABS} Tab presses (last: {focused})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_keyboard_walks_skip_link_search_operation_language_and_copy(
    browser: Browser,
    docs_server: tuple[str, list[str]],
    published_samples: dict[tuple[str, str], str],
    language: str,
) -> None:
    base, _ = docs_server
    ui = docs_i18n.ui_strings(language)
    query, found = SEARCH[language]
    with open_reader(
        browser, served_locally, permissions=["clipboard-read", "clipboard-write"]
    ) as reader:
        page = reader.page
        page.goto(_page_url(base, language))
        expect(page.locator("h1").first).to_be_visible()
        # 1. The first Tab shows the skip link; Enter puts the focus on the page's title.
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name=ui["Skip to the content"])
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        assert _focused(page)["tag"] == "H1", _focused(page)
        # 2. Search is in the Tab order (after the skip link and the switcher) and opens on Enter.
        page.keyboard.press("Shift+Tab")
        focused = _focused(page)
        while focused["testid"] != "search-trigger":
            assert focused["tag"] in {"A", "DIV", "BUTTON"}, focused
            page.keyboard.press("Shift+Tab")
            focused = _focused(page)
            if focused["tag"] == "BODY":
                page.keyboard.press("Tab")
                _tab_to(page, lambda f: f["testid"] == "search-trigger", "the search box")
                break
        page.keyboard.press("Enter")
        dialog = page.get_by_test_id("search-dialog")
        expect(dialog).to_be_visible()
        for key in query:
            page.keyboard.press(key)
        expect(dialog.get_by_text(found, exact=True).first).to_be_visible()
        # 3. The first result is chosen with the arrow key and Enter: the operation opens.
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(ROUTES["createSnapshot"])))
        heading = page.get_by_role("heading", level=1, name=re.compile(f"{re.escape(found)}$"))
        expect(heading).to_be_in_viewport()
        # 4. Tab goes on from the operation to its sample language menu; the arrow keys open it
        #    and move to Python, Enter chooses it and gives the focus back to the menu's button.
        labels = [lang.label for lang in code_samples.LANGUAGES.values()]
        section = "/snapshots/createsnapshot"
        _tab_to(
            page,
            lambda f: f["section"] == section and f["tag"] == "BUTTON" and f["text"] in labels,
            "the sample language menu",
        )
        chooser = page.locator(":focus")
        page.keyboard.press("ArrowDown")
        expect(page.locator("[role=menuitem]:focus")).to_have_count(1)
        python = code_samples.LANGUAGES["python"].label
        for _ in labels:
            if _focused(page)["text"] == python:
                break
            page.keyboard.press("ArrowDown")
        assert _focused(page) == {**_focused(page), "role": "menuitem", "text": python}
        page.keyboard.press("Enter")
        expect(chooser).to_have_text(python)
        expect(chooser).to_be_focused()
        # 5. The next Tab reaches the sample's copy button; Enter copies the sample exactly.
        page.keyboard.press("Tab")
        assert _focused(page)["testid"] == "copy-button", _focused(page)
        page.keyboard.press("Enter")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == published_samples["createSnapshot", "python"]
        reader.assert_stayed_local()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skip_link_keeps_a_deep_link_reader_at_the_operation(
    browser: Browser, docs_server: tuple[str, list[str]], built_docs: Path, language: str
) -> None:
    summary = next(
        op["summary"]
        for item in _document(built_docs, language)["paths"].values()
        for op in item.values()
        if op["operationId"] == "restoreSnapshot"
    )
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        page.goto(_page_url(docs_server[0], language) + ROUTES["restoreSnapshot"])
        heading = page.get_by_role("heading", level=1, name=re.compile(f"{re.escape(summary)}$"))
        expect(heading).to_be_in_viewport()
        page.wait_for_timeout(1000)  # a reader starts reading once Redoc has scrolled there
        page.keyboard.press("Tab")
        expect(page.locator("a.skip-link")).to_be_focused()
        expect(heading).to_be_in_viewport()  # showing the link did not scroll the page away
        page.keyboard.press("Enter")
        expect(heading).to_be_focused()
        # The next Tab goes on inside the operation.
        page.keyboard.press("Tab")
        assert _focused(page)["section"] == "/snapshots/restoresnapshot", _focused(page)
        reader.assert_stayed_local()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_arrow_keys_move_through_the_sample_language_menu(
    browser: Browser, docs_server: tuple[str, list[str]], language: str
) -> None:
    base, _ = docs_server
    labels = [lang.label for lang in code_samples.LANGUAGES.values()]
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        page.goto(_page_url(base, language) + ROUTES["listSnapshots"])
        panel = page.locator('[data-section-id="/snapshots/listsnapshots"] .panel-request-samples')
        chooser = panel.get_by_role("button", name=re.compile(f"^({'|'.join(labels)})$"))
        chooser.focus()
        page.keyboard.press("Enter")
        # The open menu's items are reached at once, in the panel's order, and wrap around.
        seen = [_focused(page)["text"]]
        for _ in labels:
            page.keyboard.press("ArrowDown")
            seen.append(_focused(page)["text"])
        assert seen[: len(labels)] == labels, seen
        assert seen[len(labels)] == labels[0], seen
        page.keyboard.press("End")
        assert _focused(page)["text"] == labels[-1]
        page.keyboard.press("Escape")
        expect(chooser).to_be_focused()
        expect(chooser).to_have_attribute("aria-expanded", "false")
        reader.assert_stayed_local()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_operations_come_first_in_the_navigation(
    browser: Browser, docs_server: tuple[str, list[str]], built_docs: Path, language: str
) -> None:
    summaries = [
        op["summary"]
        for item in _document(built_docs, language)["paths"].values()
        for op in item.values()
    ]
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        page.goto(_page_url(docs_server[0], language))
        labels = page.locator("[data-testid='menu-item-label']")
        expect(labels.first).to_be_visible()
        visible = [text.strip() for text in labels.all_inner_texts()]
        tag = _document(built_docs, language)["tags"][0]["x-displayName"]
        # The overview, the tag, its operations (shown without a click), then the guide.
        assert visible[1] == tag, visible
        assert [re.sub(r"\s*(GET|POST|DELETE)$", "", v) for v in visible[2:6]] == summaries
        for summary in summaries:
            expect(page.locator(".menu-content").get_by_text(summary, exact=True)).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_code_scrolls_and_is_highlighted(
    browser: Browser, docs_server: tuple[str, list[str]], language: str
) -> None:
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        page.goto(_page_url(docs_server[0], language) + "#/section/getting-started")
        blocks = page.locator("pre[data-language=python]")
        expect(blocks.first).to_be_attached()
        for block in blocks.all():
            block.scroll_into_view_if_needed()
            style = block.evaluate(
                "b => ({ws: getComputedStyle(b.querySelector('code') || b).whiteSpace,"
                " lines: b.innerText.split('\\n').filter(l => l.trim()).length,"
                " tops: (() => { const r = document.createRange(); r.selectNodeContents(b);"
                " return new Set([...r.getClientRects()].filter(x => x.width > 1)"
                ".map(x => Math.round(x.top))).size; })(),"
                " keywords: [...b.querySelectorAll('span')].filter(s =>"
                " s.textContent.trim() === 'import').map(s => getComputedStyle(s).color),"
                " text: getComputedStyle(b).color})"
            )
            # One line on screen per line of code: nothing wraps.
            assert style["ws"] == "pre", style
            assert style["tops"] == style["lines"], style
            # Keywords stand out from the plain text.
            assert style["keywords"], style
            assert all(c != style["text"] for c in style["keywords"]), style


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_covers_no_control(
    browser: Browser, docs_server: tuple[str, list[str]], language: str, viewport: str
) -> None:
    size = VIEWPORTS[viewport]
    with open_reader(browser, served_locally, size) as reader:
        page = reader.page
        for route in ("", *ROUTES.values(), "#/section/error-codes"):
            page.goto(_page_url(docs_server[0], language) + route)
            expect(page.locator("h1").first).to_be_visible()
            page.wait_for_timeout(300)
            covered = _covered_controls(page)
            assert covered == [], (route, covered)
        # A control reached with Tab is never hidden behind it either (WCAG 2.4.11).
        page.goto(_page_url(docs_server[0], language) + ROUTES["createSnapshot"])
        for _ in range(60):
            page.keyboard.press("Tab")
            covered = _covered_controls(page, only_focused=True)
            assert covered == [], covered


def _covered_controls(page: Page, only_focused: bool = False) -> list[str]:
    covered: list[str] = page.evaluate(
        """onlyFocused => {
            const bar = document.querySelector('a.language-switcher').getBoundingClientRect();
            const hits = (r) => r.width > 0 && r.height > 0 && r.left < bar.right
                && r.right > bar.left && r.top < bar.bottom && r.bottom > bar.top;
            const controls = onlyFocused ? [document.activeElement] : document.querySelectorAll(
                'a[href], button, input, select, textarea, [tabindex], [role=button]');
            return [...controls]
                .filter(e => !e.closest('.page-bar, .language-bar') && e !== document.body)
                .filter(e => hits(e.getBoundingClientRect()))
                .map(e => e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent.trim()));
        }""",
        only_focused,
    )
    return covered


# What only the toolkit's maintainers have: its commands, its sessions, its mock server, its
# manuals (English and the Belarusian catalog's words for them).
MAINTAINER_WORDS = re.compile(
    r"run_nox|scripts/|-s build|toolkit|mock|docs/clients\.md|набор[ау]? інструментаў|мок-сервер",
    re.IGNORECASE,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_getting_started_speaks_to_api_users(language: str) -> None:
    page = docs_i18n.Translator(language, code_samples.load_document()).guide("getting-started.md")
    assert MAINTAINER_WORDS.findall(page) == []
    # The install table stays: a row per client language, from the release bundle.
    for folder in ("dist/python", "dist/typescript", "dist/go", "dist/java", "dist/rust"):
        assert folder in page
