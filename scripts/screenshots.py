"""Screenshots of the main views at 1280×800 for docs/ (needs Debian's chromium and the shipped checkpoints).

python scripts/screenshots.py            # writes docs/screenshot-*.png
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.devserver import CHROMIUM, CHROMIUM_ARGS, start_app

ROOT = Path(__file__).resolve().parent.parent
SHOTS = [  # (file, task label, sentence, checkpoint, tab, scroll to)
    ("states", "English → German", "The weather is nice today.", "en-de-lstm-attn", None, "top"),
    ("gates", "English → German", "The weather is nice today.", "en-de-lstm-attn", None, "gates"),
    ("attention", "English → German", "I have read only ten pages so far.", "en-de-lstm-attn", "Attention", "tabs"),
    ("steps", "English → German", "The weather is nice today.", "en-de-lstm-attn", "Step inspector", "tabs"),
    ("compare", "Dates: English → Korean", "Friday, July 4, 1975", "dates-lstm", "Compare RNN · LSTM · GRU", "tabs"),
    ("card", "English → German", "I am hungry.", "en-de-lstm-attn", "Model card", "tabs"),
]


def main() -> None:
    proc, url, _ = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, task, sentence, ckpt, tab, scroll in SHOTS:
                page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
                page.goto(url)
                page.wait_for_selector("button:has-text('Translate')", timeout=60_000)
                page.get_by_role("radio", name=task).check()
                page.wait_for_timeout(800)
                page.get_by_label("Checkpoint").click()
                page.get_by_role("option", name=ckpt, exact=False).first.click()
                box = page.get_by_label("Sentence (Enter translates)")
                box.fill(sentence)
                box.press("Enter")
                page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=30_000)
                if name == "gates":
                    page.get_by_role("radio", name="forget gate f").check()
                    page.wait_for_timeout(1500)
                if tab:
                    page.get_by_role("tab", name=tab).click()
                    page.wait_for_timeout(3000)
                if scroll == "tabs":
                    page.get_by_role("tablist").first.scroll_into_view_if_needed()
                    page.evaluate(
                        "window.scrollBy(0, document.querySelector('[role=tablist]').getBoundingClientRect().top - 10)"
                    )
                elif scroll == "gates":
                    page.evaluate(
                        "window.scrollBy(0, document.querySelector('[role=tablist]').getBoundingClientRect().top + 140)"
                    )
                page.wait_for_timeout(800)
                out = ROOT / "docs" / f"screenshot-{name}.png"
                page.screenshot(path=str(out))
                print("wrote", out.relative_to(ROOT))
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
