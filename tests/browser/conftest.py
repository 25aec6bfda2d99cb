"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

They skip where chromium is absent (a developer's machine without it); CI installs it.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Playwright's sync API runs an event loop in this thread; the live server's database access is still
# synchronous Django code, which is what this flag tells Django it may allow in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a fresh browser context (its own cookies) logged in as `user`, in `language`."""
    contexts = []

    def _open(user=None, language="en"):
        context = browser.new_context(
            locale="hi-IN" if language == "hi" else "en-IN", viewport={"width": 1200, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        if language == "hi":
            page.evaluate("document.cookie = 'django_language=hi; path=/'")
            page.goto(f"{live_server.url}/accounts/login/")
        if user is not None:
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            # The login form's own button: the header's language switch has a submit button too, first.
            page.click("main form button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield _open
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
