"""The lesson in headless Chromium: every chapter's link opens it in Korean and in English with its own text and
a drawn figure; ←/→ move between chapters; a question says right or wrong; "open in the explorer" hands over."""

from __future__ import annotations

import re

import pytest

from explorer import lesson, lesson_text

from .test_app import app_url  # noqa: F401 - the server fixture
from .test_browser import browser  # noqa: F401 - the Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
HEAD = "#lesson-root .lesson-head h2"
DRAWN = "#lesson-root .js-plotly-plot .main-svg, #lesson-root .lesson-pieces"


def _open(browser, url, locale, query):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1280, "height": 720}, locale=locale)
    pg.goto(f"{url}/?{query}")
    pg.wait_for_selector(HEAD, timeout=60_000)
    return pg


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_every_chapter_link_opens_its_chapter_with_its_text_and_a_drawn_figure(browser, app_url, locale):  # noqa: F811
    lang = "ko" if locale == "ko-KR" else "en"
    pg = browser.new_page(viewport={"width": 1280, "height": 720}, locale=locale)
    for n, key in enumerate(lesson.KEYS, start=1):
        pg.goto(f"{app_url}/?tab=lesson&chapter={n}")
        title = lesson_text.CHAPTERS[key][lang]["title"]
        pg.wait_for_selector(f"{HEAD}:has-text('{title}')", timeout=60_000)
        pg.wait_for_selector(DRAWN, timeout=60_000)
        assert (
            pg.get_by_role("tab", name=lesson_text.UI[lang]["tab"], exact=False).get_attribute("aria-selected")
            == "true"
        )
        body = pg.inner_text("#lesson-root .lesson-text")
        assert len(body) > 200
        if lang == "ko":
            assert re.search(r"[\uac00-\ud7a3]", body)
        # the lesson is on screen: a projector shows it, not the form above it
        top = pg.evaluate("document.getElementById('lesson-root').getBoundingClientRect().top")
        assert -5 <= top < 200, top
    pg.close()


def test_a_link_s_language_wins_over_the_browser_s(browser, app_url):  # noqa: F811
    pg = _open(browser, app_url, "en-US", "tab=lesson&chapter=5&lang=ko")
    pg.wait_for_selector(f"{HEAD}:has-text('GRU: 두 개의 gate')", timeout=30_000)
    pg.wait_for_selector("button:has-text('다음 ▶')", timeout=30_000)  # labels follow the link's language
    pg.close()


def test_arrow_keys_move_between_chapters_but_not_while_typing(browser, app_url):  # noqa: F811
    pg = _open(browser, app_url, "en-US", "tab=lesson&chapter=2")
    pg.wait_for_selector(f"{HEAD}:has-text('2. RNN')", timeout=30_000)
    pg.locator(HEAD).click()  # focus on the page, not in a field
    pg.keyboard.press("ArrowRight")
    pg.wait_for_selector(f"{HEAD}:has-text('3. The limits')", timeout=30_000)
    pg.keyboard.press("ArrowLeft")
    pg.wait_for_selector(f"{HEAD}:has-text('2. RNN')", timeout=30_000)
    pg.keyboard.press("ArrowLeft")
    pg.wait_for_selector(f"{HEAD}:has-text('1. Why seq2seq')", timeout=30_000)
    box = pg.locator("#lesson-root textarea, #lesson-root input[type=text]").first
    box.click()
    pg.keyboard.press("ArrowRight")  # moves the caret, not the chapter
    pg.wait_for_timeout(1500)
    assert "1. Why seq2seq" in pg.inner_text(HEAD)
    pg.close()


def test_a_question_says_right_or_wrong_and_open_in_the_explorer_hands_the_sentence_over(browser, app_url):  # noqa: F811
    pg = _open(browser, app_url, "en-US", "tab=lesson&chapter=5")
    pg.wait_for_selector(f"{HEAD}:has-text('GRU')", timeout=30_000)
    pg.get_by_role("radio", name="LSTM", exact=True).check()
    pg.get_by_role("button", name="Check").click()
    pg.wait_for_selector("#lesson-root :text('Not quite.')", timeout=30_000)
    pg.get_by_role("radio", name="GRU", exact=True).check()
    pg.get_by_role("button", name="Check").click()
    pg.wait_for_selector("#lesson-root :text('Right.')", timeout=30_000)
    pg.get_by_role("button", name="Open in the explorer").click()
    pg.wait_for_selector(".translation-out:has-text('1975년')", timeout=60_000)
    assert pg.get_by_role("tab", name="▶ Playback").get_attribute("aria-selected") == "true"
    assert pg.get_by_label("Sentence (Enter translates)").input_value() == lesson.DATE
    assert pg.get_by_label("Checkpoint").input_value().split(" — ")[0] == "dates-gru"
    pg.close()


