"""Both editions of the reference (English, Belarusian) in a real Chromium, as their readers use
them, at desktop and phone sizes: the language, the switcher, deep links opened in a new tab from
file:// and from a static server, search, the samples copied with the page's own copy button and
run against the mock, and an axe-core check in light and dark mode.

Screenshots of every edition and size are kept in reports/docs-screenshots/ for review.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import Browser, Page, ViewportSize, expect

from scripts import build_docs, code_samples, docs_i18n
from snapshots_mock.testing import TOKEN, RunningMock
from tests.docs import sample_programs
from tests.docs.browser import (
    AXE,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    WCAG_TAGS,
    Reader,
    from_file_system,
    open_reader,
    served_locally,
)

# WCAG 2.2 A and AA, as axe-core tags its rules (target size, 2.5.8, is `wcag22aa`).
SOURCE = code_samples.load_document()
CALLS = code_samples.calls(SOURCE)
LANGUAGES = list(build_docs.EDITIONS)
VIEWPORTS: dict[str, ViewportSize] = {"desktop": DESKTOP, "phone": PHONE}
ROUTES = {op: f"#/snapshots/{op.lower()}" for op in CALLS}
# The samples run straight from the clipboard here; the compiled languages' samples are the ones
# tests/docs/test_samples_run.py compiles and runs (the copied text is checked to be the same).
RUN_HERE = ("curl", "python")


def _document(built_docs: Path, language: str) -> Any:
    folder = built_docs / build_docs.EDITIONS[language]
    return json.loads((folder / "openapi.json").read_text(encoding="utf-8"))


def _page_url(base: str, language: str) -> str:
    folder = build_docs.EDITIONS[language]
    return urljoin(base, f"{folder}/index.html" if folder else "index.html")


@pytest.fixture(scope="module")
def summaries(built_docs: Path) -> dict[str, dict[str, str]]:
    """Each edition's operation summaries, by operationId."""
    return {
        language: {
            op["operationId"]: op["summary"]
            for item in _document(built_docs, language)["paths"].values()
            for op in item.values()
        }
        for language in LANGUAGES
    }


@pytest.fixture
def served(browser: Browser, docs_server: tuple[str, list[str]]) -> Iterator[Reader]:
    with open_reader(browser, served_locally) as reader:
        yield reader


