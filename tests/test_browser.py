"""Drive the running app in headless Chromium: type, translate, see a heatmap; play the run step by step; open
Compare, see three; a Korean browser sees Korean only; a link opens a prepared state."""

from __future__ import annotations

import os

import pytest

from .devserver import CHROMIUM, CHROMIUM_ARGS
from .test_app import app_url, dates_checkpoint  # noqa: F401 - the server fixture and the checkpoint picker

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("SEQ2SEQ_SKIP_BROWSER"):
            pytest.skip("SEQ2SEQ_SKIP_BROWSER is set and /usr/bin/chromium is missing")
        pytest.fail("/usr/bin/chromium is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    pg.goto(app_url)
    pg.wait_for_selector("button:has-text('Translate')", timeout=60_000)
    # the page's first answer (its example sentence, translated and drawn) lands before a test clicks anything,
    # as a person waits for a page to load; a click before it would race the page's own start-up events
    pg.wait_for_selector(".pb-root svg", timeout=60_000)
    yield pg
    pg.close()


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
    # the playback's encoder heatmap is labelled with the source pieces, and so is the States tab's figure
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pb-heat[data-side=enc] .pb-tick')]"
        ".some(t => t.textContent === '▁Friday')",
        timeout=30_000,
    )
    page.get_by_role("tab", name="States & gates").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.querySelector('.heatmaplayer') && "
        "[...p.querySelectorAll('.xtick text')].some(t => t.textContent === '▁Friday'))",
        timeout=30_000,
    )
    page.get_by_role("tab", name="▶ Playback").click()


def test_enter_translates_and_bad_input_shows_a_message(page):
    box = page.get_by_label("Sentence (Enter translates)")
    box.fill("   ")
    box.press("Enter")
    page.wait_for_selector(".message-out:has-text('Input is empty')", timeout=30_000)
    box.fill("Nov 25, 2026")
    box.press("Enter")
    page.wait_for_selector(".translation-out:has-text('2026년 11월 25일')", timeout=30_000)


def test_compare_shows_three_checkpoints_side_by_side(page):
    page.get_by_role("tab", name="Compare cells").click()
    panel = page.locator("[role=tabpanel]:visible")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent)"
        ".some(p => p.querySelectorAll('.js-plotly-plot .heatmaplayer').length >= 6)",
        timeout=60_000,
    )
    text = panel.inner_text()
    for cell in ("SimpleRNN", "LSTM", "GRU"):
        assert cell in text


# -- playback ---------------------------------------------------------------------------------------------------
def _root(page) -> dict:
    return page.eval_on_selector(".pb-root", "e => ({...e.dataset})")


def test_play_walks_the_run_to_the_last_decoder_step_by_itself(page):
    page.get_by_role("tab", name="▶ Playback").click()
    page.wait_for_selector(".pb-root svg", timeout=30_000)
    page.select_option(".pb-speed", "4")
    page.click(".pb-play")
    page.wait_for_function(
        "() => { const r = document.querySelector('.pb-root'); return +r.dataset.step > 1; }", timeout=10_000
    )
    page.wait_for_function(
        "() => { const r = document.querySelector('.pb-root'); return +r.dataset.step === +r.dataset.total - 1; }",
        timeout=60_000,
    )
    state = _root(page)
    assert state["side"] == "dec" and "Play" in page.inner_text(".pb-play")  # it stopped at the end


def test_step_buttons_and_slider_agree(page):
    page.click("[data-act=first]")
    for _ in range(3):
        page.click("[data-act=forward]")
    assert _root(page)["step"] == "3" and page.input_value(".pb-slider") == "3"
    page.click("[data-act=back]")
    assert _root(page)["step"] == "2" and page.input_value(".pb-slider") == "2"
    page.fill(".pb-slider", "5")
    assert _root(page)["step"] == "5"
    assert "step 6 of" in page.inner_text(".pb-status")


