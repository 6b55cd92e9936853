"""A reader in a real headless Chromium (Debian's): what the page asked for, what it was refused,
what it logged as an error; shared by the docs page tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Route, ViewportSize

ROOT = Path(__file__).resolve().parent.parent.parent
# Screenshots for review, kept as build artefacts (reports/ is not committed).
SCREENSHOTS = ROOT / "reports" / "docs-screenshots"
# axe-core (npm) and the WCAG 2.2 A/AA rules every page of the reference is checked against.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP: ViewportSize = {"width": 1400, "height": 1000}
PHONE: ViewportSize = {"width": 390, "height": 844}

LAUNCH_FLAGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Redoc scrolls to a section smoothly; a menu opened mid-scroll can land off screen.
    "--disable-smooth-scrolling",
    # No name resolves but the loopback address: nothing the page asks for can leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
IN_PAGE_SCHEMES = {"data", "blob", "about"}


@dataclass
class Reader:
    """A browser page and everything it did: requests, requests refused, console errors."""

    page: Page
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def flush_beacons(self) -> None:
        # Redoc batches telemetry and sends it after a few seconds or when the page is hidden;
        # hiding it now makes anything batched go out while the test still listens.
        self.page.evaluate(
            "Object.defineProperty(document, 'visibilityState', {value: 'hidden'});"
            "document.dispatchEvent(new Event('visibilitychange'));"
            "window.dispatchEvent(new Event('pagehide'));"
        )
        self.page.wait_for_timeout(500)

    def assert_stayed_local(self) -> None:
        self.flush_beacons()
        assert self.refused == [], f"the page reached outside this machine: {self.refused}"
        assert self.console_errors == []


@contextmanager
def open_reader(
    browser: Browser,
    allowed: Callable[[str], bool],
    viewport: ViewportSize = DESKTOP,
    **options: Any,
) -> Iterator[Reader]:
    """A fresh browser context (a first-time reader) at `viewport`; `allowed` says which
    requests may go out, every other one is refused and recorded."""
    context = browser.new_context(viewport=viewport, **options)
    try:
        page = context.new_page()
        reader = Reader(page)

        def route(route: Route) -> None:
            if allowed(route.request.url):
                route.continue_()
            else:
                reader.refused.append(route.request.url)
                route.abort()

        context.on("request", lambda request: reader.requests.append(request.url))
        context.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                reader.console_errors.append(f"{message.text} ({message.location})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: reader.console_errors.append(str(error)))
        yield reader
    finally:
        context.close()


def served_locally(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in IN_PAGE_SCHEMES or (
        parts.scheme in {"http", "https"} and parts.hostname in LOCAL_HOSTS
    )


def from_file_system(url: str) -> bool:
    return urlsplit(url).scheme in IN_PAGE_SCHEMES | {"file"}
