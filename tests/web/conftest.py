"""The web's tests: one Debian chromium per module, driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright (its own browsers are not downloaded here)."""
    chromium = shutil.which("chromium")
    assert chromium is not None, "the web's tests need Debian's chromium (scripts/test)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()