def test_by_keyboard_the_chapter_list_closes_when_tab_leaves_it_and_an_answer_is_one_stop_with_arrows(
    browser,  # noqa: F811
    app_url,  # noqa: F811
):
    """A teacher walking the lesson with Tab: the chapter box's list (Gradio opens it on focus) closes when focus
    moves on, instead of covering the chapter's text; the answers are one Tab stop, ←/→ choose, Enter on 확인
    marks the choice; a chapter chosen from the list leaves focus on its heading."""
    pg = _open(browser, app_url, "ko-KR", "tab=lesson&chapter=4")
    pg.wait_for_selector(DRAWN, timeout=60_000)
    # Korean wraps between words ("입력란", not "입/력란")
    style = "getComputedStyle(document.querySelector('#lesson-root .lesson-text p')).wordBreak"
    assert pg.evaluate(style) == "keep-all"
    expanded = "() => document.querySelector('#lesson-root input[role=combobox]').getAttribute('aria-expanded')"
    pg.locator("#lesson-prev").focus()
    pg.keyboard.press("Tab")
    pg.wait_for_function(f"() => ({expanded})() === 'true'", timeout=5_000)  # on the chapter box: its list
    pg.keyboard.press("Tab")
    pg.wait_for_function(f"() => ({expanded})() === 'false'", timeout=5_000)
    assert pg.evaluate("() => document.activeElement.id") == "lesson-next"
    stops = pg.evaluate(
        "() => [...document.querySelectorAll('#lesson-root input[type=radio]')].map(r => [r.value, r.tabIndex])"
    )
    assert sorted(t for _, t in stops) == [-1, 0], stops  # one stop for the two answers
    pg.locator(f"#lesson-root input[value={stops[0][0]}]").focus()
    pg.keyboard.press("ArrowRight")
    pg.wait_for_function(
        f"() => document.querySelector('#lesson-root input[value={stops[1][0]}]').checked", timeout=5_000
    )
    pg.keyboard.press("Tab")
    assert pg.evaluate("() => document.activeElement.textContent.trim()") == lesson_text.UI["ko"]["check"]
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#lesson-root .lesson-text:has-text('✓'), #lesson-root .lesson-text:has-text('✗')")
    # a chapter chosen in the list: Gradio takes focus from the box; it lands on the new chapter's heading (not
    # the top of the document), from where → turns the page
    pg.locator("#lesson-picker input").focus()
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    pg.wait_for_selector(f"{HEAD}:has-text('5.')", timeout=60_000)
    pg.wait_for_function(f"() => document.activeElement === document.querySelector('{HEAD}')", timeout=5_000)
    pg.keyboard.press("ArrowRight")
    pg.wait_for_selector(f"{HEAD}:has-text('6.')", timeout=60_000)
    pg.close()


def test_opening_the_lesson_tab_or_the_next_chapter_brings_the_chapter_to_the_top_of_the_screen(
    browser,  # noqa: F811
    app_url,  # noqa: F811
):
    """On a projector the chapter, not the form and translation above it, fills the screen: the Lesson tab
    opened by a click and the next chapter both start at the top (a link already did)."""
    pg = browser.new_page(viewport={"width": 1280, "height": 720}, locale="en-US")
    pg.goto(app_url)
    pg.wait_for_selector(".pb-root svg", timeout=60_000)
    top = "() => document.getElementById('lesson-root').getBoundingClientRect().top"
    pg.get_by_role("tab", name=lesson_text.UI["en"]["tab"]).click()
    pg.wait_for_selector(f"{HEAD}:has-text('{lesson_text.CHAPTERS['why']['en']['title']}')", timeout=60_000)
    pg.wait_for_function(f"() => Math.abs(({top})()) < 5", timeout=10_000)
    pg.mouse.wheel(0, 2000)  # down to the question
    pg.wait_for_function(f"() => ({top})() < -200", timeout=5_000)
    pg.locator("#lesson-next").click()
    pg.wait_for_selector(f"{HEAD}:has-text('{lesson_text.CHAPTERS['rnn']['en']['title']}')", timeout=60_000)
    pg.wait_for_function(f"() => Math.abs(({top})()) < 5", timeout=10_000)
    pg.close()
