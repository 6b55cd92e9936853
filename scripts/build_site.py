"""Build the published reference into ``dist/site/``: every recorded release and ``latest``, each
in every language, with a version picker, a landing page, a 404 page and a sitemap.

Usage: ``python -m scripts.build_site [OUT] [--base-url URL]`` (the ``docs`` nox session runs it;
docs/ci/pages.yml publishes its folder to GitHub Pages).

Layout (docs/reference-docs.md, "The site"):

- ``index.html``: the landing page, in both languages, linking each version's editions;
- ``latest/`` (the current ``openapi/openapi.yaml``) and ``<version>/`` for each release in
  ``openapi/releases/`` (checked against its SHA256SUMS): the English edition, and each
  translation in ``<language>/``, as `scripts.build_docs.build_edition` writes them;
- ``404.html`` (both languages; GitHub Pages answers every unknown address with it) and
  ``sitemap.xml`` (every page, with its other languages).

The base URL is where the site is published (GitHub Pages gives it to the workflow); the
``hreflang`` links and the sitemap need whole URLs. The pages link each other by relative URLs,
so the folder also reads from ``file://`` and from any static server.

Building many editions stays quick: the editions are rendered in parallel (each is two Redocly
processes), and a release whose file is the current document byte for byte (the usual case
just after a release) is rendered once, for ``latest``, and copied with its own links.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from scripts import build_docs, docs_i18n
from scripts.code_samples import load_document
from spec_changes.releases import recorded

ROOT = build_docs.ROOT
DIST_SITE = ROOT / "dist" / "site"
LATEST = "latest"
# Where a site built without a base URL is meant to be read: `python3 -m http.server -d dist/site`.
PREVIEW_BASE_URL = "http://127.0.0.1:8000/"
BASE_URL_VARIABLE = "DOCS_BASE_URL"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
HOME_LINK = "Go to the reference's home page"


@dataclass(frozen=True)
class Version:
    """One version of the site: its folder ("latest" or the release's number), the document's
    ``info.version`` and the document's text."""

    folder: str
    number: str
    text: str

    def label(self, ui: dict[str, str]) -> str:
        return f"{ui['latest']} ({self.number})" if self.folder == LATEST else self.number


def versions(source: Path = build_docs.OPENAPI, releases: Path | None = None) -> list[Version]:
    """`latest`, then every recorded release, newest first."""
    current = source.read_text(encoding="utf-8")
    number = str(load_document(source)["info"]["version"])
    recorded_releases = recorded(releases or docs_i18n.RELEASES)
    return [
        Version(LATEST, number, current),
        *(Version(str(r.version), str(r.version), r.text) for r in reversed(recorded_releases)),
    ]


def edition_path(version: Version, language: str) -> str:
    """The edition's folder under the site's root, as a URL path ("2.0.0/be/")."""
    folder = build_docs.EDITIONS[language]
    return f"{version.folder}/" + (f"{folder}/" if folder else "")


def _relative(here: str, there: str) -> str:
    """The relative URL from the folder `here` to the folder `there` (site paths)."""
    return "../" * here.count("/") + there


class Site:
    """The site's pages around the editions, and each edition's links, for one base URL."""

    def __init__(self, out: Path, base_url: str, all_versions: list[Version]) -> None:
        self.out = out
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.versions = all_versions
        self.ui = {language: docs_i18n.ui_strings(language) for language in build_docs.EDITIONS}

    def url(self, path: str) -> str:
        return self.base_url + path

    def alternates(self, version: Version) -> dict[str, str]:
        """The version's editions by ``hreflang``; ``x-default`` is the landing page for
        `latest` (it lets the reader choose) and the English edition for a release."""
        found = {language: self.url(edition_path(version, language)) for language in self.ui}
        found["x-default"] = (
            self.url("") if version.folder == LATEST else found[docs_i18n.SOURCE_LANGUAGE]
        )
        return found

    def canonical(self, version: Version, language: str) -> str:
        """The edition's own address, but `latest`'s for a release that is its document (2.0.1
        while it is the newest): one address for search engines to index, not two."""
        latest = self.versions[0]
        return self.url(edition_path(latest if version.text == latest.text else version, language))

    def head(self, alternates: dict[str, str]) -> str:
        return "".join(
            f'<link rel="alternate" hreflang="{code}" href="{html.escape(href)}">'
            for code, href in alternates.items()
        )

    def chrome(self, version: Version, language: str) -> build_docs.SiteChrome:
        ui = self.ui[language]
        here = edition_path(version, language)
        items = "".join(
            f'<li><a class="version-link" href="{_relative(here, edition_path(other, language))}'
            f'index.html" hreflang="{language}"'
            + (' aria-current="page"' if other == version else "")
            + f">{html.escape(other.label(ui))}</a></li>"
            for other in self.versions
        )
        bar = (
            f'<nav class="version-bar" aria-label="{html.escape(ui["Version"])}">'
            f'<details class="version-picker"><summary>{html.escape(ui["Version"])}: '
            f"{html.escape(version.label(ui))}</summary><ul>{items}</ul></details></nav>"
        )
        canonical = (
            f'<link rel="canonical" href="{html.escape(self.canonical(version, language))}">'
        )
        return build_docs.SiteChrome(head=self.head(self.alternates(version)) + canonical, bar=bar)

    def landing(self) -> str:
        latest = self.versions[0]
        sections = []
        for language, ui in self.ui.items():
            rows = "".join(
                f'<li><a href="{edition_path(version, language)}index.html" '
                f'hreflang="{language}">{html.escape(version.label(ui))}</a></li>'
                for version in self.versions
            )
            name = docs_i18n.LANGUAGE_NAMES[language]
            sections.append(
                f'<section lang="{language}" aria-labelledby="title-{language}">'
                f'<h2 id="title-{language}">{html.escape(ui["Snapshots API reference"])} · '
                f"{html.escape(name)}</h2>"
                f'<p><a class="latest" href="{edition_path(latest, language)}index.html" '
                f'hreflang="{language}">{html.escape(ui["Version"])}: '
                f"{html.escape(latest.label(ui))}</a></p>"
                f"<h3>{html.escape(ui['All versions'])}</h3><ul>{rows}</ul></section>"
            )
        names = {language: ui["Snapshots API reference"] for language, ui in self.ui.items()}
        heading = " · ".join(
            f'<span lang="{code}">{html.escape(name)}</span>' for code, name in names.items()
        )
        return _page(
            docs_i18n.SOURCE_LANGUAGE,
            " · ".join(names.values()),
            self.head(self.alternates(latest)),
            f"<h1>{heading}</h1>{''.join(sections)}",
        )

    def not_found(self) -> str:
        # GitHub Pages answers a missing address at any depth with this page, so its links name
        # the site's own path, not one relative to wherever the reader was.
        home = urlsplit(self.base_url).path or "/"
        parts = "".join(
            f'<section lang="{language}"><h1>{html.escape(ui["No page at this address."])}</h1>'
            f'<p><a href="{html.escape(home)}" hreflang="{language}">'
            f"{html.escape(ui[HOME_LINK])}</a></p>"
            "</section>"
            for language, ui in self.ui.items()
        )
        title = " · ".join(ui["No page at this address."] for ui in self.ui.values())
        return _page(docs_i18n.SOURCE_LANGUAGE, title, "", parts)

    def sitemap(self) -> bytes:
        ElementTree.register_namespace("", SITEMAP_NS)
        ElementTree.register_namespace("xhtml", XHTML_NS)
        urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
        latest = self.versions[0]
        pages = [("", self.alternates(latest))]
        for version in self.versions:
            alternates = self.alternates(version)
            pages += [
                (edition_path(version, language), alternates)
                for language in self.ui
                if self.canonical(version, language) == self.url(edition_path(version, language))
            ]
        for path, alternates in pages:
            url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = self.url(path)
            for code, href in alternates.items():
                ElementTree.SubElement(
                    url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=code, href=href
                )
        ElementTree.indent(urlset)
        body: bytes = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)
        return body + b"\n"