def test_the_cell_diagram_shows_the_trace_values_of_the_chosen_unit_and_step(page):
    """Read the numbers back from the page and compare them with the library's own trace of the same input."""
    import numpy as np

    import seq2seq
    from explorer import views

    name = page.get_by_label("Checkpoint").input_value().split(" — ")[0]  # the checkpoint the page is on
    assert name.startswith("dates-")
    box = page.get_by_label("Sentence (Enter translates)")
    box.fill("Nov 25, 2026")
    box.press("Enter")
    page.wait_for_selector(".translation-out:has-text('2026년 11월 25일')", timeout=30_000)
    page.wait_for_selector(".pb-heat[data-side=enc] text[data-row='3']", timeout=30_000)
    model = seq2seq.load(name)
    t = model.translate("Nov 25, 2026")
    units = views.unit_order(t, "h", "variance", 16, 0)
    page.click(".pb-heat[data-side=enc] text[data-row='3']")  # choose the 4th row's unit
    S = len(t.source_ids)
    for step in (1, S + 2):
        page.fill(".pb-slider", str(step))
        state = _root(page)
        assert state["unit"] == str(units[3])
        side, k = ("encoder", step) if step < S else ("decoder", step - S)
        rec = (t.trace.encoder if side == "encoder" else t.trace.decoder)[0]
        shown = page.eval_on_selector_all(
            ".pb-cell [data-key]", "els => Object.fromEntries(els.map(e => [e.dataset.key, +e.dataset.value]))"
        )
        for key in model_keys(model):
            assert abs(shown[key] - float(rec[key][k, units[3]])) <= 1e-5, (side, k, key)
        assert np.isclose(shown["fc"], rec["f"][k, units[3]] * shown["c_prev"], atol=1e-4)


def model_keys(model):
    from seq2seq.cells import CELLS

    return CELLS[model.config.cell].keys


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1366, 768)])
def test_a_heatmap_starts_on_the_first_screen_of_a_laptop_and_a_projector(browser, app_url, width, height):  # noqa: F811
    pg = browser.new_page(viewport={"width": width, "height": height}, locale="en-US")
    pg.goto(app_url)
    pg.wait_for_selector(".pb-heat", timeout=60_000)
    top = pg.eval_on_selector(".pb-heat", "e => e.getBoundingClientRect().top")
    assert 0 < top < height - 100  # the heatmap's top rows, not only its edge, are on the first screen
    assert pg.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")  # no horizontal scroll
    pg.close()


def _english_ui_strings() -> list[str]:
    """Every English UI string the page could show: labels, choices, playback words, figure words; minus the
    field's English terms that Korean text keeps beside the Korean (cell, teacher forcing …)."""
    import re

    from explorer import texts
    from seq2seq.cells import ARRAYS

    korean_text = " ".join([*texts.KO.values(), *texts.PLAYBACK["ko"].values(), *(a.ko for a in ARRAYS.values())])
    out = set()
    for value in [*texts.EN.values(), *texts.PLAYBACK["en"].values()]:
        for part in re.split(r"\{[^}]*\}|\$[^$]*\$|\n", value):
            part = part.strip(" :.,;()·—-")
            if len(re.findall(r"[A-Za-z]{4,}", part)) >= 1 and part not in korean_text and len(part) >= 5:
                out.add(part)
    return sorted(out)


def test_a_korean_browser_sees_no_english_ui_string(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="ko-KR")
    pg.goto(app_url)
    pg.wait_for_selector(".pb-root svg", timeout=60_000)
    visible_text = (  # what is rendered: the page's text and every SVG text (figures, playback), no CSS or scripts
        "() => document.body.innerText + ' ' + [...document.querySelectorAll('svg text')].map(t => t.textContent)"
        ".join(' ')"
    )
    seen = pg.evaluate(visible_text)
    for tab in ("상태와 게이트", "어텐션"):
        pg.get_by_role("tab", name=tab).click()
        pg.wait_for_selector("[role=tabpanel]:visible .js-plotly-plot .main-svg", timeout=30_000)
        pg.wait_for_timeout(500)
        seen += pg.evaluate(visible_text)
    pg.close()
    assert "영어 → 한국어" in seen and "재생" in seen
    leaked = [s for s in _english_ui_strings() if s in seen]
    assert not leaked, leaked[:20]


def test_a_link_opens_its_sentence_translated_in_its_view(browser, app_url):  # noqa: F811
    from urllib.parse import quote

    name = dates_checkpoint()
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    pg.goto(f"{app_url}/?task=dates&checkpoint={name}&text={quote('Friday, July 4, 1975')}&tab=steps&beam=3")
    pg.wait_for_selector(".translation-out:has-text('1975년 7월 4일 금요일')", timeout=60_000)
    assert pg.get_by_role("tab", name="Step inspector").get_attribute("aria-selected") == "true"
    pg.goto(f"{app_url}/?task=nope&tab=zzz")
    pg.wait_for_selector(".message-out:has-text(\"task 'nope'\")", timeout=60_000)
    pg.close()


