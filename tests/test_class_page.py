"""What a teacher and a class hit first, in headless Chromium: a copied link reopens the same tab, beam and
figures; an intervention error is said in the page's language beside its form; presets follow the cell; a
clicked playback candidate continues the translation."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from .test_app import app_url  # noqa: F401 - the server fixture
from .test_browser import browser  # noqa: F401 - the Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PANEL = "[role=tabpanel]:visible"


def _ready(pg):
    pg.wait_for_selector(".pb-root svg", timeout=60_000)


def test_a_copied_link_reopens_the_same_tab_beam_and_figures(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
    pg.goto(f"{app_url}/?task=dates&checkpoint=dates-gru&text=Friday%2C%20July%204%2C%201975&beam=5")
    _ready(pg)
    pg.get_by_role("tab", name="Step inspector").click()
    pg.wait_for_selector(f"{PANEL} .js-plotly-plot .main-svg", timeout=60_000)
    pg.get_by_text("Decoding settings").click()
    pg.get_by_role("button", name="Link to this view").click()
    pg.wait_for_function("() => [...document.querySelectorAll('textarea')].some(t => t.value.includes('tab='))")
    link = pg.evaluate("() => [...document.querySelectorAll('textarea')].find(t => t.value.includes('tab=')).value")
    q = parse_qs(urlparse(link).query)
    assert q["tab"] == ["steps"] and q["beam"] == ["5"] and q["checkpoint"] == ["dates-gru"] and q["lang"] == ["en"]
    for _ in range(10):  # every reopening draws the tab's figures
        pg.goto(link)
        pg.wait_for_selector("[role=tab][aria-selected=true]:has-text('Step inspector')", timeout=60_000)
        pg.wait_for_function(
            "() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent)"
            ".some(p => p.querySelectorAll('.js-plotly-plot .main-svg').length >= 2)",
            timeout=60_000,
        )
    pg.close()


def test_an_intervention_error_is_korean_and_beside_its_form_with_no_old_result(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    pg.goto(f"{app_url}/?task=dates&checkpoint=dates-lstm&text=Friday%2C%20July%204%2C%201975&tab=why")
    pg.wait_for_selector(".translation-out:has-text('1975년')", timeout=60_000)
    run = pg.get_by_role("button", name="적용하고 번역")
    units = pg.get_by_label("유닛 번호", exact=False)
    units.fill("3, 5")
    run.click()
    pg.wait_for_selector(f"{PANEL} .js-plotly-plot .main-svg", timeout=60_000)
    units.fill("999")
    run.click()
    pg.wait_for_selector(f"{PANEL} :text('유닛(unit)은 0부터 127까지')", timeout=30_000)
    assert pg.locator(f"{PANEL} .js-plotly-plot .main-svg").count() == 0  # the old result is gone
    assert "Intervention" not in pg.inner_text("body")
    pg.close()


def test_the_presets_follow_the_cell(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
    for name, present, absent in (("dates-lstm", "forget gate", "update gate"), ("dates-gru", "update gate", "forget")):
        pg.goto(f"{app_url}/?task=dates&checkpoint={name}&text=Friday%2C%20July%204%2C%201975&tab=why")
        pg.wait_for_selector(".translation-out:has-text('1975년')", timeout=60_000)
        pg.wait_for_timeout(500)
        pg.get_by_label("Preset", exact=False).click()
        options = pg.locator("[role=option]").all_inner_texts()
        assert any(present in o.lower() for o in options), options
        assert not any(absent in o.lower() for o in options), options
        pg.keyboard.press("Escape")
    pg.close()


def test_clicking_a_playback_candidate_continues_from_it(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
    pg.goto(f"{app_url}/?task=en-de&checkpoint=en-de-lstm-attn&text=The%20money%20belongs%20to%20him.")
    _ready(pg)
    pg.fill(".pb-slider", "8")  # a decoder step
    pg.wait_for_selector(".pb-cand", timeout=30_000)
    cand = pg.locator(".pb-cand:not(.pb-chosen)").first
    prefix = cand.get_attribute("data-prefix")
    cand.click()
    pg.wait_for_selector(f"{PANEL} :text('Forced through')", timeout=60_000)
    assert pg.locator("#whatif-prefix textarea, #whatif-prefix input").first.input_value() == prefix
    pg.close()


DIAGRAM_TEXT_PX = """() => { let m = 99; document.querySelectorAll('.pb-cell text').forEach(t => {
  const svg = t.ownerSVGElement, box = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const scale = box.width / (vb.width || box.width);
  if (box.width > 0 && t.textContent.trim()) m = Math.min(m, parseFloat(getComputedStyle(t).fontSize) * scale);
}); return m; }"""


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_at_1366_by_768_colah_s_diagram_is_wholly_on_the_first_screen(browser, app_url, locale):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale=locale)
    pg.goto(app_url)
    _ready(pg)
    pg.wait_for_timeout(1000)
    top, bottom = pg.evaluate(
        "() => { const b = document.querySelector('.pb-cell').getBoundingClientRect(); return [b.top, b.bottom]; }"
    )
    assert 0 <= top and bottom <= 768, (top, bottom)
    pg.close()


def test_on_a_phone_nothing_scrolls_sideways_and_the_diagram_stays_readable(browser, app_url):  # noqa: F811
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ko-KR", is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.goto(app_url)
    _ready(pg)
    pg.wait_for_timeout(1000)
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert pg.evaluate(DIAGRAM_TEXT_PX) >= 10
    # the diagram alone scrolls sideways, in a box no wider than the screen, and the page says so above it
    diagram = pg.evaluate(
        "() => { const d = document.querySelector('.pb-diagram'), r = d.getBoundingClientRect();"
        " return [d.scrollWidth, d.clientWidth, r.right, getComputedStyle(d).overflowX]; }"
    )
    assert diagram[0] > diagram[1] and diagram[2] <= 390 and diagram[3] == "auto", diagram
    assert pg.locator(".pb-swipe").is_visible() and "옆으로" in pg.inner_text(".pb-swipe")
    right = pg.get_by_label("체크포인트").evaluate("e => e.getBoundingClientRect().right")
    assert right <= 390  # the checkpoint box is not cut
    context.close()
    # nor is its text, in the language whose model labels are the longest ("attention · 1×256")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.goto(f"{app_url}/?task=en-ko")
    _ready(pg)
    fits = pg.get_by_label("Checkpoint").evaluate("e => [e.value, e.scrollWidth, e.clientWidth]")
    assert fits[0].endswith("1×256") and fits[1] <= fits[2], fits
    context.close()


def test_a_screen_reader_hears_words_not_raw_keys_after_an_example(browser, app_url):  # noqa: F811
    pg = browser.new_page(locale="en-US")
    pg.goto(app_url)
    _ready(pg)
    pg.locator("button.label-wrap").first.click()  # the Examples fold
    pg.wait_for_timeout(500)
    pg.locator("[data-testid=dataset] button, .gallery-item, table.table tr td").nth(1).click()
    pg.wait_for_timeout(3000)
    said = pg.evaluate(
        "() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')].map(e => e.textContent)"
    )
    assert not any("common." in s for s in said), said
    pg.close()


# every text of colah's diagram against every line segment and every other text, in the SVG's own units,
# measured by the browser from the fonts it drew with (arrowheads left out: they end where a line meets a node)
DIAGRAM_CLASHES = """() => {
  const svg = document.querySelector('.pb-cell'), vb = svg.viewBox.baseVal, pad = 1;
  const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const b = t.getBBox(); return {text: t.textContent, x0: b.x + pad, y0: b.y + pad, x1: b.x + b.width - pad,
                                   y1: b.y + b.height - pad};
  });
  // each segment with the shape it outlines (a node's or a block's own symbol sits inside it, not on it)
  const segments = [], ring = (pts, own) => pts.forEach((q, i) => segments.push([q, pts[(i + 1) % pts.length], own]));
  svg.querySelectorAll('polyline').forEach(p => {
    const pts = p.getAttribute('points').trim().split(/\\s+/).map(q => q.split(',').map(Number));
    for (let i = 1; i < pts.length; i++) segments.push([pts[i - 1], pts[i], null]);
  });
  const num = (e, a) => +e.getAttribute(a);
  svg.querySelectorAll('rect').forEach(r => {  // the cell's box and the gate blocks
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map(a => num(r, a));
    ring([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], [x, y, x + w, y + h]);
  });
  svg.querySelectorAll('circle, ellipse').forEach(e => {  // the × + 1− nodes and tanh(c_t)
    const cx = num(e, 'cx'), cy = num(e, 'cy'), rx = num(e, 'r') || num(e, 'rx'), ry = num(e, 'r') || num(e, 'ry');
    const at = (k) => [cx + rx * Math.cos(k * Math.PI / 16), cy + ry * Math.sin(k * Math.PI / 16)];
    const pts = [...Array(32).keys()].map(at);
    ring(pts, [cx - rx, cy - ry, cx + rx, cy + ry]);
  });
  const inside = (b, own) => {  // the text is that shape's own symbol: its centre lies within a node or block
    if (!own) return false;
    const x = (b.x0 + b.x1) / 2, y = (b.y0 + b.y1) / 2;
    return x > own[0] && x < own[2] && y > own[1] && y < own[3] && (own[2] - own[0]) < 100;
  };
  const hits = (b, [[x0, y0], [x1, y1]]) => {  // does the segment pass through the box? (sampled every 0.5 unit)
    const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2);
    for (let k = 0; k <= n; k++) {
      const x = x0 + (x1 - x0) * k / n, y = y0 + (y1 - y0) * k / n;
      if (x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1) return true;
    }
    return false;
  };
  const clashes = [];
  for (const b of boxes) {
    if (b.x0 < vb.x - pad || b.x1 > vb.x + vb.width + pad || b.y1 > vb.y + vb.height + pad)
      clashes.push(`${b.text} leaves the picture`);
    for (const s of segments)
      if (!inside(b, s[2]) && hits(b, s)) clashes.push(`${b.text} × line ${s.slice(0, 2).join(' ')}`);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) clashes.push(`${a.text} × ${b.text}`);
  }
  return clashes;
}"""


@pytest.mark.parametrize("checkpoint", ["dates-lstm", "dates-gru", "dates-rnn"])
def test_no_label_of_colah_s_diagram_sits_on_a_line_or_another_label(browser, app_url, checkpoint):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    pg.goto(f"{app_url}/?task=dates&checkpoint={checkpoint}&text=Wednesday%2C%20November%2025%2C%202026")
    _ready(pg)
    for step in ("0", "8", "20"):  # an encoder step, a decoder step, the last one (the labels' numbers change)
        pg.fill(".pb-slider", step)
        pg.wait_for_timeout(300)
        assert pg.evaluate(DIAGRAM_CLASHES) == [], step
    pg.close()


def test_at_1366_the_neighbour_tables_and_the_intervention_form_show_their_whole_text(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    pg.goto(f"{app_url}/?task=en-ko&checkpoint=en-ko-gru-attn&text=Where%20is%20the%20library%3F&tab=near")
    pg.wait_for_function(
        "() => [...document.querySelectorAll('[role=tabpanel] table')].filter(t => t.offsetParent"
        " && t.querySelector('td')).length == 2",
        timeout=60_000,
    )
    pg.wait_for_timeout(1000)
    clipped = pg.evaluate(  # a table wider than its box (scrolls sideways) or a cell past the window's edge
        """() => [...document.querySelectorAll('[role=tabpanel] table')].filter(t => t.offsetParent).map(t => {
          const box = t.parentElement, cells = [...t.querySelectorAll('td, th')];
          return [box.scrollWidth - box.clientWidth, Math.max(...cells.map(c => c.getBoundingClientRect().right))];
        })"""
    )
    assert len(clipped) == 2 and all(over <= 1 and right <= 1366 for over, right in clipped), clipped
    pg.goto(f"{app_url}/?task=en-ko&checkpoint=en-ko-lstm-attn&text=Where%20is%20the%20library%3F&tab=why")
    pg.wait_for_selector("[role=tab][aria-selected=true]:has-text('왜?')", timeout=60_000)
    pg.wait_for_timeout(1500)
    box = pg.get_by_label("배열", exact=True)
    value = box.input_value()
    assert value.startswith("은닉 상태 h")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), value  # "은닉 상태 h (hidden state)", not "(hidd"
    pg.close()


def test_by_keyboard_the_tab_strip_is_one_stop_arrow_keys_move_along_it_and_folds_say_if_open(browser, app_url):  # noqa: F811
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
    pg.goto(app_url)
    _ready(pg)
    pg.wait_for_timeout(500)
    pg.get_by_label("Sentence", exact=False).first.focus()
    presses, focused = 0, ""
    while focused != "▶ Play" and presses < 30:  # sentence → Translate → folds → the selected tab → … → ▶ Play
        pg.keyboard.press("Tab")
        presses += 1
        focused = pg.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "▶ Play" and presses <= 8, presses
    tabs = pg.evaluate(
        "() => [...document.querySelectorAll('[role=tab]')].filter(t => t.offsetParent).map(t => t.tabIndex)"
    )
    assert sorted(tabs).count(0) == 1 and len(tabs) > 5  # one Tab stop for the whole strip
    pg.get_by_role("tab", name="▶ Playback").focus()
    pg.keyboard.press("ArrowRight")
    pg.wait_for_selector("[role=tab][aria-selected=true]:has-text('States & gates')", timeout=30_000)
    assert pg.evaluate("() => document.activeElement.textContent.trim()") == "States & gates"
    pg.keyboard.press("ArrowLeft")
    pg.keyboard.press("ArrowLeft")
    pg.wait_for_selector("[role=tab][aria-selected=true]:has-text('Lesson')", timeout=30_000)
    fold = pg.locator("button.label-wrap", has_text="Examples")
    assert fold.get_attribute("aria-expanded") == "false"
    fold.click()
    pg.wait_for_function("() => document.querySelector('button.label-wrap[aria-expanded=true]')", timeout=5_000)
    pg.close()


def test_a_korean_page_says_gradio_s_and_plotly_s_own_words_in_korean(browser, app_url):  # noqa: F811
    """The examples' "Pages:", the tab strip's "More tabs", the figure toolbar's tooltips and the footer come from
    Gradio and plotly in English: on a Korean page they are Korean, and English again after the switch to English."""
    pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    pg.goto(f"{app_url}/?task=en-ko&tab=states")
    pg.wait_for_selector(f"{PANEL} .js-plotly-plot .modebar-btn", state="attached", timeout=60_000)
    pg.get_by_text("예문", exact=True).first.click()
    pg.wait_for_selector(".paginate:has-text('페이지:')", timeout=10_000)
    shown = "() => [...document.querySelectorAll('.modebar-btn')].filter(b => getComputedStyle(b).display !== 'none')"
    titles = pg.evaluate(f"() => ({shown})().map(b => b.getAttribute('data-title'))")
    assert titles and set(titles) <= {"그림으로 저장 (PNG)", "축 되돌리기"}, titles
    assert "탭 더 보기" in pg.evaluate("() => [...document.querySelectorAll('[aria-label]')].map(e => e.ariaLabel)")
    pg.get_by_text("English", exact=True).click()
    pg.wait_for_selector(".paginate:has-text('Pages:')", timeout=30_000)
    # the footer follows the page's language, not only the browser's (Gradio picks its words once, on load)
    pg.wait_for_selector("footer:has-text('Built with Gradio'):has-text('Settings')", timeout=10_000)
    pg.get_by_text("한국어", exact=True).click()
    pg.wait_for_selector("footer:has-text('Gradio로 제작됨'):has-text('설정')", timeout=30_000)
    pg.close()


def test_on_a_phone_the_two_state_maps_are_stacked_each_the_figure_s_width(browser, app_url):  # noqa: F811
    """Side by side on a 390 px phone each PCA map was ~115 px wide: there they are stacked (the encoder's above the
    decoder's), each as wide as the figure (236 px of plot each, not 115); on a laptop they stay side by side."""
    maps = (
        "() => [...document.querySelectorAll('.js-plotly-plot')].filter(g => g.offsetParent && g._fullLayout"
        " && g._fullLayout.xaxis2 && g._fullLayout.xaxis.title.text === 'PC1').map(g => { const f = g._fullLayout;"
        " return [f.xaxis._length, f.xaxis2._length, f.yaxis.domain[0], f.yaxis2.domain[1],"
        " g.getBoundingClientRect().right]; })"
    )
    url = f"{app_url}/?task=en-ko&checkpoint=en-ko-gru-attn&text=Where%20is%20the%20library%3F&tab=near"
    for width, stacked in [(390, True), (1366, False)]:
        context = browser.new_context(viewport={"width": width, "height": 844}, locale="ko-KR", is_mobile=width < 500)
        pg = context.new_page()
        pg.goto(url)
        pg.wait_for_function(f"() => ({maps})().length === 1", timeout=90_000)
        if stacked:
            pg.wait_for_function(f"() => ({maps})()[0][2] > ({maps})()[0][3]", timeout=10_000)  # one above the other
            w1, w2, _, _, right = pg.evaluate(maps)[0]
            assert w1 > 200 and w2 > 200 and right <= width, (w1, w2, right)
            assert pg.evaluate("() => document.documentElement.scrollWidth") <= width
        else:
            pg.wait_for_timeout(1000)
            w1, w2, low, high, _ = pg.evaluate(maps)[0]
            assert low == 0 and high == 1 and w1 > 400 and w2 > 400, (w1, w2, low, high)
        context.close()
