"""Fixtures of the docs tests: the built reference, a local HTTP server for it, and Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from scripts import build_docs
from tests.docs.browser import LAUNCH_FLAGS
from tests.system import program


@pytest.fixture(scope="session")
def built_docs() -> Path:
    """The reference, built into dist/docs/ exactly as the `docs` session builds it.

    The tests check the real output location, so that the screenshot the browser test leaves
    there for review sits beside the page it shows.
    """
    build_docs.build(build_docs.DIST_DOCS)
    return build_docs.DIST_DOCS


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
