"""End to end in a real browser: headless Debian chromium, driven by playwright, against a live server.

Needs /usr/bin/chromium (`.ci/install-browser.sh` installs it); skipped without it. Screenshots go
to the test's tmp folder, and also to $MARKER_SCREENSHOTS when that is set, to look at by eye.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCHEME_ID = "khrushchev-destalinisation"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: run .ci/install-browser.sh")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    browser_page = context.new_page()
    browser_page.dialogs = []
    browser_page.on("dialog", lambda dialog: (browser_page.dialogs.append(dialog.message), dialog.dismiss()))
    yield browser_page
    context.close()


def save_screenshot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("MARKER_SCREENSHOTS"):
        folder = Path(os.environ["MARKER_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / name)
    return path


def submit(page, url: str, essay: str) -> None:
    page.goto(url)
    page.select_option("#scheme", SCHEME_ID)
    page.fill("#essay", essay)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_a_student_checks_the_example_essay(page, live_server, example_text, tmp_path):
    submit(page, live_server, example_text)
    covered = page.locator("tr.point.covered")
    assert covered.count() >= 4
    highlights = page.locator("mark.ev")
    assert highlights.count() >= 4 and highlights.first.is_visible()
    covered_ids = {covered.nth(i).get_attribute("id").removeprefix("point-") for i in range(covered.count())}
    marked_ids = {point for i in range(highlights.count()) for point in highlights.nth(i).get_attribute("data-points").split()}
    assert covered_ids <= marked_ids
    assert page.locator(".balance-card").inner_text().count("%") >= 2
    assert page.input_value("#essay").strip() == example_text.strip()  # the draft stays in the box to edit
    assert page.evaluate("document.activeElement.id") == "result" and page.title().startswith("Feedback: ")
    assert save_screenshot(page, tmp_path, "example-essay.png").stat().st_size > 10_000


def test_a_script_in_the_essay_is_shown_not_run(page, live_server, example_text):
    attack = "Some say <script>alert(1)</script> and <img src=x onerror=alert(2)> were part of the thaw."
    submit(page, live_server, example_text + "\n\n" + attack)
    assert page.dialogs == []
    assert "<script>alert(1)</script>" in page.locator(".essay").inner_text()
    assert page.locator(".essay script, .essay img").count() == 0


def test_an_empty_essay_gets_a_message_and_the_form_again(page, live_server, tmp_path):
    submit(page, live_server, "   ")
    assert "the essay is empty" in page.locator("[role=alert]").inner_text()
    assert page.locator("#essay").is_visible()
    assert page.evaluate("document.activeElement.id") == "result", "the message has the focus, so it is read first"
    save_screenshot(page, tmp_path, "empty-essay.png")


def test_an_upload_over_the_limit_gets_a_message_in_the_browser(page, live_server):
    from marker.web.submission import MAX_REQUEST_BYTES

    page.goto(live_server)
    page.select_option("#scheme", SCHEME_ID)
    page.set_input_files("#essay_file", {"name": "huge.txt", "mimeType": "text/plain", "buffer": b"word " * MAX_REQUEST_BYTES})
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "too large" in page.locator("[role=alert]").inner_text()
    page.goto(live_server)  # and the server is still up
    assert page.locator("#essay").is_visible()


def test_on_a_phone_the_form_and_the_feedback_fit_the_screen(browser, live_server, example_text, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    try:
        phone.goto(live_server)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320, "the form scrolls sideways"
        submit(phone, live_server, example_text)
        assert phone.locator("table.points").first.is_visible()
        save_screenshot(phone, tmp_path, "phone.png")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320, "the feedback scrolls sideways"
    finally:
        context.close()
