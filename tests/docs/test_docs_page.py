"""The built API reference in a real headless Chromium (Debian's), as a reader sees it.

Every check goes through the browser: the text must be on screen, not merely in the HTML. The
browser cannot reach beyond this machine (its resolver knows no other host), and every request
the page makes is recorded, so a page that reaches for a CDN, a font or telemetry fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, expect

from scripts import build_docs, code_samples
from tests.docs.browser import (
    IN_PAGE_SCHEMES,
    SCREENSHOTS,
    Reader,
    from_file_system,
    open_reader,
    served_locally,
)

SOURCE = code_samples.load_document()
CALLS = code_samples.calls(SOURCE)
SUMMARIES = {
    operation["operationId"]: operation["summary"]
    for item in SOURCE["paths"].values()
    for operation in item.values()
}


@pytest.fixture
def reader(browser: Browser, docs_server: tuple[str, list[str]]) -> Iterator[Reader]:
    base_url, _ = docs_server
    with open_reader(browser, served_locally) as reader:
        reader.page.goto(base_url + "index.html")
        yield reader


def _version_heading(page: Page) -> None:
    title, version = SOURCE["info"]["title"], SOURCE["info"]["version"]
    expect(page.get_by_role("heading", name=f"{title} ({version})")).to_be_visible()


def test_overview_shows_the_version_the_rules_and_the_comparison(reader: Reader) -> None:
    page = reader.page
    _version_heading(page)
    for text in (
        # The limit, the advice to stop the server, and the restore warning, as the seed says.
        "A server holds at most 5 snapshots",
        "stop the server before creating a snapshot",
        "Restoring overwrites all current data on the server and cannot be undone",
        "The server is stopped automatically before restoration begins",
    ):
        expect(page.get_by_text(text)).to_be_visible()
    table = page.get_by_role("table").filter(has_text="Backups API")
    expect(table).to_be_visible()
    for row, snapshots, backups in (
        ("Purpose", "Quick point-in-time recovery", "Long-term data protection"),
        ("Limit", "5 snapshots per server", "10 manual + automatic backups"),
        ("Best suited for", "Short-term rollback capability", "Disaster recovery and compliance"),
    ):
        cells = table.get_by_role("row").filter(has_text=row).get_by_role("cell")
        expect(cells).to_have_text([row, snapshots, backups])
    reader.assert_stayed_local()


def test_download_links_give_the_bundled_document(
    reader: Reader, docs_server: tuple[str, list[str]]
) -> None:
    page = reader.page
    for label, name in (("YAML", "openapi.yaml"), ("JSON", "openapi.json")):
        link = page.get_by_role("link", name=f"OpenAPI document ({label})").first
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert href == name
        text = page.evaluate("url => fetch(url).then(r => r.ok ? r.text() : '')", href)
        bundled = yaml.safe_load(text)  # JSON is YAML too
        assert bundled["info"]["version"] == SOURCE["info"]["version"]
        assert all(
            "x-codeSamples" in op for item in bundled["paths"].values() for op in item.values()
        )
    _, served = docs_server
    assert {"/openapi.yaml", "/openapi.json"} <= set(served)
    reader.assert_stayed_local()


def test_every_operation_shows_its_parameters_and_three_samples(reader: Reader) -> None:
    page = reader.page
    _open_tag(page)
    labels = [language.label for language in code_samples.LANGUAGES.values()]
    for operation_id, call in CALLS.items():
        section = _show_operation(page, SUMMARIES[operation_id])
        for name in _parameter_names(call):
            expect(section.get_by_text(name, exact=True).first).to_be_visible()
        for key, language in code_samples.LANGUAGES.items():
            chooser = section.get_by_role("button", name=re.compile("^(" + "|".join(labels) + ")$"))
            # Centred, so that the menu it opens below it is on screen: Redoc may have scrolled
            # the section before the content above it took its final height.
            chooser.evaluate("element => element.scrollIntoView({block: 'center'})")
            chooser.click()
            page.get_by_role("menuitem", name=language.label).click()
            code = section.locator("pre").filter(has_text=_first_line(operation_id, key)).first
            expect(code).to_be_visible()
            assert code.inner_text().strip() == code_samples.render(operation_id, key)
    _operation_notes(page)
    _show_operation(page, SUMMARIES["createSnapshot"])
    page.evaluate("window.scrollBy(0, -40)")  # the heading's top margin, for the eye
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "en-desktop-create.png"))
    reader.assert_stayed_local()


def _open_tag(page: Page) -> None:
    _version_heading(page)
    tag = SOURCE["tags"][0]["name"]
    page.get_by_role("listitem").get_by_role("link", name=tag, exact=True).click()
    expect(_heading(page, tag)).to_be_visible()


def _show_operation(page: Page, summary: str) -> Locator:
    """Follow the sidebar link to an operation; its section of the page."""
    page.get_by_role("link", name=re.compile(rf"^{re.escape(summary)} [a-z]+$")).click()
    heading = _heading(page, summary)
    expect(heading).to_be_in_viewport()
    # Redoc may scroll before the sections above the target have their final height.
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    return page.locator("[data-section-id]").filter(has=heading)


def _heading(page: Page, text: str) -> Locator:
    # A section heading's accessible name starts with its anchor link's ("link to ...").
    return page.get_by_role("heading", name=re.compile(rf"(^|\s){re.escape(text)}$"))


def _operation_notes(page: Page) -> None:
    # The advice and the warning stand out beside their calls as callouts, as on the seed page.
    for kind, text in (
        ("note", "For best results, stop the server before creating a snapshot."),
        ("warning", "This action cannot be undone. The server will be automatically stopped"),
    ):
        callout = page.locator(f"aside.callout-{kind}").filter(has_text=text)
        callout.scroll_into_view_if_needed()
        expect(callout).to_be_visible()


def _parameter_names(call: code_samples.Call) -> list[str]:
    names = [*call.path_params, *call.query_params]
    return names + list(call.body or {})


def _first_line(operation_id: str, language: str) -> str:
    return code_samples.render(operation_id, language).splitlines()[0]


def test_page_opens_offline_from_the_file_system(browser: Browser, built_docs: Path) -> None:
    with open_reader(browser, from_file_system) as reader:
        reader.page.goto((built_docs / "index.html").as_uri())
        _open_tag(reader.page)
        for summary in SUMMARIES.values():
            _show_operation(reader.page, summary)
        reader.assert_stayed_local()
        assert {urlsplit(url).scheme for url in reader.requests} <= IN_PAGE_SCHEMES | {"file"}


def test_outside_requests_are_caught(browser: Browser, built_docs: Path, tmp_path: Path) -> None:
    # The checks above must be able to fail: the page as Redocly makes it, with its CDN logo and
    # its telemetry, is caught by the same recorder.
    html = (built_docs / "index.html").read_text(encoding="utf-8")
    for cdn_url, inline in build_docs.LOGO_REPLACEMENTS.items():
        html = html.replace(inline, cdn_url)
    html = html.replace('"disableTelemetry":true', '"disableTelemetry":false')
    page_file = tmp_path / "index.html"
    page_file.write_text(html, encoding="utf-8")
    with open_reader(browser, from_file_system) as reader:
        reader.page.goto(page_file.as_uri())
        _version_heading(reader.page)
        reader.flush_beacons()
        hosts = {urlsplit(url).hostname for url in reader.refused}
        assert "cdn.redoc.ly" in hosts
        assert any(host and "redocly" in host and "cdn" not in host for host in hosts), hosts