def test_a_playback_candidate_becomes_a_what_if_prefix_and_the_decoder_continues(page, app_url):  # noqa: F811
    page.goto(f"{app_url}/?task=dates&checkpoint={dates_checkpoint()}&text=Nov%2025,%202026")
    page.wait_for_selector(".translation-out:has-text('2026년 11월 25일')", timeout=30_000)
    page.wait_for_selector(".pb-heat", timeout=30_000)
    total = int(page.eval_on_selector(".pb-root", "e => e.dataset.total"))
    page.fill(".pb-slider", str(total - 3))  # a decoder step near the end
    page.locator(".pb-cand").nth(1).click()  # the runner-up piece
    page.wait_for_function(
        "() => { const b = document.querySelector('#whatif-prefix textarea, #whatif-prefix input');"
        " return b && b.value.length > 0; }",
        timeout=30_000,
    )
    prefix = page.input_value("#whatif-prefix textarea, #whatif-prefix input")
    page.get_by_role("button", name="Continue from here").click()
    page.wait_for_selector(".piece.forced", timeout=30_000)
    text = page.inner_text("[role=tabpanel]:visible")
    assert "Forced through" in text and "log p" in text and prefix.split()[0] in text


def test_neighbours_view_lists_training_sentences_and_finds_a_unit_for_the_why_tab(browser, app_url):  # noqa: F811
    from urllib.parse import quote

    name = dates_checkpoint()
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    pg.goto(f"{app_url}/?task=dates&checkpoint={name}&text={quote('Friday, July 4, 1975')}&tab=near")
    panel = "[role=tabpanel]:visible"
    pg.wait_for_selector(f"{panel} table:has-text('similarity'):has-text('1975년')", timeout=60_000)
    pg.wait_for_selector(f"{panel} .js-plotly-plot .main-svg", timeout=60_000)  # the map
    rows = pg.inner_text(panel)
    assert rows.count("1975년") >= 4 and "0.99" in rows  # neighbours of a 1975 date are mostly 1975 dates
    pg.get_by_role("radio", name="a four-digit year").check()
    pg.get_by_role("button", name="Find units").click()
    pg.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(t => t.textContent.includes('Units'))",
        timeout=60_000,
    )
    summary = pg.inner_text(panel)
    assert "Best units (Cohen's d)" in summary
    best = summary.split("Best units (Cohen's d): ")[1].split(" ")[0]
    pg.get_by_role("button", name="Send these units to").click()
    pg.get_by_role("tab", name="Why? What if…").click()
    pg.wait_for_function(
        f"() => [...document.querySelectorAll('textarea, input')].some(e => e.value.startsWith('{best},'))",
        timeout=30_000,
    )
    pg.close()


