"""The published site (scripts/build_site.py, docs/ci/pages.yml): every recorded release and
`latest` in both editions, the version picker, the landing page, hreflang, the 404 page, the
sitemap, the readers' changelog per version, and the GitHub Pages workflow that publishes it.

The site is built once, as the workflow builds it: `python -m scripts.build_site` with the Pages
address in DOCS_BASE_URL (here a static server on 127.0.0.1 that serves the folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from playwright.sync_api import Browser, expect

from scripts import build_docs, build_site, code_samples, docs_i18n
from tests.actionlint import actionlint
from tests.docs.browser import AXE, WCAG_TAGS, open_reader, served_locally

ROOT = build_docs.ROOT
WORKFLOW = ROOT / "docs" / "ci" / "pages.yml"
VERSIONS = build_site.versions()
LANGUAGES = list(build_docs.EDITIONS)
SOURCE = code_samples.load_document()
# What the change tool writes and a reader should not have to read (issue 26).
TOOL_WORDS = ("no rule classifies it", "schema Snapshot:", "treated as breaking", "(regenerated")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The site built by its command, as the workflow runs it, and its address."""
    out = tmp_path_factory.mktemp("site") / "site"
    out.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # As actions/configure-pages gives it: no trailing slash.
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        built = subprocess.run(
            [sys.executable, "-m", "scripts.build_site", str(out)],
            cwd=ROOT,
            env={**os.environ, build_site.BASE_URL_VARIABLE: base},
            capture_output=True,
            text=True,
            check=False,
        )
        assert built.returncode == 0, built.stdout + built.stderr
        yield out, base + "/"
    finally:
        server.shutdown()
        server.server_close()


