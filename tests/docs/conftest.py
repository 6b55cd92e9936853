"""Fixtures of the docs tests: the built reference and its samples, a local HTTP server for it,
Chromium, and a Python environment holding only the client."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from scripts import build_docs, code_samples
from tests.docs import sample_programs
from tests.docs.browser import LAUNCH_FLAGS
from tests.system import program


@pytest.fixture(scope="session")
def built_docs() -> Path:
    """The current document's two editions, built into dist/docs/ by the function the `docs`
    session builds every version's with (`build_docs.build_edition`; the site's own pages are
    tests/docs/test_site.py's).

    The tests check the real output location, so that the screenshot the browser test leaves
    there for review sits beside the page it shows.
    """
    build_docs.build(build_docs.DIST_DOCS)
    return build_docs.DIST_DOCS


@pytest.fixture(scope="session")
def published_samples(built_docs: Path) -> dict[tuple[str, str], str]:
    """Every sample as the built reference carries it, by (operationId, language key): the
    ``x-codeSamples`` of the document each page embeds, which its copy button copies (the
    browser test checks that it does). Every edition carries the same samples."""
    keys = {language.label: key for key, language in code_samples.LANGUAGES.items()}
    editions = []
    for folder in build_docs.EDITIONS.values():
        document = json.loads((built_docs / folder / "openapi.json").read_text(encoding="utf-8"))
        editions.append(
            {
                (operation["operationId"], keys[sample["label"]]): sample["source"]
                for item in document["paths"].values()
                for operation in item.values()
                for sample in operation["x-codeSamples"]
            }
        )
    first, *others = editions
    assert all(other == first for other in others), "the editions' samples differ"
    return first


@pytest.fixture(scope="session")
def sample_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a new environment, outside the repository, that holds nothing but the
    client installed from its built wheel's folder, as the reference's install line says."""
    return sample_programs.python_environment(tmp_path_factory.mktemp("python-samples"))


class _RecordingHandler(SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.requested.append(self.path)


@pytest.fixture(scope="session")
def docs_server(built_docs: Path) -> Iterator[tuple[str, list[str]]]:
    """A static HTTP server for dist/docs/ on 127.0.0.1: its base URL and the paths it served."""
    requested: list[str] = []
    handler = type("Handler", (_RecordingHandler,), {"requested": requested})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(built_docs)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requested
    finally:
        server.shutdown()
        server.server_close()


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, and the tests after tests/docs (asyncio.run in the async client's tests)
# cannot start one of their own until it is closed.
@pytest.fixture(scope="package")
def browser(chromium: str) -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright never downloads a browser of its own here.

    Playwright starts it on a new, empty profile directory (--user-data-dir) of its own, and each
    test opens a fresh context in it: the empty profile of a first-time reader.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=LAUNCH_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, installed by scripts/system_deps.py when it is missing."""
    return program("chromium")
