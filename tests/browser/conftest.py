"""A real Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from tests.web.conftest import person_customer, plain_static_files  # noqa: F401  # shared fixtures

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPOSITORY_DIRECTORY = Path(__file__).resolve().parent.parent.parent
SCREENSHOT_DIRECTORY = REPOSITORY_DIRECTORY / "screenshots"


class SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time. The test database is an in-memory SQLite database
    whose single connection the server shares with the test; Django's threaded live server lets several
    requests (a page's polls, its chart data, a navigation) use that one connection at once, which can
    leave a request waiting for ever on a lock the shared connection holds. Browsers open a connection per
    request here ('Connection: close'), so pages load as usual, one request after another."""

    def __init__(self, *args: object, connections_override: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def serial_live_server() -> Iterator[None]:
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer  # type: ignore[assignment]
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session", autouse=True)
def static_root_exists() -> None:
    """WhiteNoise warns when STATIC_ROOT is missing; the live server starts before any per-test setting,
    so the configured directory (empty until collectstatic) has to exist."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def playwright_runtime() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def chromium_browser(playwright_runtime: Playwright) -> Iterator[Browser]:
    chromium = playwright_runtime.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGUMENTS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def screenshot_directory() -> Path:
    SCREENSHOT_DIRECTORY.mkdir(exist_ok=True)
    return SCREENSHOT_DIRECTORY


class BrowserProblems:
    """Console errors, Content-Security-Policy violations, script errors and failed requests of a page."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.messages.append(f"script error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on(
            "response",
            lambda response: (
                self.messages.append(f"HTTP {response.status}: {response.url}")
                if response.status >= 400 and "/static/" in response.url
                else None
            ),
        )
        return page

    def _on_request_failed(self, request: Request) -> None:
        # Leaving a page cancels what it still loads (the icon, say): that is not a fault of the page.
        if request.failure != "net::ERR_ABORTED":
            self.messages.append(f"request failed ({request.failure}): {request.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"} or "Content Security Policy" in message.text:
            self.messages.append(f"console {message.type}: {message.text}")


class BrowserVisit:
    """Pages opened in fresh browser contexts against the live server, watched for problems, with
    screenshots saved by name. Closes its contexts at the end of the test."""

    def __init__(self, browser: Browser, base_url: str, screenshot_directory: Path) -> None:
        self.browser = browser
        self.base_url = base_url
        self.screenshot_directory = screenshot_directory
        self.problems = BrowserProblems()
        self._contexts: list[BrowserContext] = []

    def open_page(self, *, locale: str, width: int, height: int) -> Page:
        context = self.browser.new_context(locale=locale, viewport={"width": width, "height": height})
        self._contexts.append(context)
        return self.problems.watch(context.new_page())

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def screenshot(self, page: Page, name: str) -> None:
        page.screenshot(path=str(self.screenshot_directory / f"{name}.png"), full_page=True)

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def browser_visit(
    chromium_browser: Browser, live_server: LiveServer, screenshot_directory: Path
) -> Iterator[BrowserVisit]:
    visit = BrowserVisit(chromium_browser, live_server.url, screenshot_directory)
    yield visit
    visit.close()