class _Page(HTMLParser):
    """What the site's tests read of a page: its language, its hreflang alternates, its links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.canonical: list[str] = []
        self.links: list[dict[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.lang = found.get("lang", "")
        elif tag == "link" and found.get("rel") == "alternate":
            assert found["hreflang"] not in self.alternates, "an hreflang given twice"
            self.alternates[found["hreflang"]] = found["href"]
        elif tag == "link" and found.get("rel") == "canonical":
            self.canonical.append(found["href"])
        elif tag == "a":
            self.links.append(found)


def _read(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8"))


def _file(out: Path, base: str, url: str) -> Path:
    """The file a URL of the site names (a folder's address names its index.html)."""
    assert url.startswith(base), url
    path = out / url[len(base) :]
    return path / "index.html" if url.endswith("/") else path


def _edition(out: Path, version: build_site.Version, language: str) -> Path:
    return out / build_site.edition_path(version, language)


def _pages(out: Path) -> list[Path]:
    return sorted(path for path in out.rglob("index.html"))


def test_every_release_and_latest_in_every_language(site: tuple[Path, str]) -> None:
    out, _ = site
    released = sorted(path.stem for path in docs_i18n.RELEASES.glob("*.yaml"))
    assert [v.folder for v in VERSIONS] == [build_site.LATEST, *reversed(released)]
    for version in VERSIONS:
        for language in LANGUAGES:
            folder = _edition(out, version, language)
            document = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
            assert document["info"]["version"] == version.number
            assert yaml.safe_load((folder / "openapi.yaml").read_text(encoding="utf-8")) == document
            assert _read(folder / "index.html").lang == language
    latest = json.loads((out / "latest" / "openapi.json").read_text(encoding="utf-8"))
    assert latest["info"]["version"] == SOURCE["info"]["version"]
    # An old release's Belarusian edition is in Belarusian, its own texts too (1.0.0's overview
    # opened on a sentence no later version has).
    old = json.loads((out / "1.0.0" / "be" / "openapi.json").read_text(encoding="utf-8"))
    assert "\n\nГэты дакумент — адзіная крыніца праўды" in old["info"]["description"]


def test_each_version_lists_the_error_codes_of_its_own_document(site: tuple[Path, str]) -> None:
    # The guides are today's on every version's page; the errors guide's table must still list
    # what that version's API sends, no code added later (1.0.0 has 11 of today's 14).
    out, _ = site
    row = re.compile(r"(?m)^\| `([a-z_]+)` \| \d{3} \|")
    seen = {}
    for version in VERSIONS:
        codes = yaml.safe_load(version.text)["components"]["schemas"]["ErrorCode"]["enum"]
        for language in LANGUAGES:
            guide = _edition(out, version, language) / "md" / "guides" / "errors.md"
            listed = row.findall(guide.read_text(encoding="utf-8"))
            assert sorted(listed) == sorted(codes), (version.folder, language)
            seen[version.folder] = len(listed)
    assert seen["1.0.0"] < seen[build_site.LATEST]


def test_the_picker_links_the_same_edition_of_every_version(site: tuple[Path, str]) -> None:
    out, _ = site
    for version in VERSIONS:
        for language in LANGUAGES:
            here = _edition(out, version, language) / "index.html"
            links = [link for link in _read(here).links if "version-link" in link.get("class", "")]
            targets = [(here.parent / link["href"]).resolve() for link in links]
            expected = [(_edition(out, v, language) / "index.html").resolve() for v in VERSIONS]
            assert targets == expected, here
            current = [
                t for t, link in zip(targets, links, strict=True) if link.get("aria-current")
            ]
            assert current == [here.resolve()]
            for target in targets:
                assert _read(target).lang == language


def test_hreflang_pairs_are_reciprocal(site: tuple[Path, str]) -> None:
    out, base = site
    for page in [out / "index.html", *_pages(out)]:
        alternates = _read(page).alternates
        assert set(alternates) == {*LANGUAGES, "x-default"}, page
        targets = {_file(out, base, url) for url in alternates.values()}
        assert page in targets, f"{page} is not among its own alternates"
        for code, url in alternates.items():
            target = _file(out, base, url)
            assert target.exists(), url
            assert _read(target).alternates == alternates, f"{page} -> {url}"
            if code in LANGUAGES:
                assert _read(target).lang == code, url


def test_each_edition_names_one_canonical_address(site: tuple[Path, str]) -> None:
    # A release that is latest's document is the same page at two addresses: both name latest's.
    out, base = site
    latest = VERSIONS[0]
    for version in VERSIONS:
        for language in LANGUAGES:
            page = _edition(out, version, language) / "index.html"
            owner = latest if version.text == latest.text else version
            (canonical,) = _read(page).canonical
            assert _file(out, base, canonical) == _edition(out, owner, language) / "index.html"
    assert any(v.text == latest.text for v in VERSIONS[1:]), "no release is latest's copy"


def _canonical_pages(out: Path, base: str) -> set[Path]:
    """The landing page and every edition whose canonical address is its own."""
    editions = {
        page
        for page in _pages(out)
        if page.parent != out and [_file(out, base, c) for c in _read(page).canonical] == [page]
    }
    return {out / "index.html", *editions}


def test_the_sitemap_lists_every_page(site: tuple[Path, str]) -> None:
    out, base = site
    root = ElementTree.parse(out / "sitemap.xml").getroot()
    ns = {"s": build_site.SITEMAP_NS, "x": build_site.XHTML_NS}
    listed = {}
    for url in root.findall("s:url", ns):
        links = url.findall("x:link", ns)
        listed[_file(out, base, url.findtext("s:loc", namespaces=ns) or "")] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    # Every page but those whose canonical address is another's (a release equal to latest).
    assert set(listed) == _canonical_pages(out, base)
    assert len(listed) < len(_pages(out))
    for page, alternates in listed.items():
        assert alternates == _read(page).alternates, page


def test_the_landing_page_links_each_edition_of_each_version(
    site: tuple[Path, str], browser: Browser
) -> None:
    out, base = site
    expected = {
        (language, (_edition(out, v, language) / "index.html").resolve())
        for v in VERSIONS
        for language in LANGUAGES
    }
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        page.goto(base)
        for language in LANGUAGES:
            expect(page.locator(f'section[lang="{language}"] h2')).to_be_visible()
        links = page.eval_on_selector_all(
            "main a", "links => links.map(a => [a.hreflang, a.getAttribute('href'), a.href])"
        )
        found = {(hreflang, (out / href).resolve()) for hreflang, href, _ in links}
        assert found == expected
        for _, _, url in links:  # each one served
            assert page.request.get(url).status == 200, url
        _no_serious_violation(page)
        # Through the Belarusian link of 1.0.0, then its picker to 2.0.0, by keyboard.
        page.locator('section[lang="be"] a[href="1.0.0/be/index.html"]').click()
        page.wait_for_url(base + "1.0.0/be/index.html")
        expect(page.locator("h1").first).to_be_visible()
        summary = page.locator(".version-picker summary")
        expect(summary).to_have_text(f"{docs_i18n.ui_strings('be')['Version']}: 1.0.0")
        summary.focus()
        page.keyboard.press("Enter")
        link = page.locator(".version-picker a", has_text="2.0.0")
        expect(link).to_be_visible()
        _no_serious_violation(page)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(base + "2.0.0/be/index.html")))
        assert page.evaluate("document.documentElement.lang") == "be"
        reader.assert_stayed_local()