def _open(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()


def _copy(language: str) -> re.Pattern[str]:
    """The accessible name of a sample's copy button in `language`'s edition."""
    name = dict(docs_i18n.redoc_texts(language)).get("Copy", "Copy")
    return re.compile(f"^{re.escape(name)}$", re.I)


def _operation_heading(page: Page, summary: str) -> Any:
    # Each operation is a page of its own, titled by a heading of level 1.
    return page.get_by_role("heading", level=1, name=re.compile(rf"(^|\s){re.escape(summary)}$"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_edition_reads_in_its_language(
    browser: Browser,
    docs_server: tuple[str, list[str]],
    built_docs: Path,
    summaries: dict[str, dict[str, str]],
    language: str,
    viewport: str,
) -> None:
    document = _document(built_docs, language)
    base, _ = docs_server
    with open_reader(browser, served_locally, VIEWPORTS[viewport]) as reader:
        page = reader.page
        _open(page, _page_url(base, language))
        assert page.evaluate("document.documentElement.lang") == language
        title = f"{document['info']['title']} ({document['info']['version']})"
        heading = page.get_by_role("heading", level=1, name=title)
        expect(heading).to_be_visible()
        assert _words_broken(heading) == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{language}-{viewport}-overview.png"))
        for operation_id, route in ROUTES.items():
            page.goto(_page_url(base, language) + route)
            heading = _operation_heading(page, summaries[language][operation_id])
            expect(heading).to_be_in_viewport()
            assert _words_broken(heading) == []
            # Under the page's title the levels follow without a gap.
            section = page.locator(f'[data-section-id="/snapshots/{operation_id.lower()}"]')
            levels = section.evaluate(
                "s => [...s.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]')]"
                ".map(h => Number(h.getAttribute('aria-level') || h.tagName.slice(1)))"
            )
            assert levels[0] == 1, levels
            # Redoc's own words are in the edition's language too.
            request = docs_i18n.redoc_strings(language).get("request", "Request")
            heading = section.get_by_role("heading", level=2, name=re.compile(f"{request}$"))
            expect(heading).to_be_visible()
            assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
        # The list example is shown whole, not folded to "{ … }".
        page.goto(_page_url(base, language) + ROUTES["listSnapshots"])
        section = page.locator('[data-section-id="/snapshots/listsnapshots"]')
        last = SOURCE["components"]["examples"]["SnapshotListSeed"]["value"]["results"][-1]
        answer = section.locator("[data-testid='right-panel']").get_by_text(f'"{last["name"]}"')
        answer.scroll_into_view_if_needed()
        expect(answer).to_be_visible()
        # The limit and the create note stand out as a callout, the restore warning as another.
        page.goto(_page_url(base, language) + ROUTES["createSnapshot"])
        section = page.locator('[data-section-id="/snapshots/createsnapshot"]')
        # The sample's copy button does not cover its first line.
        samples = section.locator(".panel-request-samples")
        samples.scroll_into_view_if_needed()
        copy_box = samples.get_by_role("button", name=_copy(language)).last.bounding_box()
        line_box = samples.locator('pre [data-line="1"]').bounding_box()
        assert copy_box is not None
        assert line_box is not None
        assert copy_box["y"] + copy_box["height"] <= line_box["y"] + 1 or (
            copy_box["x"] >= line_box["x"] + line_box["width"]
        ), (copy_box, line_box)
        note = section.locator("aside.callout-note").filter(has_text="5")
        note.scroll_into_view_if_needed()
        expect(note).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"{language}-{viewport}-create.png"))
        page.goto(_page_url(base, language) + ROUTES["restoreSnapshot"])
        section = page.locator('[data-section-id="/snapshots/restoresnapshot"]')
        expect(section.locator("aside.callout-warning")).to_be_visible()
        # No "Open in ChatGPT / Claude": the page sends nothing anywhere.
        expect(page.get_by_text(re.compile("ChatGPT|Claude"))).to_have_count(0)
        reader.assert_stayed_local()


def _words_broken(heading: Any) -> list[str]:
    """The words of `heading` that the browser split over two lines."""
    broken: list[str] = heading.evaluate(
        """h => {
            const broken = [];
            const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const m of node.data.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index);
                    range.setEnd(node, m.index + m[0].length);
                    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (tops.size > 1) broken.push(m[0]);
                }
            }
            return broken;
        }"""
    )
    return broken


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_switcher_keeps_the_reader_at_the_same_operation(
    browser: Browser,
    docs_server: tuple[str, list[str]],
    summaries: dict[str, dict[str, str]],
    viewport: str,
) -> None:
    base, _ = docs_server
    with open_reader(browser, served_locally, VIEWPORTS[viewport]) as reader:
        page = reader.page
        page.goto(_page_url(base, "be") + ROUTES["restoreSnapshot"])
        expect(_operation_heading(page, summaries["be"]["restoreSnapshot"])).to_be_in_viewport()
        page.get_by_role("link", name="English").click()
        page.wait_for_url(_page_url(base, "en") + ROUTES["restoreSnapshot"])
        assert page.evaluate("document.documentElement.lang") == "en"
        expect(_operation_heading(page, summaries["en"]["restoreSnapshot"])).to_be_in_viewport()
        # Back, after moving to another operation with the sidebar's own link.
        page.goto(_page_url(base, "en") + ROUTES["deleteSnapshot"])
        expect(_operation_heading(page, summaries["en"]["deleteSnapshot"])).to_be_in_viewport()
        page.get_by_role("link", name="Беларуская").click()
        page.wait_for_url(_page_url(base, "be") + ROUTES["deleteSnapshot"])
        expect(_operation_heading(page, summaries["be"]["deleteSnapshot"])).to_be_in_viewport()
        # A section of the guide keeps its place too: its route is the same in both editions.
        page.goto(_page_url(base, "be") + "#/section/error-codes")
        expect(page.get_by_role("heading", name=re.compile("Коды памылак$"))).to_be_in_viewport()
        page.get_by_role("link", name="English").click()
        page.wait_for_url(_page_url(base, "en") + "#/section/error-codes")
        expect(page.get_by_role("heading", name=re.compile("Error codes$"))).to_be_in_viewport()
        reader.assert_stayed_local()


@pytest.mark.parametrize("where", ["file", "static"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_sidebar_links_open_in_a_new_tab(
    browser: Browser,
    docs_server: tuple[str, list[str]],
    built_docs: Path,
    language: str,
    where: str,
) -> None:
    if where == "file":
        url = (built_docs / build_docs.EDITIONS[language] / "index.html").as_uri()
        allowed = from_file_system
    else:
        url = _page_url(docs_server[0], language)
        allowed = served_locally
    with open_reader(browser, allowed) as reader:
        page = reader.page
        _open(page, url)
        page.locator("[data-testid='menu-item-label']").first.wait_for()
        # The tag's operations are listed without a click (the build opens the group).
        links = page.locator(".menu-content a[href]")
        expect(links.and_(page.locator('[href^="#/snapshots/"]')).first).to_be_visible()
        hrefs = [href for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")]
        internal = [href for href in hrefs if not re.match(r"https?:", href)]
        assert all(href.startswith("#/") for href in internal), internal
        sections = [h for h in internal if h.startswith("#/section/")]
        operations = [h for h in internal if h.startswith("#/snapshots/")]
        assert len(sections) >= 10, internal
        assert len(operations) == len(CALLS), internal
        # A guide page, a section of the document, the first and the last operation.
        targets = [sections[0], "#/section/errors", operations[0], operations[-1]]
        for href in targets:
            # Opened in a new tab: a fresh page at the link's address.
            tab = page.context.new_page()
            tab.goto(urljoin(url, href))
            section = tab.locator(f'[data-section-id="{href[1:]}"]')
            expect(section).to_be_attached()
            # Scrolled to it: its top in the upper half of the window (the last one cannot
            # reach the very top).
            top = section.evaluate("s => s.getBoundingClientRect().top")
            assert -5 < top < DESKTOP["height"] / 2, (href, top)
            tab.close()
        reader.assert_stayed_local()


SEARCHES = {
    "en": (("snapshot", "Create snapshot"), ("restore", "Restore from snapshot")),
    "be": (("здымак", "Стварыць здымак"), ("аднаўленне", "Аднавіць са здымка")),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_words_of_each_language(
    served: Reader, docs_server: tuple[str, list[str]], language: str
) -> None:
    page = served.page
    _open(page, _page_url(docs_server[0], language))
    for query, found in SEARCHES[language]:
        page.get_by_test_id("search-trigger").click()
        page.keyboard.type(query)
        results = page.get_by_test_id("search-dialog").locator(
            '[data-component-name="Search/SearchItem"]'
        )
        result = results.filter(has=page.get_by_text(found, exact=True)).first
        expect(result).to_be_visible()
        result.click()
        expect(_operation_heading(page, found)).to_be_in_viewport()
    served.assert_stayed_local()


def test_every_sample_copied_with_the_copy_button_runs_against_the_mock(
    browser: Browser,
    docs_server: tuple[str, list[str]],
    published_samples: dict[tuple[str, str], str],
    sample_python: Path,
    mock: RunningMock,
    tmp_path: Path,
) -> None:
    # The Belarusian edition (the English one shows the same samples, tests/docs/test_docs_page).
    base, _ = docs_server
    labels = [language.label for language in code_samples.LANGUAGES.values()]
    env = sample_programs.sample_env(mock.url, TOKEN)
    with open_reader(
        browser, served_locally, permissions=["clipboard-read", "clipboard-write"]
    ) as reader:
        page = reader.page
        for operation_id, route in ROUTES.items():
            page.goto(_page_url(base, "be") + route)
            section = page.locator(f'[data-section-id="/snapshots/{operation_id.lower()}"]')
            panel = section.locator(".panel-request-samples")
            for key, language in code_samples.LANGUAGES.items():
                chooser = panel.get_by_role("button", name=re.compile(f"^({'|'.join(labels)})$"))
                chooser.evaluate("element => element.scrollIntoView({block: 'center'})")
                chooser.click()
                # The menu may open partly off screen (it is positioned before the panel
                # settles); the item is chosen with its own click event, as a tap would.
                page.get_by_role("menuitem", name=language.label).dispatch_event("click")
                expect(chooser).to_have_text(language.label)
                panel.locator("pre").hover()
                panel.get_by_role("button", name=_copy("be")).last.click()
                copied = page.evaluate("navigator.clipboard.readText()")
                # Exactly the data the other tests run, not a character more or less.
                assert copied == published_samples[operation_id, key], (operation_id, key)
                if key not in RUN_HERE:
                    continue  # compiled and run as published by tests/docs/test_samples_run.py
                mock.reset()
                if key == "curl":
                    command, extra = sample_programs.curl_command(copied, tmp_path)
                else:
                    command = sample_programs.python_command(sample_python, copied, tmp_path)
                    extra = {}
                result = sample_programs.run(command, tmp_path, {**extra, **env})
                assert result.returncode == 0, (key, result.stdout + result.stderr)
                if key == "curl":
                    status = sample_programs.curl_answer(result.stdout).status
                    assert status == CALLS[operation_id].success_status, (key, result.stdout)
        reader.assert_stayed_local()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violation(
    browser: Browser,
    docs_server: tuple[str, list[str]],
    language: str,
    mode: str,
) -> None:
    base, _ = docs_server
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        for route in ("", "#/section/error-codes", ROUTES["createSnapshot"]):
            page.goto(_page_url(base, language) + route)
            expect(page.locator("h1").first).to_be_visible()
            if mode == "dark" and "dark" not in page.evaluate("document.documentElement.className"):
                toggle = dict(docs_i18n.redoc_texts(language)).get("light", "light")
                page.get_by_role("button", name=toggle, exact=True).click()
                expect(page.locator("html.dark")).to_be_attached()
            page.wait_for_timeout(300)  # Redoc renders the sections next to the one shown
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_TAGS)}}}}})"
            )
            serious = [
                f"{v['impact']} {v['id']}: {v['help']} at "
                + ", ".join(str(node["target"]) for node in v["nodes"][:5])
                for v in result["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            assert serious == [], f"{language} {mode} {route or 'overview'}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{language}-desktop-{mode}.png"))


def test_each_edition_offers_its_own_document_for_download(
    served: Reader, docs_server: tuple[str, list[str]], built_docs: Path
) -> None:
    page = served.page
    for language in LANGUAGES:
        _open(page, _page_url(docs_server[0], language))
        ui = docs_i18n.ui_strings(language)
        for label, name in (
            ("OpenAPI document (YAML)", "openapi.yaml"),
            ("OpenAPI document (JSON)", "openapi.json"),
        ):
            link = page.get_by_role("link", name=ui[label]).first
            expect(link).to_be_visible()
            assert link.get_attribute("href") == name
            text = page.evaluate("url => fetch(url).then(r => r.ok ? r.text() : '')", name)
            downloaded = yaml.safe_load(text)  # JSON is YAML too
            assert downloaded == _document(built_docs, language)
    served.assert_stayed_local()
