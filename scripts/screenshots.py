"""Screenshots of the main views at 1280×800, in English and Korean, for docs/ (needs Debian's chromium, its
fonts-noto-cjk for Hangul, and the shipped checkpoints).

python scripts/screenshots.py            # writes docs/screenshot-*.png and docs/lesson/*.png
python scripts/screenshots.py lesson     # only the lesson's chapters (ko and en, at a projector's 1280×720)
python scripts/screenshots.py phone      # only the first screen of a phone (390×844), ko and en
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.devserver import CHROMIUM, CHROMIUM_ARGS, start_app

ROOT = Path(__file__).resolve().parent.parent
LONG_KO = "Open the LibreOffice Basic dialog editor, then create a dialog with a control on it."
# (file, locale, link parameters, what to do before the picture: playback step or array to show, scroll to)
SHOTS = [
    (
        "playback-bidirectional",
        "en-US",
        dict(task="en-ko", checkpoint="en-ko-gru-attn", text="Click the OK button to close the dialog."),
        ("backward-step", 2),  # a ← unit in the diagram, at encoder step 3: it reads the third piece from the end
        "tabs",
    ),
    (
        "first-screen",
        "en-US",
        dict(task="en-de", checkpoint="en-de-lstm-attn", text="The weather is nice today."),
        None,
        "top",
    ),
    (
        "playback-lstm",
        "en-US",
        dict(task="en-ko", checkpoint="en-ko-lstm-attn", text="Click the OK button to close the dialog."),
        ("step", 13),
        "tabs",
    ),
    (
        "playback-lstm-ko",
        "ko-KR",
        dict(task="en-ko", checkpoint="en-ko-lstm-attn", text="Click the OK button to close the dialog."),
        ("step", 13),
        "tabs",
    ),
    (
        "playback-gru-ko",
        "ko-KR",
        dict(task="en-ko", checkpoint="en-ko-gru-attn", text="Select the cells that you want to delete."),
        ("step", 11),
        "tabs",
    ),
    (
        "states",
        "en-US",
        dict(task="en-de", checkpoint="en-de-lstm-attn", text="The weather is nice today.", tab="states"),
        None,
        "tabs",
    ),
    (
        "gates",
        "en-US",
        dict(task="en-de", checkpoint="en-de-lstm-attn", text="The weather is nice today.", tab="states"),
        ("array", "forget gate f"),
        "tabs",
    ),
    (
        "attention",
        "en-US",
        dict(task="en-de", checkpoint="en-de-lstm-attn", text="I have read only ten pages so far.", tab="attention"),
        None,
        "tabs",
    ),
    (
        "attention-en-ko",
        "en-US",
        dict(
            task="en-ko", checkpoint="en-ko-gru-attn", text="Click the OK button to close the dialog.", tab="attention"
        ),
        None,
        "tabs",
    ),
    (
        "attention-en-ko-long",
        "en-US",
        dict(task="en-ko", checkpoint="en-ko-gru-attn", text=LONG_KO, tab="attention"),
        None,
        "tabs",
    ),
    (
        "saliency-en-ko-lstm",
        "en-US",
        dict(task="en-ko", checkpoint="en-ko-lstm", text=LONG_KO, tab="attention"),
        None,
        "tabs",
    ),
    (
        "steps",
        "en-US",
        dict(task="en-de", checkpoint="en-de-lstm-attn", text="The weather is nice today.", tab="steps"),
        None,
        "tabs",
    ),
    (
        "compare",
        "en-US",
        dict(task="dates", checkpoint="dates-lstm", text="Friday, July 4, 1975", tab="compare"),
        None,
        "tabs",
    ),
    ("card", "en-US", dict(task="en-de", checkpoint="en-de-lstm-attn", text="I am hungry.", tab="card"), None, "tabs"),
    (
        "neighbours",
        "en-US",
        dict(task="en-de", checkpoint="en-de-lstm-attn", text="I am hungry.", tab="near"),
        None,
        "tabs",
    ),
    (
        "neighbours-ko",
        "ko-KR",
        dict(task="dates", checkpoint="dates-lstm", text="Friday, July 4, 1975", tab="near"),
        None,
        "tabs",
    ),
    (
        "unit-search-year",
        "en-US",
        dict(task="dates", checkpoint="dates-lstm", text="Friday, July 4, 1975", tab="near"),
        ("search", "a four-digit year"),
        "search",
    ),
    (
        "unit-search-position",
        "en-US",
        dict(task="dates", checkpoint="dates-lstm", text="Wednesday, November 25, 2026", tab="near"),
        ("search", "position (step number)"),
        "search",
    ),
]


def lesson_shots(browser, url: str) -> None:
    """Every chapter of the lesson in Korean and English as a projector shows it (1280×720): the lesson's part
    of the page, opened by its chapter link."""
    from explorer.lesson import KEYS

    (ROOT / "docs" / "lesson").mkdir(exist_ok=True)
    for lang, locale in (("ko", "ko-KR"), ("en", "en-US")):
        page = browser.new_page(viewport={"width": 1280, "height": 720}, locale=locale)
        for n in range(1, len(KEYS) + 1):
            page.goto(f"{url}/?tab=lesson&chapter={n}")
            page.wait_for_selector(f"#lesson-root .lesson-head h2:has-text('{n}.')", timeout=60_000)
            drawn = "#lesson-root .js-plotly-plot .main-svg, #lesson-root .lesson-pieces"
            page.wait_for_selector(drawn, timeout=60_000)
            page.wait_for_timeout(2000)
            out = ROOT / "docs" / "lesson" / f"{lang}-{n}-{KEYS[n - 1]}.png"
            page.locator("#lesson-root").screenshot(path=str(out))
            print("wrote", out.relative_to(ROOT))
        page.close()


def phone_shots(browser, url: str) -> None:
    """The first screen of a phone (390×844) on the English→Korean task, in Korean and English: the form, the
    translation and the top of playback."""
    for lang, locale in (("ko", "ko-KR"), ("en", "en-US")):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale, is_mobile=True)
        page = context.new_page()
        page.goto(f"{url}/?task=en-ko")
        page.wait_for_selector(".pb-root svg", timeout=60_000)
        page.wait_for_timeout(1500)
        out = ROOT / "docs" / f"screenshot-phone-{lang}.png"
        page.screenshot(path=str(out))
        print("wrote", out.relative_to(ROOT))
        context.close()


def main(only: list[str]) -> None:
    proc, url, _ = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            if not only or "lesson" in only:
                lesson_shots(browser, url)
            if not only or "phone" in only:
                phone_shots(browser, url)
            for name, locale, params, action, scroll in SHOTS:
                if only and name not in only:
                    continue
                page = browser.new_page(viewport={"width": 1280, "height": 800}, locale=locale)
                page.goto(f"{url}/?{urlencode(params)}")
                page.wait_for_selector(".translation-out p", timeout=60_000)
                page.wait_for_timeout(2500)
                if params.get("tab", "playback") == "playback":
                    page.wait_for_selector(".pb-root svg", timeout=30_000)
                else:  # every other view draws plotly figures: wait for the last of them
                    page.wait_for_function(
                        "() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent)"
                        ".some(p => p.querySelectorAll('.js-plotly-plot .main-svg').length >= 1)",
                        timeout=90_000,
                    )
                    page.wait_for_timeout(2500)
                if action and action[0] == "step":
                    page.fill(".pb-slider", str(action[1]))
                elif action and action[0] == "backward-step":
                    rows = page.eval_on_selector_all(
                        ".pb-heat[data-side=enc] text[data-row]", "els => els.map(e => e.textContent)"
                    )
                    row = next(i for i, label in enumerate(rows) if "←" in label)
                    page.click(f".pb-heat[data-side=enc] text[data-row='{row}']")
                    page.fill(".pb-slider", str(action[1]))
                elif action and action[0] == "search":
                    page.get_by_role("radio", name=action[1]).check()
                    page.get_by_role("button", name="Find units").click()
                    page.wait_for_function(
                        "() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                        ".some(t => t.textContent.includes('Units that follow'))",
                        timeout=60_000,
                    )
                elif action and action[0] == "array":
                    page.get_by_role("radio", name=action[1]).check()
                    page.wait_for_timeout(1500)
                if scroll == "tabs":
                    page.evaluate(
                        "window.scrollBy(0, document.querySelector('[role=tablist]').getBoundingClientRect().top - 10)"
                    )
                elif scroll == "search":
                    page.evaluate(
                        "window.scrollBy(0, [...document.querySelectorAll('h3')].find("
                        "h => h.textContent.includes('Unit search')).getBoundingClientRect().top - 10)"
                    )
                page.wait_for_timeout(1000)
                out = ROOT / "docs" / f"screenshot-{name}.png"
                page.screenshot(path=str(out))
                print("wrote", out.relative_to(ROOT))
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main(sys.argv[1:])