def test_the_404_page_speaks_both_languages(site: tuple[Path, str], browser: Browser) -> None:
    _, base = site
    with open_reader(browser, served_locally) as reader:
        page = reader.page
        page.goto(base + "404.html")
        for language in LANGUAGES:
            words = docs_i18n.ui_strings(language)
            part = page.locator(f'section[lang="{language}"]')
            expect(part.locator("h1")).to_have_text(words["No page at this address."])
            expect(part.get_by_role("link")).to_have_text(words[build_site.HOME_LINK])
        _no_serious_violation(page)
        page.locator('section[lang="be"] a').click()
        page.wait_for_url(base)
        expect(page.locator('section[lang="be"] h2')).to_be_visible()
        reader.assert_stayed_local()


def _no_serious_violation(page: Any) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_TAGS)}}}}})"
    )
    serious = [
        f"{v['impact']} {v['id']}: {v['help']}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], page.url


_ANCHOR = re.compile(r'\{% id="(section/[^"]+)" %\}')


def test_each_version_has_its_changelog_with_stable_unique_anchors(site: tuple[Path, str]) -> None:
    out, _ = site
    numbers = sorted({v.number for v in VERSIONS}, key=lambda n: tuple(map(int, n.split("."))))
    anchors_of: dict[str, list[str]] = {}
    for version in VERSIONS:
        for language in LANGUAGES:
            folder = _edition(out, version, language)
            text = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))["info"][
                "description"
            ]
            anchors = _ANCHOR.findall(text)
            assert len(anchors) == len(set(anchors)), f"{folder}: an anchor given twice"
            entries = [a for a in anchors if re.fullmatch(r"section/v\d+-\d+-\d+", a)]
            # Its own version's entry and every older one's, newest first; no later one.
            older = [n for n in numbers if tuple(map(int, n.split("."))) <= _key(version.number)]
            assert entries == ["section/v" + n.replace(".", "-") for n in reversed(older)]
            for lead in ("**What changed:**", "**What to do:**"):
                assert text.count(_words(language, lead)) == len(entries), (folder, lead)
            assert not any(word in text for word in TOOL_WORDS), folder
            anchors_of.setdefault(version.number, []).append(" ".join(anchors))
    # The same anchors in both editions of a version, and in `latest` and its release.
    for number, seen in anchors_of.items():
        assert len(set(seen)) == 1, number


def _words(language: str, english: str) -> str:
    """A block of the readers' changelog in `language` (its catalog's translation)."""
    if language == docs_i18n.SOURCE_LANGUAGE:
        return english
    message = docs_i18n.load_catalog(language).get(english, context="guide/changelog.md")
    assert message is not None
    return str(message.string)


def _key(number: str) -> tuple[int, ...]:
    return tuple(map(int, number.split(".")))


def test_every_recorded_version_has_an_entry_for_readers() -> None:
    for version in VERSIONS:
        assert docs_i18n.has_changelog_entry(version.number), version.number


def test_a_version_without_its_readers_entry_is_not_built(tmp_path: Path) -> None:
    source = yaml.safe_load(code_samples.OPENAPI.read_text(encoding="utf-8"))
    source["info"]["version"] = "2.0.2"
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(build_docs.DocsBuildError, match=r"changelog\.md has no entry for 2\.0\.2"):
        build_docs.build(tmp_path / "out", source=changed)
    assert not (tmp_path / "out").exists()


