"""Drive the running app in headless Chromium: type, translate, see a heatmap; open Compare, see three."""

from __future__ import annotations

import os

import pytest

from .devserver import CHROMIUM, CHROMIUM_ARGS
from .test_app import app_url, dates_checkpoint  # noqa: F401 - the server fixture and the checkpoint picker

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(app_url):  # noqa: F811
    if not CHROMIUM.exists():
        if os.environ.get("SEQ2SEQ_SKIP_BROWSER"):
            pytest.skip("SEQ2SEQ_SKIP_BROWSER is set and /usr/bin/chromium is missing")
        pytest.fail("/usr/bin/chromium is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
        pg.goto(app_url)
        pg.wait_for_selector("button:has-text('Translate')", timeout=60_000)
        yield pg
        browser.close()


def test_type_translate_and_see_a_heatmap(page):
    dates_checkpoint()
    page.get_by_role("radio", name="Dates: English → Korean").check()
    # Switching the task loads its checkpoint, sentence and translation: wait for that round trip to land
    # before typing, or a slow answer overwrites what was typed (seen on a busy machine).
    page.wait_for_selector(".translation-out:has-text('년')", timeout=60_000)
    box = page.get_by_label("Sentence (Enter translates)")
    box.fill("Friday, July 4, 1975")
    page.get_by_role("button", name="Translate", exact=True).click()
    page.wait_for_selector(".translation-out:has-text('1975년 7월 4일 금요일')", timeout=30_000)
    # the encoder heatmap's x ticks are the source pieces, not indices
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.querySelector('.heatmaplayer') && "
        "[...p.querySelectorAll('.xtick text')].some(t => t.textContent === '▁Friday'))",
        timeout=30_000,
    )


def test_enter_translates_and_bad_input_shows_a_message(page):
    box = page.get_by_label("Sentence (Enter translates)")
    box.fill("   ")
    box.press("Enter")
    page.wait_for_selector(".message-out:has-text('Input is empty')", timeout=30_000)
    box.fill("Nov 25, 2026")
    box.press("Enter")
    page.wait_for_selector(".translation-out:has-text('2026년 11월 25일')", timeout=30_000)


def test_compare_shows_three_checkpoints_side_by_side(page):
    page.get_by_role("tab", name="Compare RNN · LSTM · GRU").click()
    panel = page.locator("[role=tabpanel]:visible")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent)"
        ".some(p => p.querySelectorAll('.js-plotly-plot .heatmaplayer').length >= 6)",
        timeout=60_000,
    )
    text = panel.inner_text()
    for cell in ("SimpleRNN", "LSTM", "GRU"):
        assert cell in text