def test_press_train_see_the_curve_grow_then_pick_the_live_model(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    pg.goto(f"{app_url}/?task=dates&tab=train")
    pg.wait_for_selector("button:has-text('▶ Train')", timeout=60_000)
    pg.get_by_label("Units").nth(0).fill("8")  # the slider's number box
    pg.get_by_label("Time budget (seconds)").nth(0).fill("30")
    pg.keyboard.press("Enter")
    pg.get_by_role("button", name="▶ Train").click()
    pg.wait_for_selector(".live-status:has-text('Epoch 1')", timeout=90_000)
    points = (
        "() => document.querySelectorAll('[role=tabpanel]:not([hidden]) .js-plotly-plot .scatterlayer .point').length"
    )
    first = pg.evaluate(points)
    pg.wait_for_selector(".live-status:has-text('Done')", timeout=120_000)
    pg.wait_for_function(f"() => ({points})() > {first}", timeout=30_000)  # the curve grew, epoch by epoch
    name = pg.inner_text(".live-status b")
    assert name.startswith("live-lstm-8-")
    pg.get_by_label("Checkpoint").click()
    pg.get_by_role("option", name=name, exact=False).click()
    pg.get_by_role("tab", name="▶ Playback").click()
    rows = (
        "() => new Set([...document.querySelectorAll('.pb-heat')[0]?.querySelectorAll('rect[data-row]') ?? []]"
        ".map(r => r.dataset.row)).size"
    )
    pg.wait_for_function(f"() => ({rows})() === 8", timeout=60_000)  # the heatmap of the live model: 8 units
    pg.close()


def test_the_plotly_chunk_is_fetched_before_the_first_figure_needs_it(browser, app_url):  # noqa: F811
    """Gradio loads its 4.6 MB plotly chunk only when a first figure is drawn (after the translation and the
    view's own event); the page starts it at once when it opens on a view with figures — before the translation
    is shown — and when idle after opening on playback, where no figure asks for it."""
    plotly = (
        "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/PlotlyPlot-'))"
        ".map(e => e.startTime)"
    )
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    pg.add_init_script(
        "const seen = () => { const t = document.querySelector('.translation-out textarea, .translation-out');"
        " if (t && (t.value || t.textContent || '').trim()) window.__shown = performance.now();"
        " else requestAnimationFrame(seen); }; requestAnimationFrame(seen);"
    )
    pg.goto(f"{app_url}/?tab=states")
    pg.wait_for_selector("[role=tabpanel] .js-plotly-plot .main-svg", timeout=60_000)
    started, shown = pg.evaluate(plotly), pg.evaluate("() => window.__shown")
    assert started and shown and min(started) < shown, (started, shown)
    pg.goto(app_url)
    pg.wait_for_selector(".pb-root svg", timeout=60_000)
    pg.wait_for_function(f"() => ({plotly})().length > 0", timeout=15_000)
    assert not pg.locator(".js-plotly-plot .main-svg").count()  # no figure asked for it
    pg.close()


def test_the_playback_walks_a_bidirectional_encoder_s_backward_units_from_the_last_piece(browser, app_url):  # noqa: F811
    """en-ko-lstm-attn reads both ways: a ← row's unit, at encoder step t (0-based), shows the trace's values of
    column S−1−t and, as its previous state, column S−t (zeros at the first step); the diagram says t+1 and the
    status line names the piece the backward units read."""
    from urllib.parse import quote

    import seq2seq

    text = "Click the OK button to close the dialog."
    model = seq2seq.load("en-ko-lstm-attn")
    assert model.config.bidirectional
    t = model.translate(text)
    S, rec = len(t.source_ids), t.trace.encoder[0]
    pg = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    pg.goto(f"{app_url}/?task=en-ko&checkpoint=en-ko-lstm-attn&text={quote(text)}&tab=playback")
    pg.wait_for_selector(f".translation-out:has-text('{t.text}')", timeout=60_000)
    pg.wait_for_selector(".pb-heat[data-side=enc] text[data-row]", timeout=30_000)
    rows = pg.eval_on_selector_all(".pb-heat[data-side=enc] text[data-row]", "els => els.map(e => e.textContent)")
    back = next(i for i, label in enumerate(rows) if "←" in label)
    pg.click(f".pb-heat[data-side=enc] text[data-row='{back}']")
    assert S % 2 == 1  # a middle piece, which both directions read at the same step
    for step in (0, 1, S // 2, S - 1):
        pg.fill(".pb-slider", str(step))
        state = _root(pg)
        unit, col = int(state["unit"]), S - 1 - step
        assert unit >= model.config.units // 2
        shown = pg.eval_on_selector_all(
            ".pb-cell [data-key]", "els => Object.fromEntries(els.map(e => [e.dataset.key, +e.dataset.value]))"
        )
        for key in ("h", "c", "f", "i", "o", "g"):
            assert abs(shown[key] - float(rec[key][col, unit])) <= 1e-5, (step, key)
        previous = float(rec["c"][col + 1, unit]) if col + 1 < S else 0.0
        assert abs(shown["c_prev"] - previous) <= 1e-5, step
        assert "c₍t+1₎" in pg.text_content(".pb-cell")  # an SVG: its text, not an HTML element's
        assert t.source_pieces[col].strip("▁") in pg.inner_text(".pb-status")
        # the ← units' piece is marked under the heatmap (the dashed column's tick) and ends their own chips
        ticks = pg.eval_on_selector_all(
            ".pb-heat[data-side=enc] .pb-tick.pb-now",
            "els => els.map(e => [e.textContent, e.classList.contains('pb-back') || e.classList.contains('pb-both')])",
        )
        if step == col:  # one piece, marked for both
            assert ticks == [[t.source_pieces[step], True]]
        else:
            assert sorted(map(tuple, ticks)) == sorted([(t.source_pieces[step], False), (t.source_pieces[col], True)])
        assert pg.locator(".pb-heat[data-side=enc] .pb-colmark.pb-back").count() == 1  # the dashed column
        chips = pg.eval_on_selector_all(".pb-attn .pb-chip", "els => els.map(e => e.textContent)")
        assert chips == t.source_pieces[: step + 1] + t.source_pieces[::-1][: step + 1]
    pg.close()


# every drawn figure: the layer its traces are drawn in sits where its axes are (a heatmap's colours under their
# unit labels), and the title ends above the plot and clear of any subplot title
_FIGURE_GEOMETRY = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(gd => gd.offsetParent && gd._fullLayout).map(gd => {
    const plots = Object.values(gd._fullLayout._plots);
    const top = gd.getBoundingClientRect().top;
    const title = gd.querySelector('.gtitle').getBoundingClientRect();
    const apart = (a, b) => a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left;
    return {
      title: gd.querySelector('.gtitle').textContent,
      layers: plots.map(p => [p.plot.attr('transform').replace(/\\s/g, ''),
                              `translate(${p.xaxis._offset},${p.yaxis._offset})`]),
      titleBottom: title.bottom - top,
      titleOver: title.right - gd.getBoundingClientRect().right,
      plotTop: Math.min(...plots.map(p => p.yaxis._offset)),
      clear: [...gd.querySelectorAll('.annotation-text-g')].every(a => apart(a.getBoundingClientRect(), title)),
    };
  })"""


def _drawn_figures(pg, at_least: int) -> list[dict]:
    """The geometry of the visible panel's figures once ``at_least`` of them are drawn with their titles (and
    plotly's own second layout pass, if any, has run)."""
    pg.wait_for_function(
        f"() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent)"
        f".some(p => p.querySelectorAll('.js-plotly-plot .main-svg .gtitle').length >= {at_least})",
        timeout=60_000,
    )
    pg.wait_for_timeout(1500)
    return pg.evaluate(_FIGURE_GEOMETRY)


def test_a_korean_page_draws_each_heatmap_under_its_labels_and_each_title_above_its_plot(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    pg.goto(app_url + "/?task=en-ko")
    pg.wait_for_selector(".pb-root svg", timeout=60_000)
    seen = []
    for tab, plots in (("상태와 게이트", 2), ("RNN · LSTM · GRU 비교", 9)):
        pg.get_by_role("tab", name=tab).click()
        seen += _drawn_figures(pg, plots)
        if tab == "상태와 게이트":  # the hover over the third column names its piece and its step's number
            drag = pg.locator("[role=tabpanel]:visible .js-plotly-plot .nsewdrag").first
            drag.scroll_into_view_if_needed()  # its top row sits at the first screen's bottom edge
            box = drag.bounding_box()
            columns = pg.locator("[role=tabpanel]:visible .js-plotly-plot").first.locator(".xtick text")
            third = columns.nth(2).text_content()
            pg.mouse.move(box["x"] + box["width"] * 2.5 / columns.count(), box["y"] + 5)
            pg.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
            hover = pg.text_content(".hoverlayer .hovertext")
            assert f"조각 {third}" in hover and "단계 2" in hover, hover
    pg.close()
    assert len(seen) >= 11
    for fig in seen:
        assert all(drawn == axes for drawn, axes in fig["layers"]), fig
        assert fig["titleBottom"] <= fig["plotTop"] and fig["clear"], fig


def test_a_phone_wraps_each_title_inside_its_figure(browser, app_url):  # noqa: F811
    """Titles are wrapped on the server for a laptop's view; on a 390-px phone the page wraps them again."""
    pg = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR", is_mobile=True, has_touch=True)
    pg.goto(app_url + "/?tab=lesson&chapter=8")
    seen = _drawn_figures(pg, 1)
    pg.goto(app_url + "/?task=en-ko&tab=states")
    seen += _drawn_figures(pg, 2)
    pg.close()
    assert len(seen) >= 3 and any(f["titleBottom"] > 40 for f in seen)  # a title the page wrapped again
    for fig in seen:
        assert fig["titleOver"] <= 0 and fig["titleBottom"] <= fig["plotTop"] and fig["clear"], fig
        assert all(drawn == axes for drawn, axes in fig["layers"]), fig