def test_the_translation_gate_covers_every_recorded_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A text only an old release has (1.0.0's "This document is the single source of truth")
    # is in the catalog's template, and its translation missing is reported by the check
    # `-s translations` runs on the current document.
    old = docs_i18n.release_documents()[0]
    first = next(b for b in docs_i18n.blocks(old["info"]["description"]) if "single source" in b)
    assert all(first not in text.blocks for text in docs_i18n.document_texts(SOURCE))
    assert docs_i18n.template(SOURCE).get(first, context="/info/description") is not None
    i18n = tmp_path / "i18n"
    shutil.copytree(docs_i18n.I18N, i18n)
    monkeypatch.setattr(docs_i18n, "I18N", i18n)
    catalog = docs_i18n.load_catalog("be")
    message = catalog.get(first, context="/info/description")
    assert message is not None
    message.string = ""
    docs_i18n.write_catalog(catalog, docs_i18n.catalog_path("be"))
    cover = docs_i18n.coverage("be", SOURCE)
    assert cover.missing == [("/info/description", first)]


def test_the_pages_workflow_passes_actionlint_and_publishes_the_docs_session() -> None:
    linted = actionlint(WORKFLOW)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = {step.get("uses", step.get("name")): step for step in build["steps"]}
    run = next(step for step in build["steps"] if "run" in step)
    assert run["run"].strip() == "python3 scripts/run_nox.py -s docs"
    assert set(run["env"]) == {build_site.BASE_URL_VARIABLE}
    assert "steps.pages.outputs.base_url" in run["env"][build_site.BASE_URL_VARIABLE]
    uploaded = steps["actions/upload-pages-artifact@v3"]["with"]["path"]
    assert ROOT / uploaded == build_site.DIST_SITE
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]
    # The docs session builds the site where the workflow uploads it from.
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert '"scripts.build_site", *(session.posargs or (str(DIST_SITE),))' in noxfile


def test_a_broken_workflow_fails_actionlint(tmp_path: Path) -> None:
    broken = tmp_path / "pages.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("steps.pages.outputs", "steps.page.outputs"), "utf-8")
    found = actionlint(broken).stdout
    assert 'property "page" is not defined' in found, found


ENTRIES = (
    "## Changelog\n\n### 2.0.1 (6 December 2026)\n\n#### Breaking\n\nA.\n\n"
    "### 2.0.0 (30 November 2026)\n\n#### Breaking\n\nB.\n\n## Other\n\n#### Breaking\n\nC.\n"
)


def test_a_heading_inside_an_entry_takes_its_version() -> None:
    # The tool's entries each had "### Breaking": one anchor, `section/breaking`, for them all.
    anchors = _ANCHOR.findall(docs_i18n.Translator("en", SOURCE).text("test", ENTRIES))
    assert anchors == [
        "section/changelog",
        "section/v2-0-1",
        "section/v2-0-1-breaking",
        "section/v2-0-0",
        "section/v2-0-0-breaking",
        "section/other",
        "section/breaking",
    ]


def test_an_old_version_shows_no_later_entry() -> None:
    assert docs_i18n.up_to_version(ENTRIES, "2.0.0") == (
        "## Changelog\n\n### 2.0.0 (30 November 2026)\n\n#### Breaking\n\nB.\n\n"
        "## Other\n\n#### Breaking\n\nC.\n"
    )
    assert docs_i18n.up_to_version(ENTRIES, "2.0.1") == ENTRIES


def test_a_release_equal_to_latest_is_its_copy_with_its_own_links(site: tuple[Path, str]) -> None:
    # Rendered once and copied (scripts/build_site.py): the copy must be the render exactly but
    # for the picker and the hreflang links. 2.0.1 is the current document at this commit.
    out, base = site
    latest, *releases = VERSIONS
    same = [release for release in releases if release.text == latest.text]
    assert same or releases[0].text != latest.text
    owner = build_site.Site(out, base, VERSIONS)
    for release in same:
        for language in LANGUAGES:
            copied, rendered = _edition(out, release, language), _edition(out, latest, language)
            for name in ("openapi.json", "openapi.yaml"):
                assert (copied / name).read_bytes() == (rendered / name).read_bytes()
            text = (copied / "index.html").read_text(encoding="utf-8")
            mine, theirs = owner.chrome(release, language), owner.chrome(latest, language)
            assert mine.bar in text
            assert mine.head in text
            text = text.replace(mine.bar, theirs.bar).replace(mine.head, theirs.head)
            assert text == (rendered / "index.html").read_text(encoding="utf-8")