# The landing and 404 pages are a few lines of HTML each: written here rather than through a
# template engine the project does not otherwise need. Colours and sizes as the editions' bar.
_STYLE = (
    "body{margin:0 auto;max-width:44rem;padding:24px;font:16px/1.5 system-ui,sans-serif;"
    "color:#111827;background:#fff}a{color:#1f4fbf;display:inline-block;min-height:24px;"
    "padding:2px 0}h1{font-size:1.6rem}section{margin-top:24px}"
)


def _page(language: str, title: str, head: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="icon" href="data:,">\n{head}\n<style>{_STYLE}</style>\n</head>\n'
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def build_site(
    out: Path = DIST_SITE,
    base_url: str = PREVIEW_BASE_URL,
    source: Path = build_docs.OPENAPI,
    releases: Path | None = None,
) -> list[Version]:
    """Write the site into `out` (emptied first); return its versions, `latest` first."""
    all_versions = versions(source, releases)
    site = Site(out, base_url, all_versions)
    # Each distinct document is bundled, given its samples and checked for its translations once,
    # before anything is written.
    documents: dict[str, Any] = {}
    rendered: dict[str, Version] = {}  # by document text, the version whose editions are built
    for version in all_versions:
        if version.text in documents:
            continue
        with _as_file(version.text) as path:
            documents[version.text] = build_docs.prepare(path)
        build_docs.check_translations(documents[version.text])
        rendered[version.text] = version
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    jobs = [
        (
            documents[version.text],
            language,
            out / edition_path(version, language),
            site.chrome(version, language),
        )
        for version in rendered.values()
        for language in build_docs.EDITIONS
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for done in [pool.submit(build_docs.build_edition, *job) for job in jobs]:
            done.result()
    for version in all_versions:
        built = rendered[version.text]
        if built != version:
            _copy_version(site, built, version)
    (out / "index.html").write_text(site.landing(), encoding="utf-8")
    (out / "404.html").write_text(site.not_found(), encoding="utf-8")
    (out / "sitemap.xml").write_bytes(site.sitemap())
    return all_versions


@contextmanager
def _as_file(text: str) -> Iterator[Path]:
    """`text` as a file in its own directory (Redocly bundles a file)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "openapi.yaml"
        path.write_text(text, encoding="utf-8")
        yield path


def _copy_version(site: Site, built: Version, version: Version) -> None:
    """`version`'s editions as a copy of `built`'s (the same document), with its own links.
    The whole folder is copied: whatever else an edition's writers put there comes along."""
    shutil.copytree(site.out / built.folder, site.out / version.folder)
    for language in build_docs.EDITIONS:
        page = site.out / edition_path(version, language) / "index.html"
        text = page.read_text(encoding="utf-8")
        was, now = site.chrome(built, language), site.chrome(version, language)
        for old, new in ((was.head, now.head), (was.bar, now.bar)):
            if text.count(old) != 1:
                raise build_docs.DocsBuildError(f"{page}: the site's links are not in the page")
            text = text.replace(old, new)
        page.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DIST_SITE)
    parser.add_argument(
        "--base-url",
        default=os.environ.get(BASE_URL_VARIABLE) or PREVIEW_BASE_URL,
        help=f"where the site is published (default ${BASE_URL_VARIABLE}, else {PREVIEW_BASE_URL})",
    )
    options = parser.parse_args(argv)
    out = options.out.resolve()
    started = time.perf_counter()
    try:
        built = build_site(out, options.base_url)
    except build_docs.DocsBuildError as error:
        raise SystemExit(f"build_site: {error}") from error
    took = time.perf_counter() - started
    names = ", ".join(
        version.label(docs_i18n.ui_strings(docs_i18n.SOURCE_LANGUAGE)) for version in built
    )
    print(f"build_site: {names} in {len(build_docs.EDITIONS)} languages into {out} ({took:.1f} s)")
    print(f"  base URL {options.base_url}; preview: python3 -m http.server -d {out} 8000")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
