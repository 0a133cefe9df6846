"""Seq2Seq Explorer — the Gradio page. Layout and event wiring only; the work is in ``explorer`` (handlers,
figures, texts) over the ``seq2seq`` library.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT override)
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: see seq2seq/__init__.py
# One TensorFlow thread: a live training (the Train tab) then leaves the other core to translation requests.
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")

# ZeroGPU hardware: `spaces` imported first, one @spaces.GPU function registered (explorer/zerogpu.py)
import explorer.zerogpu  # noqa: F401

# isort: split
import gradio as gr

from explorer import figures, lesson_view, near, playback, serving, texts, training, views, warmup
from explorer.lesson import chapter_number
from explorer.texts import EN, KO
from explorer.wiring import wire
from seq2seq.cells import ARRAYS, CELLS
from seq2seq.checkpoints import CHECKPOINT_DIR
from seq2seq.config import MAX_INPUT_CHARS
from seq2seq.data import DATA_DIR
from seq2seq.live import LiveSpec, LiveTrainer
from seq2seq.translator import InputError, whole_number

log = logging.getLogger("seq2seq.app")
i18n = gr.I18n(en=EN, ko=KO)
# Loaded once, shared read-only by every user.
# SEQ2SEQ_CHECKPOINTS and SEQ2SEQ_DATA point at other folders (tests use them).
CHECKPOINTS = Path(os.environ.get("SEQ2SEQ_CHECKPOINTS", CHECKPOINT_DIR))
REG = views.Registry.load_all(CHECKPOINTS, Path(os.environ.get("SEQ2SEQ_DATA", DATA_DIR)))

# Live trainings (the Train tab): one at a time, the models they make join the registry under live-… names.
LIVE = LiveTrainer(
    checkpoints=CHECKPOINTS,
    data_dir=REG.data_dir,
    on_model=lambda m: REG.models.__setitem__(m.name, m),
    on_drop=lambda name: REG.models.pop(name, None),
)


def task_choices(lang: str = "en") -> list[tuple[str, str]]:
    """The task picker: every task a loaded checkpoint was trained on (built-in ones first), no code per task."""
    return [(views.task_label(k, lang, REG.data_dir), k) for k in REG.tasks()] or [(texts.t("no_task", lang), "dates")]


TASK_CHOICES = [(i18n(f"task_{key}") if f"task_{key}" in EN else label, key) for label, key in task_choices()]
DEFAULT_TASK = TASK_CHOICES[0][1]
PLAYBACK_UNITS = 16  # rows of the playback heatmaps: the units that change most
KOREAN_TASK = "en-ko"  # where a Korean-language browser starts, when its checkpoints are loaded
DATES_TASK = "dates"  # live models learn the dates
TAB_IDS = (
    "lesson",
    "playback",
    "states",
    "attention",
    "steps",
    "saturation",
    "compare",
    "tf",
    "why",
    "near",
    "train",
    "card",
)
LATEX = [{"left": "$", "right": "$", "display": False}]
LESSON_LATEX = [{"left": "$$", "right": "$$", "display": True}, *LATEX]
CSS = """
.lesson-text, .lesson-text p, .lesson-text li {font-size: 20px; line-height: 1.5;}
.lesson-head h2 {font-size: 1.7rem; margin: 0.2rem 0;} .lesson-head p {font-size: 0.95rem;}
.lesson-pieces {display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin: 4px 0; font-size: 1.15rem;}
.lesson-label {font-weight: 600; margin-right: 6px;}
.lesson-piece {border-radius: 4px; padding: 2px 6px; background: #e8e8f4; color: #111;
  font-family: 'Noto Sans Mono CJK KR', 'Noto Sans CJK KR', monospace;}
@media print {
  body * {visibility: hidden;}
  #lesson-root, #lesson-root * {visibility: visible;}
  #lesson-root {position: absolute; left: 0; top: 0; width: 100%;}
  #lesson-root .no-print {display: none !important;}
}
:root, body, .gradio-container {font-family: Inter, 'Noto Sans KR', 'Noto Sans CJK KR', 'Apple SD Gothic Neo',
  'Malgun Gothic', sans-serif;}
.title h1 {font-size: 1.35rem; margin: 0; display: inline;} .title p {font-size: 0.85rem; margin: 0; display: inline;}
.title h1::after {content: "  ";}
.task-note p {font-size: 0.85rem; color: #555; margin: 0;}
.translation-out p {font-size: 1.5rem; font-weight: 600; margin: 0.1rem 0;}
.message-out p {color: #b42318; font-weight: 600;}
.explain {font-size: 0.95rem; color: #444;}
.pieces {display: flex; flex-wrap: wrap; gap: 4px; font-size: 1.1rem;}
.piece, .pb-chip, .pb-att, .pb-cand-piece {border-radius: 4px; padding: 2px 6px;
  font-family: 'Noto Sans Mono CJK KR', 'Noto Sans CJK KR', monospace;}
.piece.forced {outline: 2px dashed #111; outline-offset: 1px;}
.piece sub, .pb-chip sub, .pb-att sub {font-size: 0.65rem; margin-left: 3px; opacity: 0.85;}
.pb-controls {display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-bottom: 6px;}
.pb-controls button {border: 1px solid #bbb; border-radius: 6px; padding: 3px 10px; background: #f4f4f6;
  font-size: 1rem; cursor: pointer;}
.pb-controls .pb-play {background: #4f46e5; color: #fff; border-color: #4f46e5; min-width: 110px;}
.pb-slider {flex: 1 1 160px; min-width: 120px;}
.pb-status {flex-basis: 100%; font-size: 0.95rem;}
.pb-grid {display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 14px;}
.pb-heat-title, .pb-h, .pb-celltitle {font-weight: 600; font-size: 0.9rem; margin: 4px 0 2px;}
.pb-heats {display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: flex-start;}
.pb-heat {max-width: 100%; height: auto; display: block;}
.pb-heat rect[data-row] {cursor: pointer;}
.pb-colmark {fill: none; stroke: #111; stroke-width: 2.5;}
.pb-rowmark {fill: none; stroke: #f59e0b; stroke-width: 1.5;}
.pb-unit {font-size: 8px; fill: #555; cursor: pointer;} .pb-unit.pb-sel {fill: #b45309; font-weight: 700;}
.pb-tick {font-size: 9px; fill: #333;} .pb-tick.pb-now {font-weight: 700; fill: #b42318;}
.pb-hint, .pb-note {font-size: 0.8rem; color: #555; margin: 2px 0;}
.pb-chip, .pb-att {display: inline-block; margin: 2px; border: 1px solid #ddd;}
.pb-chip.pb-now, .pb-att.pb-now {outline: 2px solid #111;}
.pb-cand {display: grid; grid-template-columns: 7em 1fr 4em; align-items: center; gap: 6px; font-size: 0.9rem;}
.pb-bar {height: 10px; background: #9ecae1; border-radius: 3px;} .pb-chosen .pb-bar {background: #d62728;}
.pb-chosen .pb-cand-piece {font-weight: 700;}
.pb-cell {max-width: 640px; display: block;} .pb-cellbox {fill: #fafaf7; stroke: #999;}
.pb-line {fill: none; stroke: #333; stroke-width: 1.6;}
.pb-sym {font-size: 15px; font-weight: 700;} .pb-op {font-size: 13px; font-weight: 700;}
.pb-val {font-size: 12px; fill: #111;} .pb-x {font-size: 13px; fill: #333;}
@media (max-width: 900px) {.pb-grid {grid-template-columns: 1fr;}}
"""


def default_checkpoint(task: str) -> str | None:
    names = REG.names(task)
    preferred = [n for n in names if n.endswith("lstm-attn")] + [n for n in names if "lstm" in n]
    return (preferred or names or [None])[0]


def guarded(fn, clear: dict | None = None):
    """Run a handler; a bad input becomes one short message in the page's language, never a traceback.

    Handlers take the page's language last and return ``{component: value}`` for just what they change (an
    empty answer changes nothing). On an error the message changes, and ``clear`` says what else must not
    keep showing a result the input no longer matches (the translation of the previous sentence).
    """

    @functools.wraps(fn)  # keeps fn's signature: Gradio injects gr.Request by looking at it
    def wrapper(*args):
        try:
            return fn(*args) or {message: gr.skip()}  # Gradio refuses an empty dict: say "nothing changes"
        except Exception as e:
            return {**(clear or {}), message: failure(e, args)}

    return wrapper


def failure(e: Exception, args) -> str:
    """The message line for a handler that failed: an ``InputError`` said in the page's language (the last
    argument), anything else logged and reported as a generic failure."""
    lang = args[-1] if args and args[-1] in ("en", "ko") else "en"
    if isinstance(e, InputError):
        return f"⚠️ {views.message(e, lang)}"
    log.exception("handler failed")
    return f"⚠️ {texts.t('error_generic', lang)}"


def guarded_stream(fn):
    """``guarded`` for a handler that streams (a generator): each update passes through; a bad input or a
    failure ends the stream with one short message."""

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            yield from fn(*args)
        except Exception as e:
            yield {message: failure(e, args)}

    return wrapper


# -- handlers (thin: they call explorer.views and say which components change) -------------------------------
def on_task(task_key, live=(), lang="en"):
    test, hand = views.examples(task_key, data_dir=REG.data_dir)
    return {
        task_note: views.task_note(task_key, lang, REG.data_dir),
        ckpt: gr.Dropdown(choices=REG.choices(task_key, lang, live or ()), value=default_checkpoint(task_key)),
        ex_test: gr.Dataset(samples=[[s] for s in test]),
        ex_hand: gr.Dataset(samples=[[s] for s in hand]),
        text: gr.Textbox(value=(hand or test or [""])[0]),
    }


def on_load(request: gr.Request):
    """The state a page opens in: the language of the browser (English→Korean first for Korean), or what a
    link asks for (``?task=…&checkpoint=…&text=…&beam=…&tab=…``); unknown values fall back to the defaults
    with a short message."""
    browser_lang = texts.language(request.headers.get("accept-language") if request else None)
    query = dict(request.query_params) if request else {}
    notes = []
    lang = query["lang"] if query.get("lang") in ("en", "ko") else browser_lang

    def unknown(what, value):
        notes.append(texts.t("link_unknown", lang, what=texts.t(f"link_what_{what}", lang), value=value[:60]))

    key = KOREAN_TASK if lang == "ko" and REG.names(KOREAN_TASK) else DEFAULT_TASK
    if "task" in query:
        if REG.names(query["task"]):
            key = query["task"]
        else:
            unknown("task", query["task"])
    out = {task: gr.Radio(choices=task_choices(lang), value=key), language_state: lang, language_switch: lang}
    if lang != browser_lang:  # a link's language: every label is redrawn in it (relabel.change)
        out[relabel] = lang
    if "chapter" in query:
        out[lesson_no] = chapter_number(query["chapter"])
    out.update(on_task(key, (), lang))
    name = query.get("checkpoint")
    if name is not None:
        if name in REG.names(key):
            out[ckpt] = gr.Dropdown(choices=REG.choices(key, lang), value=name)
        else:
            unknown("checkpoint", name)
    if "text" in query:
        out[text] = gr.Textbox(value=query["text"][: 4 * MAX_INPUT_CHARS])
    if "beam" in query:
        beam = whole_number(query["beam"])
        if beam is not None and 1 <= beam <= 10:
            out[decoding], out[width] = ("beam" if beam > 1 else "greedy"), max(2, beam)
        else:
            unknown("beam", query["beam"])
    tab = query.get("tab")
    if tab is not None:
        if tab in TAB_IDS:
            out[tabs], out[active_tab] = gr.Tabs(selected=tab), tab
        else:
            unknown("tab", tab)
    out[notice] = "  \n".join(f"⚠️ {n}" for n in notes)
    return out


def on_lesson_open(state, live=(), lang="en"):
    """ "Open in the explorer": the chapter's task, checkpoint and sentence on the Playback view (the
    translation follows in the same chain)."""
    if not state:
        return {}
    key = state["task"]
    out = on_task(key, live, lang)
    out[ckpt] = gr.Dropdown(choices=REG.choices(key, lang, live or ()), value=state["checkpoint"])
    out.update({task: key, text: state["sentence"], tabs: gr.Tabs(selected="playback"), active_tab: "playback"})
    return out


def on_language(lang, task_key, live=()):
    """Switch the page's language: every label, choice and explanation, then the visible view is redrawn."""
    table = texts.table(lang)
    out = {language_state: lang}
    for component, kind, key in TRANSLATED:
        out[component] = gr.update(**{kind: table[key]})
    out[task] = gr.Radio(choices=task_choices(lang), label=table["task"])
    out[order] = gr.Radio(choices=views.unit_order_choices(lang), label=table["order"])
    out[pattern] = gr.Radio(choices=near.pattern_choices(lang), label=table["pattern"])
    out[ckpt] = gr.Dropdown(choices=REG.choices(task_key, lang, live or ()), label=table["checkpoint"])
    out[task_note] = views.task_note(task_key, lang, REG.data_dir)
    out[decoding] = gr.Radio(
        choices=[(table["decoding_greedy"], "greedy"), (table["decoding_beam"], "beam")], label=table["decoding"]
    )
    return out


def settle(shown: dict | None, wanted: dict) -> tuple[dict, dict]:
    """Answers for controls whose properties follow the model or the sentence (choices, slider bounds, the
    n-best table's headers): a property update only where the page shows other properties, a plain value
    where it already shows these. Gradio rebuilds a component for every property update (≈ 6 ms of server
    time each, measured); a plain value costs a fraction of that.

    ``wanted`` maps a component to ``(properties, value)``; ``shown`` (per page, in ``props_shown``) maps a
    component's id to the properties it was last given. Returns the answers and the new ``shown``."""
    shown = dict(shown or {})
    out = {}
    for component, (props, value) in wanted.items():
        if shown.get(component._id) == props:
            out[component] = value
        else:
            out[component] = gr.update(**props, value=value)
            shown[component._id] = props
    return out, shown


class Overlaps:
    """Which sessions have had two translations in flight at once. Their answers may reach the page in any
    order, so what ``props_shown`` remembers could differ from what the page shows: such translations send
    every property and store nothing (the next one then sends every property too)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: dict[str, int] = {}  # session -> translations in flight
        self.mixed: set[str] = set()  # sessions whose translations overlapped since they were last all done

    def start(self, session: str) -> None:
        with self.lock:
            self.running[session] = self.running.get(session, 0) + 1
            if self.running[session] > 1:
                self.mixed.add(session)

    def finish(self, session: str) -> bool:
        """Count one translation done; returns whether it overlapped another."""
        with self.lock:
            mixed = session in self.mixed
            self.running[session] -= 1
            if not self.running[session]:
                del self.running[session]
                self.mixed.discard(session)
            return mixed


OVERLAPS = Overlaps()


def on_translate(sentence, name, mode, beam_width, max_pieces, iv_array_now="h", iv_layer_now=0, lang="en"):
    """The translation and its text; with the controls whose properties follow the model and the sentence,
    as ``settle`` takes them (``wanted``)."""
    beam = int(beam_width) if mode == "beam" else 1
    t = views.run_translation(REG, sentence, name, beam, int(max_pieces))
    model = REG.get(name)
    arrays = texts.array_choices(views.cell_of(model), lang)
    top_layer = model.config.layers - 1
    wanted = {
        nbest: (
            {"headers": ["#", texts.t("col_translation", lang), texts.t("col_score", lang)], "visible": bool(t.nbest)},
            views.nbest_rows(t),
        ),
        array: ({"choices": arrays}, "h"),
        layer: ({"choices": list(range(model.config.layers))}, 0),
        step: ({"minimum": 0, "maximum": max(1, len(t.trace.decoder_outputs) - 1), "step": 1}, 0),
        # the intervention fields keep what the user set, where the new model has it
        iv_array: ({"choices": arrays}, iv_array_now if iv_array_now in {v for _, v in arrays} else "h"),
        iv_layer: ({"maximum": top_layer}, min(int(iv_layer_now or 0), top_layer)),
        # the presets this cell has (a GRU's z = 1 on an LSTM would do nothing)
        iv_preset: ({"choices": views.preset_choices(views.cell_of(model), lang)}, None),
    }
    out = {current: t, out_text: views.display_text(t.text, lang), pieces: views.pieces_html(t, lang), message: ""}
    return out, wanted


def render(tab, t, shown, unit_order, n_units, layer_no, step_no, sentence, task_key, name, lang="en"):
    """The visible tab only: the others are built when their tab is opened. The message line belongs to the
    translation and is left as it is."""
    if tab == "compare":
        return on_compare(sentence, task_key, name, shown, unit_order, n_units, lang)
    if tab == "card":
        return on_card(name, lang)
    if t is None:
        return {}
    cell = CELLS[t.trace.cell]
    layer_no = layer_no or 0
    if tab == "playback":
        units = views.unit_order(t, "h", "variance", PLAYBACK_UNITS, layer_no)
        return {playback_view: playback.to_json(t, units, layer_no, lang)}
    if tab == "states":
        f_enc, f_dec, _ = views.state_figures(t, shown or "h", unit_order, n_units, layer_no, lang=lang)
        return {enc_plot: f_enc, dec_plot: f_dec, states_note: "" if cell.has_gates else texts.t("no_gates", lang)}
    if tab == "attention":
        has = t.trace.attention is not None
        return {
            att_plot: gr.Plot(figures.attention_heatmap(t.trace, lang) if has else None, visible=has),
            att_note: "" if has else texts.t("no_attention", lang),
            sal_plot: views.saliency_figure(REG, name, t, lang),
        }
    if tab == "steps":
        units = views.unit_order(t, "h", unit_order, min(int(n_units), 32), layer_no)
        return {
            topk_plot: figures.topk_bars(t.trace, step_no, lang),
            gates_plot: figures.step_gates(t.trace, cell, step_no, layer_no, units, lang),
        }
    if tab == "saturation":
        note = "" if cell.has_gates else texts.t("no_gates", lang)
        return {sat_plot: figures.saturation(t.trace, cell, lang), sat_note: note}
    return {}


def on_compare(sentence, task_key, name, shown, unit_order, n_units, lang="en"):
    out = {message: ""}
    for (cell, other), (title, enc, dec) in zip(REG.trio(task_key, name), compare_columns, strict=True):
        if other is None:
            out[title], out[enc], out[dec] = views.compare_heading(REG, None, cell, lang=lang), None, None
            continue
        t = views.run_translation(REG, sentence, other)
        shown_here = shown if shown in t.trace.encoder[0] else "h"
        f_enc, f_dec, _ = views.state_figures(t, shown_here, unit_order, n_units, lang=lang)
        out[title] = views.compare_heading(REG, other, cell, t.text, lang)
        out[enc], out[dec] = f_enc, f_dec
        try:
            out[compare_maps[cell]] = near.trajectory_figure(REG, other, t, lang, title=other)
        except InputError:  # no state index for this one: the Neighbours tab says how to build it
            out[compare_maps[cell]] = None
    return out


def on_near(tab, t, name, k, step_no, lang="en"):
    """The Neighbours tab (drawn only when it is the visible one): nearest training sentences and decoder
    steps, the trajectory map and the span picker; without an index, the command that builds it."""
    if tab != "near" or t is None:
        return {}
    out = {
        span: gr.update(choices=near.span_choices(t), value=[]),
        near_step: gr.update(minimum=0, maximum=max(1, len(t.trace.decoder_outputs) - 1), step=1),
        near_note: "",
    }
    try:
        index = near.state_index(REG, name)
    except InputError as e:
        return {**out, near_note: f"⚠️ {views.message(e, lang)}", near_sent: None, near_dec: None, traj_plot: None}
    headers = [texts.t("col_similarity", lang), texts.t("col_source", lang)]
    out[near_sent] = gr.Dataframe(
        value=near.sentence_rows(index, t, int(k)), headers=[*headers, texts.t("col_target", lang)]
    )
    out[near_dec] = gr.Dataframe(
        value=near.step_rows(REG, index, name, t, int(step_no or 0), int(k)),
        headers=[*headers, texts.t("col_context", lang)],
    )
    out[traj_plot] = near.trajectory_figure(REG, name, t, lang)
    return out


def on_near_step(t, name, k, step_no, lang="en"):
    if t is None:
        return {}
    index = near.state_index(REG, name)
    return {near_dec: near.step_rows(REG, index, name, t, int(step_no or 0), int(k))}


def on_show(tab, t, shown, unit_order, n_units, layer_no, step_no, sentence, task_key, name, k, near_no, lang="en"):
    """Draw the visible tab: its figures and, on the Neighbours tab, its tables and map (one event, not two)."""
    args = (shown, unit_order, n_units, layer_no, step_no, sentence, task_key, name)
    return {**render(tab, t, *args, lang), **on_near(tab, t, name, k, near_no, lang)}


def blanked(out: dict) -> dict:
    """``out`` with every view output it leaves out set to a blank value. Gradio turns a left-out output into a
    skip, and a skip (like any update) costs a component rebuild — about 1.5 ms each, measured: with 40 outputs
    per event that was most of the server's time. Blank figures of hidden tabs are redrawn when the tab opens.
    An answer that draws nothing (no translation yet) blanks nothing: it may race a translation's answer."""
    if not set(out) & set(BLANKS):
        return out
    return {**{c: v for c, v in BLANKS.items() if c not in out}, **out}


def on_translate_show(
    sentence,
    name,
    mode,
    beam_width,
    max_pieces,
    tab,
    unit_order,
    n_units,
    task_key,
    k,
    shown,
    iv_a,
    iv_l,
    request: gr.Request = None,
    lang="en",
):
    """Translate, then draw the visible tab, in one event: a class pressing Translate at once waits on one queue
    trip each, not three."""
    session = getattr(request, "session_hash", None) or ""
    OVERLAPS.start(session)
    try:
        out, wanted = on_translate(sentence, name, mode, beam_width, max_pieces, iv_a, iv_l, lang)
        out.update(on_show(tab, out[current], "h", unit_order, n_units, 0, 0, sentence, task_key, name, k, 0, lang))
    finally:
        overlapped = OVERLAPS.finish(session)
    # another translation of this page ran meanwhile: its answer may land before or after this one
    updates, shown = settle(None if overlapped else shown, wanted)
    return blanked({**out, **updates, props_shown: {} if overlapped else shown})


def tab_shower(key: str):
    """The handler of one tab's select event: remember the tab and draw it, in one event. Its outputs are that
    tab's own (``TAB_OUTPUTS``): the other tabs keep what they show for this sentence."""

    def show(t, shown, unit_order, n_units, layer_no, step_no, sentence, task_key, name, k, near_no, lang="en"):
        drawn = on_show(
            key, t, shown, unit_order, n_units, layer_no, step_no, sentence, task_key, name, k, near_no, lang
        )
        return {active_tab: key, **drawn}

    return show


def on_search(t, name, pattern_key, picked, lang="en"):
    if t is None:
        return {}
    md, fig, units = near.unit_search_view(REG, name, t, pattern_key, picked, lang)
    return {search_md: md, search_plot: fig, search_units: units, message: ""}


def on_send_units(units, name, lang="en"):
    if not units:
        return {}
    top = REG.get(name).config.layers - 1
    listed = ", ".join(map(str, units))
    return {
        iv_side: "encoder",
        iv_layer: top,
        iv_array: "h",
        iv_units: listed,
        search_md: texts.t("search_sent", lang, units=listed),
    }


def on_score(sentence, name, ref, lang="en"):
    summary, fig = views.teacher_forcing_view(REG, sentence, name, ref, lang)
    return {tf_md: summary, tf_plot: fig, message: ""}


def on_card(name, lang="en"):
    md, curve, by_len = views.model_card(REG.get(name), lang)
    return {card_md: md, curve_plot: curve, bylen_plot: by_len, message: ""}


def on_what_if(sentence, name, prefix, mode, beam_width, lang="en"):
    beam = int(beam_width) if mode == "beam" else 1
    summary, t = views.what_if_view(REG, sentence, name, prefix, beam, lang)
    return {whatif_md: summary, whatif_pieces: views.pieces_html(t, lang), message: ""}


def on_preset(preset, t):
    """Fill the intervention fields from a preset (computed on the current translation)."""
    if t is None or not preset:
        return {}
    spec = views.intervention_presets(t, CELLS[t.trace.cell]).get(preset)
    if spec is None:
        return {}
    return {
        iv_side: spec["side"],
        iv_layer: spec["layer"],
        iv_array: spec["array"],
        iv_units: "all"
        if len(spec["units"]) == t.trace.encoder[0]["h"].shape[1]
        else ", ".join(map(str, spec["units"])),
        iv_value: spec["value"],
    }


def on_intervene(sentence, name, side, layer_no, array_key, units_text, value, lang="en"):
    units = [u.strip() for u in str(units_text or "").replace(";", ",").split(",") if u.strip()]
    if [u.lower() for u in units] in (["all"], ["전체"]):
        units = list(range(REG.get(name).config.units))
    spec = {"side": side, "layer": layer_no, "array": array_key, "units": units, "value": value}
    try:
        summary, _, fig = views.intervention_view(REG, sentence, name, spec, lang)
    except InputError as e:  # said beside the form it is about, and no earlier result left under it
        return {iv_md: f"⚠️ {views.message(e, lang)}", iv_plot: None, message: ""}
    return {iv_md: summary, iv_plot: fig, message: ""}


def live_run(cells, units, attention, reverse, seconds, probe, live, lang="en"):
    """Train one cell (or race three) in the server's queue and stream what happens; the page's loop keeps the
    job alive (a closed page stops it). Finished models join this page's checkpoint picker."""
    specs = [LiveSpec.checked(c, units, attention, reverse, seconds) for c in cells]
    names, jobs, shown = list(live or []), [], -1
    try:
        for i, spec in enumerate(specs):
            job = LIVE.submit(spec, probe)
            jobs.append(job)
            part = texts.t("live_race_part", lang, i=i + 1) if len(specs) > 1 else ""
            yield {live_job: job.name}
            while True:
                job.seen()
                done = job.wait(1.0)
                out = {live_status: training.status_html(job, lang, part)}
                if len(job.history) != shown:  # redraw the figures only when an epoch has finished
                    shown = len(job.history)
                    out[live_curve] = training.race(jobs, lang) if len(specs) > 1 else training.curve(job, lang)
                    out[live_heat] = training.probe_heatmap(job, lang)
                yield out
                if done:
                    break
            shown = -1
            if job.folder is not None:
                names.append(job.name)
                # the page moves to the dates task with the new model picked: task, note, examples and
                # checkpoint list agree (a live model learns the dates)
                picked = gr.Dropdown(choices=REG.choices(DATES_TASK, lang, names), value=job.name)
                yield {**on_task(DATES_TASK, names, lang), live_names: names, task: DATES_TASK, ckpt: picked}
            if job.state == "stopped":
                break
    finally:
        for job in jobs:  # the page went away or the handler failed: do not train for nobody
            if not job.done:
                job.stop()


def on_live_train(cell, units, attention, reverse, seconds, probe, live, lang="en"):
    yield from live_run([cell], units, attention, reverse, seconds, probe, live, lang)


def on_live_race(cell, units, attention, reverse, seconds, probe, live, lang="en"):
    yield from live_run(list(CELLS), units, attention, reverse, seconds, probe, live, lang)


def on_live_stop(name):
    job = LIVE.jobs.get(name) if isinstance(name, str) else None
    if job is not None:
        job.stop()
    return {}


def api_errors(fn):
    """A named endpoint's bad input comes back as an error with the library's message, not a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            raise gr.Error(str(e), print_exception=False) from None

    return wrapper


@api_errors
def api_continue(text: str, checkpoint: str, prefix: str, beam_size: int = 1) -> dict:
    """What if the translation started with `prefix` (target-language text)? The decoder is forced through its
    pieces, then continues (greedy, or a beam of `beam_size`). Returns what /translate returns, plus `forced`
    (how many pieces were forced) and `log_prob`."""
    return views.api_continue(REG, text, checkpoint, prefix, beam_size)


@api_errors
def api_intervene(text: str, checkpoint: str, spec: str) -> dict:
    """Translate greedily with units clamped: `spec` is JSON {"side": "encoder"|"decoder", "layer": 0, "array":
    "h"|"c"|"i"|"f"|"g"|"o"|"z"|"r"|"hh", "units": [3, 17], "value": 0.0}. Returns what /translate returns,
    plus `original` (the unclamped translation, same fields)."""
    return views.api_intervene(REG, text, checkpoint, spec)


@api_errors
def api_saliency(text: str, checkpoint: str) -> dict:
    """For the model's own (greedy) translation, S[t][s] = ‖∂ log p(y_t | y_<t, x) / ∂ e(x_s)‖₂ (unnormalised),
    one row per target piece and one for </s>: {"source_pieces", "target_pieces", "saliency"}."""
    return views.api_saliency(REG, text, checkpoint)


@api_errors
def api_neighbours(text: str, checkpoint: str, k: int = 8) -> list:
    """The k training pairs whose encoder final state is closest (cosine) to the sentence's, most similar
    first: [{"source", "target", "similarity"}, …]. Needs the checkpoint's state index."""
    return near.api_neighbours(REG, text, checkpoint, k)


@api_errors
def api_train_live(
    cell: str = "lstm", units: int = 32, attention: bool = True, reverse_source: bool = False, seconds: float = 60
) -> dict:
    """Train a small dates model for `seconds` (10–180) in the server's queue (one training at a time) and
    return {"checkpoint", "epochs", "dev_loss", "exact_match", "history": [...]} when it is done; /translate
    and every other endpoint then accept the checkpoint's name (for an hour)."""
    job = LIVE.submit(LiveSpec.checked(cell, units, attention, reverse_source, seconds))
    while not job.wait(1.0):
        job.seen()
    if job.state == "failed":
        raise InputError(job.error, key="live_failed", params={"error": job.error})
    out = job.summary()
    del out["state"]
    return out


@api_errors
def api_translate(text: str, checkpoint: str, beam_size: int = 1, arrays: bool = True) -> dict:
    """Translate `text` with `checkpoint` (a name from the page's picker) and return the translation, source and
    target pieces, per-piece probabilities and every traced array as nested lists (6 decimals); `arrays=False`
    leaves the per-step arrays out (encoder, decoder, attention: null) for a lighter answer."""
    return views.api_result(REG, text, checkpoint, beam_size, arrays)


# The copy-link button builds the link in the browser from what is on screen (no server round trip).
# The tab comes from the page itself (the selected tab's label), not from the server's record of it, which
# lags while the tab's figures are still being drawn (the first saliency map takes seconds).
TAB_OF_LABEL = {texts.t(f"tab_{key}", lang): key for key in TAB_IDS for lang in ("en", "ko")}
LINK_JS = (
    """(task, ckpt, text, decoding, width, tab, chapter, lang) => {
  const labels = """
    + json.dumps(TAB_OF_LABEL, ensure_ascii=False)
    + """;
  const selected = document.querySelector('[role=tab][aria-selected=true]');
  tab = (selected && labels[selected.textContent.trim()]) || tab;
  const u = new URL(window.location.href.split('?')[0]);
  u.searchParams.set('task', task); u.searchParams.set('checkpoint', ckpt); u.searchParams.set('text', text);
  if (decoding === 'beam') u.searchParams.set('beam', String(width));
  if (tab && tab !== 'playback') u.searchParams.set('tab', tab);
  if (tab === 'lesson') u.searchParams.set('chapter', String(chapter));
  u.searchParams.set('lang', lang);
  const link = u.toString();
  if (navigator.clipboard) navigator.clipboard.writeText(link).catch(() => {});
  return link;
}"""
)
# ← / → move between the lesson's chapters while it is on screen (not while typing in a field); a link to a
# chapter scrolls the lesson to the top of the screen once it is drawn (a projector shows the lesson, not the form).
LESSON_KEYS_JS = """() => {
  if (new URLSearchParams(window.location.search).get('tab') === 'lesson') {
    let tries = 0;
    const wait = setInterval(() => {
      const head = document.querySelector('#lesson-root .lesson-head h2');
      if (head || ++tries > 150) clearInterval(wait);
      if (head) document.getElementById('lesson-root').scrollIntoView({block: 'start'});
    }, 100);
  }
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    const el = e.target;
    if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
    if (el && el.getAttribute && el.getAttribute('role') === 'tab') return;  // arrow keys move between tabs
    const root = document.getElementById('lesson-root');
    if (!root || !root.offsetParent) return;
    const button = document.getElementById(e.key === 'ArrowLeft' ? 'lesson-prev' : 'lesson-next');
    if (button) { e.preventDefault(); button.click(); }
  });
}"""
TRANSLATED: list[tuple[gr.components.Component, str, str]] = []  # (component, attribute, text key)
BLANKS: dict = {}  # view output -> its blank value (filled after the layout; see blanked)


def tr(component, key: str, kind: str = "label"):
    """Register a component whose ``kind`` (label or value) is the text ``key``: the language switch redraws it."""
    TRANSLATED.append((component, kind, key))
    return component


# -- layout -------------------------------------------------------------------------------------------------
with gr.Blocks(title="Seq2Seq Explorer") as demo:
    current = gr.State(None)
    # The tab on screen, kept by the browser (each tab's select sets it there, at once): a State lives on the
    # server, where a tab's select answered after a link's own choice of tab could overwrite it (Gradio
    # selects the first tab as the page mounts), and the next translation then drew the wrong tab.
    active_tab = gr.Textbox("playback", visible=False)
    language_state = gr.State("en")  # "en" or "ko": what the server writes (figures, messages) is in it
    props_shown = gr.State({})  # component id -> the properties the page last received (see settle)
    lesson_no, lesson_state = gr.State(1), gr.State(None)  # the lesson's chapter; its answer and hand-over
    relabel = gr.State(None)  # a link's ?lang= when it is not the browser's: every label follows it
    # The first screen (1280×800 and 1366×768): the form in two rows, the translation, then the playback view.
    tr(gr.Markdown(i18n("title"), elem_classes="title"), "title", "value")
    with gr.Row(equal_height=True, elem_classes="top-row"):
        task = tr(gr.Radio(TASK_CHOICES, value=DEFAULT_TASK, label=i18n("task"), scale=3), "task")
        # allow_custom_value: API callers may name any loaded checkpoint, not only the first task's; the
        # name is looked up in the registry (never opened as a path), so anything else is refused there.
        ckpt = tr(
            gr.Dropdown(
                REG.choices(DEFAULT_TASK),
                value=default_checkpoint(DEFAULT_TASK),
                label=i18n("checkpoint"),
                allow_custom_value=True,
                scale=2,
            ),
            "checkpoint",
        )
        language_switch = gr.Radio(
            [("English", "en"), ("한국어", "ko")], value="en", label=i18n("language"), scale=1, min_width=170
        )
    test_ex, hand_ex = views.examples(DEFAULT_TASK, data_dir=REG.data_dir)
    task_note = gr.Markdown(
        i18n(f"task_note_{DEFAULT_TASK}") if f"task_note_{DEFAULT_TASK}" in EN else views.task_note(DEFAULT_TASK),
        elem_classes="task-note",
    )
    with gr.Row(equal_height=True):
        text = tr(
            gr.Textbox(value=(hand_ex or [""])[0], label=i18n("sentence"), lines=1, autofocus=True, scale=6),
            "sentence",
        )
        go_btn = tr(gr.Button(i18n("translate"), variant="primary", scale=1, min_width=120), "translate", "value")
    with gr.Row(equal_height=False):
        with tr(gr.Accordion(i18n("examples"), open=False), "examples"):
            ex_hand = tr(
                gr.Dataset(components=[text], samples=[[s] for s in hand_ex], label=i18n("examples_hand")),
                "examples_hand",
            )
            ex_test = tr(
                gr.Dataset(components=[text], samples=[[s] for s in test_ex], label=i18n("examples_test")),
                "examples_test",
            )
        with tr(gr.Accordion(i18n("settings"), open=False), "settings"):
            with gr.Row():
                decoding = tr(
                    gr.Radio(
                        [(i18n("decoding_greedy"), "greedy"), (i18n("decoding_beam"), "beam")],
                        value="greedy",
                        label=i18n("decoding"),
                    ),
                    "decoding",
                )
                width = tr(gr.Slider(2, 10, value=5, step=1, label=i18n("beam_width")), "beam_width")
            max_len = tr(gr.Slider(4, 128, value=64, step=1, label=i18n("max_len")), "max_len")
            link_btn = tr(gr.Button(i18n("copy_link"), size="sm"), "copy_link", "value")
            link = tr(gr.Textbox(label=i18n("link"), interactive=False, buttons=["copy"]), "link")
    if REG.errors:
        tr(gr.Markdown(i18n("unavailable"), elem_classes="message-out"), "unavailable", "value")
        gr.Markdown("\n".join(f"- {v}" for v in REG.errors.values()))
    notice = gr.Markdown(elem_classes="message-out")  # what a link asked for that is not here
    message = gr.Markdown(elem_classes="message-out")  # what went wrong with the last request
    with gr.Row(equal_height=False, elem_classes="result-row"):
        out_text = tr(gr.Markdown(label=i18n("translation"), elem_classes="translation-out"), "translation")
        pieces = tr(gr.HTML(label=i18n("pieces")), "pieces")
    nbest = tr(
        gr.Dataframe(
            headers=["#", EN["col_translation"], EN["col_score"]],  # set in the page's language on translate
            label=i18n("nbest"),
            visible=False,
            interactive=False,
        ),
        "nbest",
    )
    with gr.Tabs(selected="playback") as tabs:
        with tr(gr.Tab(i18n("tab_lesson"), id="lesson"), "tab_lesson") as tab_lesson:
            with gr.Column(elem_id="lesson-root"):
                with gr.Row(equal_height=True, elem_classes="no-print"):
                    lesson_prev = tr(
                        gr.Button(i18n("lesson_prev"), elem_id="lesson-prev", scale=1, min_width=90),
                        "lesson_prev",
                        "value",
                    )
                    lesson_pick = tr(
                        gr.Dropdown(lesson_view.chapter_choices(), value=1, label=i18n("lesson_chapter"), scale=4),
                        "lesson_chapter",
                    )
                    lesson_next = tr(
                        gr.Button(i18n("lesson_next"), elem_id="lesson-next", scale=1, min_width=90),
                        "lesson_next",
                        "value",
                    )
                    lesson_open = tr(gr.Button(i18n("lesson_open"), scale=1), "lesson_open", "value")
                    lesson_print = tr(gr.Button(i18n("lesson_print"), scale=1), "lesson_print", "value")
                lesson_head = gr.Markdown(elem_classes="lesson-head")
                with gr.Row(equal_height=False):
                    lesson_body = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
                    with gr.Column():
                        lesson_plot = gr.Plot(show_label=False)
                        lesson_chips = gr.HTML()
                lesson_try = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
                with gr.Row(equal_height=True, elem_classes="no-print"):
                    lesson_sentence = tr(gr.Textbox(label=i18n("lesson_sentence"), scale=4), "lesson_sentence")
                    lesson_reference = tr(
                        gr.Textbox(label=i18n("lesson_reference"), scale=4, visible=False), "lesson_reference"
                    )
                    lesson_unit = tr(
                        gr.Number(0, precision=0, minimum=0, label=i18n("lesson_unit"), scale=1, visible=False),
                        "lesson_unit",
                    )
                    lesson_run = tr(gr.Button(i18n("lesson_run"), scale=1), "lesson_run", "value")
                lesson_question = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
                with gr.Row(equal_height=True):
                    lesson_answers = tr(gr.Radio([], label=i18n("lesson_question"), scale=4), "lesson_question")
                    lesson_check = tr(
                        gr.Button(i18n("lesson_check"), variant="primary", scale=1), "lesson_check", "value"
                    )
                lesson_verdict = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
        with tr(gr.Tab(i18n("tab_playback"), id="playback"), "tab_playback") as tab_playback:
            playback_view = gr.HTML(
                value="", html_template='<div class="pb-root"></div>', js_on_load=playback.JS, elem_classes="playback"
            )
            tr(
                gr.Markdown(i18n("explain_playback"), latex_delimiters=LATEX, elem_classes="explain"),
                "explain_playback",
                "value",
            )
        with tr(gr.Tab(i18n("tab_states"), id="states"), "tab_states") as tab_states:
            tr(
                gr.Markdown(i18n("explain_states"), latex_delimiters=LATEX, elem_classes="explain"),
                "explain_states",
                "value",
            )
            with gr.Row():
                array = tr(
                    gr.Radio(texts.array_choices(CELLS["rnn"]), value="h", label=i18n("array"), scale=3), "array"
                )
                order = tr(
                    gr.Radio(
                        [(i18n(f"order_{o}"), o) for o in figures.UNIT_ORDERS],
                        value="variance",
                        label=i18n("order"),
                        scale=2,
                    ),
                    "order",
                )
                top = tr(gr.Slider(4, 256, value=32, step=4, label=i18n("top"), scale=2), "top")
                layer = tr(gr.Radio([0], value=0, label=i18n("layer"), scale=1), "layer")
            states_note = gr.Markdown()
            enc_plot, dec_plot = gr.Plot(show_label=False), gr.Plot(show_label=False)
        with tr(gr.Tab(i18n("tab_attention"), id="attention"), "tab_attention") as tab_attention:
            tr(
                gr.Markdown(i18n("explain_attention"), latex_delimiters=LATEX, elem_classes="explain"),
                "explain_attention",
                "value",
            )
            att_note = gr.Markdown()
            with gr.Row():
                att_plot = gr.Plot(show_label=False)
                with gr.Column():
                    sal_plot = gr.Plot(show_label=False)
                    tr(
                        gr.Markdown(i18n("explain_saliency"), latex_delimiters=LATEX, elem_classes="explain"),
                        "explain_saliency",
                        "value",
                    )
        with tr(gr.Tab(i18n("tab_steps"), id="steps"), "tab_steps") as tab_steps:
            tr(
                gr.Markdown(i18n("explain_steps"), latex_delimiters=LATEX, elem_classes="explain"),
                "explain_steps",
                "value",
            )
            step = tr(gr.Slider(0, 1, value=0, step=1, label=i18n("step")), "step")
            topk_plot, gates_plot = gr.Plot(show_label=False), gr.Plot(show_label=False)
        with tr(gr.Tab(i18n("tab_saturation"), id="saturation"), "tab_saturation") as tab_saturation:
            tr(gr.Markdown(i18n("explain_saturation"), elem_classes="explain"), "explain_saturation", "value")
            sat_note = gr.Markdown()
            sat_plot = gr.Plot(show_label=False)
        with tr(gr.Tab(i18n("tab_compare"), id="compare"), "tab_compare") as tab_compare:
            tr(gr.Markdown(i18n("explain_compare"), elem_classes="explain"), "explain_compare", "value")
            compare_btn = tr(gr.Button(i18n("compare")), "compare", "value")
            compare_columns = []  # (title, encoder plot, decoder plot) per cell, in CELLS order
            compare_maps = {}  # cell -> its trajectory map (when the checkpoint has a state index)
            with gr.Row():
                for cell_key in CELLS:
                    with gr.Column(min_width=300):
                        compare_columns.append((gr.Markdown(), gr.Plot(show_label=False), gr.Plot(show_label=False)))
                        compare_maps[cell_key] = gr.Plot(show_label=False)
        with tr(gr.Tab(i18n("tab_tf"), id="tf"), "tab_tf") as tab_tf:
            tr(gr.Markdown(i18n("explain_tf"), elem_classes="explain"), "explain_tf", "value")
            with gr.Row():
                reference = tr(gr.Textbox(label=i18n("reference"), scale=4), "reference")
                score_btn = tr(gr.Button(i18n("score"), scale=1), "score", "value")
            tf_md, tf_plot = gr.Markdown(), gr.Plot(show_label=False)
        with tr(gr.Tab(i18n("tab_why"), id="why"), "tab_why") as tab_why:
            tr(gr.Markdown(i18n("explain_why"), latex_delimiters=LATEX, elem_classes="explain"), "explain_why", "value")
            with gr.Row(equal_height=True):
                whatif_prefix = tr(
                    gr.Textbox(label=i18n("whatif_prefix"), elem_id="whatif-prefix", scale=4), "whatif_prefix"
                )
                whatif_btn = tr(gr.Button(i18n("whatif_go"), elem_id="whatif-go", scale=1), "whatif_go", "value")
            whatif_md, whatif_pieces = gr.Markdown(), gr.HTML()
            with gr.Row(equal_height=True):
                iv_preset = tr(
                    gr.Dropdown(
                        [(i18n(f"preset_{k}"), k) for k in ("top_off", "forget_1", "forget_0", "update_1")],
                        value=None,
                        label=i18n("intervene_preset"),
                        scale=3,
                    ),
                    "intervene_preset",
                )
                iv_side = tr(
                    gr.Radio(
                        [(i18n("side_encoder"), "encoder"), (i18n("side_decoder"), "decoder")],
                        value="encoder",
                        label=i18n("intervene_side"),
                        scale=2,
                    ),
                    "intervene_side",
                )
                iv_layer = tr(
                    gr.Number(0, precision=0, minimum=0, label=i18n("intervene_layer"), scale=1), "intervene_layer"
                )
                iv_array = tr(
                    gr.Dropdown(list(ARRAYS), value="h", label=i18n("intervene_array"), scale=1), "intervene_array"
                )
                iv_units = tr(
                    gr.Textbox("0, 1, 2", label=i18n("intervene_units"), lines=1, max_lines=2, scale=3),
                    "intervene_units",
                )
                iv_value = tr(gr.Number(0.0, label=i18n("intervene_value"), scale=1), "intervene_value")
            iv_btn = tr(gr.Button(i18n("intervene_go"), variant="primary"), "intervene_go", "value")
            iv_md, iv_plot = gr.Markdown(), gr.Plot(show_label=False)
        with tr(gr.Tab(i18n("tab_near"), id="near"), "tab_near") as tab_near:
            tr(
                gr.Markdown(i18n("explain_near"), latex_delimiters=LATEX, elem_classes="explain"),
                "explain_near",
                "value",
            )
            near_note = gr.Markdown(elem_classes="message-out")
            with gr.Row():
                near_k = tr(gr.Slider(1, 20, value=8, step=1, label=i18n("near_k"), scale=1), "near_k")
                near_step = tr(gr.Slider(0, 1, value=0, step=1, label=i18n("near_step"), scale=2), "near_step")
            with gr.Row(equal_height=False):
                near_sent = tr(
                    gr.Dataframe(label=i18n("near_sentences"), interactive=False, wrap=True), "near_sentences"
                )
                near_dec = tr(gr.Dataframe(label=i18n("near_steps"), interactive=False, wrap=True), "near_steps")
            traj_plot = gr.Plot(show_label=False)
            tr(gr.Markdown(i18n("search_title")), "search_title", "value")
            tr(gr.Markdown(i18n("explain_search"), elem_classes="explain"), "explain_search", "value")
            pattern = tr(
                gr.Radio(
                    [(i18n(f"pattern_{k}"), k) for _, k in near.pattern_choices()], value="span", label=i18n("pattern")
                ),
                "pattern",
            )
            span = tr(gr.CheckboxGroup([], label=i18n("search_span")), "search_span")
            with gr.Row():
                search_btn = tr(gr.Button(i18n("search_go"), variant="primary"), "search_go", "value")
                send_btn = tr(gr.Button(i18n("search_send")), "search_send", "value")
            search_md, search_plot, search_units = gr.Markdown(), gr.Plot(show_label=False), gr.State([])
        with tr(gr.Tab(i18n("tab_train"), id="train"), "tab_train") as tab_train:
            tr(gr.Markdown(i18n("explain_train"), elem_classes="explain"), "explain_train", "value")
            with gr.Row():
                live_cell = tr(
                    gr.Radio([(c.label, k) for k, c in CELLS.items()], value="lstm", label=i18n("live_cell"), scale=2),
                    "live_cell",
                )
                live_units = tr(gr.Slider(8, 128, value=32, step=8, label=i18n("live_units"), scale=2), "live_units")
                live_secs = tr(
                    gr.Slider(30, 180, value=60, step=10, label=i18n("live_seconds"), scale=2), "live_seconds"
                )
                with gr.Column(scale=1, min_width=160):
                    live_attn = tr(gr.Checkbox(True, label=i18n("live_attention")), "live_attention")
                    live_rev = tr(gr.Checkbox(False, label=i18n("live_reverse")), "live_reverse")
            with gr.Row(equal_height=True):
                live_probe = tr(gr.Textbox("Friday, July 4, 1975", label=i18n("live_probe"), scale=3), "live_probe")
                live_btn = tr(gr.Button(i18n("live_train"), variant="primary", scale=1), "live_train", "value")
                race_btn = tr(gr.Button(i18n("live_race"), scale=1), "live_race", "value")
                stop_btn = tr(gr.Button(i18n("live_stop"), variant="stop", scale=1), "live_stop", "value")
            live_status = gr.HTML()
            with gr.Row(equal_height=False):
                live_curve, live_heat = gr.Plot(show_label=False), gr.Plot(show_label=False)
            tr(gr.Markdown(i18n("live_note"), elem_classes="task-note"), "live_note", "value")
            live_job, live_names = gr.State(None), gr.State([])
        with tr(gr.Tab(i18n("tab_card"), id="card"), "tab_card") as tab_card:
            tr(gr.Markdown(i18n("explain_card"), elem_classes="explain"), "explain_card", "value")
            card_md = gr.Markdown()
            with gr.Row():
                curve_plot, bylen_plot = gr.Plot(show_label=False), gr.Plot(show_label=False)

    # -- wiring: one line per event where possible; handlers return {component: value}, the language last ----
    view_inputs = [active_tab, current, array, order, top, layer, step, text, task, ckpt, language_state]
    near_outputs_all = {span, near_step, near_note, near_sent, near_dec, traj_plot}
    compare_outputs = {c for column in compare_columns for c in column} | set(compare_maps.values())
    view_outputs = {enc_plot, dec_plot, states_note, att_plot, att_note, topk_plot, gates_plot, sat_plot, sat_note}
    view_outputs.add(sal_plot)
    view_outputs |= {playback_view, card_md, curve_plot, bylen_plot, message} | compare_outputs
    TAB_OUTPUTS = {  # what each tab draws when it opens
        "playback": {playback_view},
        "states": {enc_plot, dec_plot, states_note},
        "attention": {att_plot, att_note, sal_plot},
        "steps": {topk_plot, gates_plot},
        "saturation": {sat_plot, sat_note},
        "compare": compare_outputs,
        "near": near_outputs_all,
        "card": {card_md, curve_plot, bylen_plot},
    }
    # what an event may blank instead of skipping (see blanked): every view's figures, tables and notes
    BLANKS.update({c: None for c in view_outputs | near_outputs_all if isinstance(c, gr.Plot | gr.Dataframe)})
    BLANKS.update({c: "" for c in view_outputs | near_outputs_all if isinstance(c, gr.Markdown | gr.HTML)})
    BLANKS.update({span: [], near_step: 0})
    render_g = guarded(lambda *a: blanked(render(*a)))
    near_inputs = [active_tab, current, ckpt, near_k, near_step, language_state]
    near_outputs = {span, near_step, near_note, near_sent, near_dec, traj_plot, message}
    near_g = guarded(on_near)
    translate_inputs = [text, ckpt, decoding, width, max_len, active_tab, order, top, task, near_k, props_shown]
    translate_inputs += [iv_array, iv_layer, language_state]
    translate_outputs = {current, props_shown, out_text, pieces, nbest, array, layer, step, message, iv_array, iv_layer}
    translate_outputs.add(iv_preset)
    translate_outputs |= view_outputs | near_outputs
    # a sentence that cannot be translated must not leave the previous sentence's translation and views up
    translate_g = guarded(on_translate_show, {current: None, out_text: "", pieces: "", playback_view: ""})

    def translate_then_render(event, named: bool = False):
        """Translate and draw the visible tab, in one event. ``named``: the Translate button's event is callable
        as /page_translate (undocumented): the benchmark drives the page's own event, session state included, as
        a browser does."""
        return event(
            translate_g,
            translate_inputs,
            translate_outputs,
            api_visibility="undocumented" if named else "private",
            api_name="page_translate" if named else None,
        )

    translate_then_render(go_btn.click, named=True)
    for event in (text.submit, ckpt.input):
        translate_then_render(event)
    task_outputs = {ckpt, ex_test, ex_hand, text, message, task_note}
    # .input, not .change: on_load sets the task itself and must not trigger a second translation
    translate_then_render(
        task.input(guarded(on_task), [task, live_names, language_state], task_outputs, api_visibility="private").then
    )
    load_outputs = task_outputs | {task, language_state, language_switch, decoding, width, tabs, active_tab, notice}
    load_outputs |= {relabel, lesson_no}
    page_opened = translate_then_render(demo.load(guarded(on_load), None, load_outputs, api_visibility="private").then)
    for ex in (ex_test, ex_hand):
        translate_then_render(ex.click(lambda s: s[0], ex, text, api_visibility="private").then)
    language_outputs = {language_state, task, order, pattern, ckpt, decoding, task_note} | {c for c, _, _ in TRANSLATED}
    language_switch.input(
        guarded(on_language), [language_switch, task, live_names], language_outputs, api_visibility="private"
    ).then(translate_g, translate_inputs, translate_outputs, api_visibility="private")
    for control in (array, order, top, layer, step):
        control.input(render_g, view_inputs, view_outputs, api_visibility="private")
    show_inputs = [current, array, order, top, layer, step, text, task, ckpt, near_k, near_step, language_state]
    for tab, key in (
        (tab_lesson, "lesson"),
        (tab_playback, "playback"),
        (tab_states, "states"),
        (tab_attention, "attention"),
        (tab_steps, "steps"),
        (tab_saturation, "saturation"),
        (tab_compare, "compare"),
        (tab_tf, "tf"),
        (tab_why, "why"),
        (tab_near, "near"),
        (tab_train, "train"),
        (tab_card, "card"),
    ):
        named = key == "states"  # callable as /page_tab_states: a tab switch, for the benchmark
        tab.select(None, None, active_tab, js=f"() => '{key}'", queue=False, api_visibility="private")
        tab.select(
            guarded(tab_shower(key)),
            show_inputs,
            TAB_OUTPUTS.get(key, set()) | {active_tab, message},
            api_visibility="undocumented" if named else "private",
            api_name="page_tab_states" if named else None,
        )
    # -- the lesson: handlers by name (explorer.lesson_view) ------------------------------------------------
    lesson_out = {
        "number": lesson_no,
        "picker": lesson_pick,
        "head": lesson_head,
        "body": lesson_body,
        "try_it": lesson_try,
        "sentence": lesson_sentence,
        "unit": lesson_unit,
        "reference": lesson_reference,
        "plot": lesson_plot,
        "chips": lesson_chips,
        "question": lesson_question,
        "answers": lesson_answers,
        "verdict": lesson_verdict,
        "state": lesson_state,
    }
    lesson_in = {"number": lesson_no, "lang": language_state}
    lesson_go = functools.partial(lesson_view.go, REG)
    wire(tab_lesson.select, lesson_go, lesson_in, lesson_out, message)
    wire(lesson_pick.input, lesson_go, {"number": lesson_pick, "lang": language_state}, lesson_out, message)
    for button, delta in ((lesson_prev, -1), (lesson_next, 1)):
        wire(button.click, functools.partial(lesson_view.step, REG, delta=delta), lesson_in, lesson_out, message)
    lesson_try_in = {**lesson_in, "sentence": lesson_sentence, "unit": lesson_unit, "reference": lesson_reference}
    for event in (lesson_run.click, lesson_sentence.submit, lesson_reference.submit):
        wire(event, functools.partial(lesson_view.show, REG), lesson_try_in, lesson_out, message)
    wire(
        lesson_check.click,
        lesson_view.check,
        {"state": lesson_state, "picked": lesson_answers, "lang": language_state},
        {"verdict": lesson_verdict},
        message,
    )
    lesson_print.click(None, None, None, js="() => window.print()", api_visibility="private")
    open_outputs = task_outputs | {task, tabs, active_tab}
    translate_then_render(
        lesson_open.click(
            guarded(on_lesson_open), [lesson_state, live_names, language_state], open_outputs, api_visibility="private"
        ).then
    )
    wire(
        page_opened.then,
        functools.partial(lesson_view.show_if_open, REG),
        {"tab": active_tab, "number": lesson_no, "lang": language_state},
        lesson_out,
        message,
    )
    relabel.change(guarded(on_language), [relabel, task, live_names], language_outputs, api_visibility="private")
    near_k.release(near_g, near_inputs, near_outputs, api_visibility="private")
    near_step.release(
        guarded(on_near_step),
        [current, ckpt, near_k, near_step, language_state],
        {near_dec, message},
        api_visibility="private",
    )
    search_inputs = [current, ckpt, pattern, span, language_state]
    search_outputs = {search_md, search_plot, search_units, message}
    search_btn.click(guarded(on_search), search_inputs, search_outputs, api_visibility="private")
    send_btn.click(
        guarded(on_send_units),
        [search_units, ckpt, language_state],
        {iv_side, iv_layer, iv_array, iv_units, search_md, message},
        api_visibility="private",
    )
    compare_g = guarded(on_compare)
    compare_inputs = [text, task, ckpt, array, order, top, language_state]
    compare_btn.click(  # callable as /compare_view (undocumented): the benchmark measures the whole view
        compare_g,
        compare_inputs,
        compare_outputs | {message},
        api_name="compare_view",
        api_visibility="undocumented",
    )
    score_g = guarded(on_score)
    for event in (score_btn.click, reference.submit):
        event(score_g, [text, ckpt, reference, language_state], {tf_md, tf_plot, message}, api_visibility="private")
    ckpt.change(
        guarded(on_card), [ckpt, language_state], {card_md, curve_plot, bylen_plot, message}, api_visibility="private"
    )
    link_inputs = [task, ckpt, text, decoding, width, active_tab, lesson_pick, language_switch]
    link_btn.click(None, link_inputs, link, js=LINK_JS, api_visibility="private")
    whatif_inputs = [text, ckpt, whatif_prefix, decoding, width, language_state]
    for event in (whatif_btn.click, whatif_prefix.submit):
        event(guarded(on_what_if), whatif_inputs, {whatif_md, whatif_pieces, message}, api_visibility="private")
    iv_fields = {iv_side, iv_layer, iv_array, iv_units, iv_value}
    iv_preset.input(guarded(on_preset), [iv_preset, current], iv_fields | {message}, api_visibility="private")
    iv_inputs = [text, ckpt, iv_side, iv_layer, iv_array, iv_units, iv_value, language_state]
    iv_btn.click(guarded(on_intervene), iv_inputs, {iv_md, iv_plot, message}, api_visibility="private")
    live_inputs = [live_cell, live_units, live_attn, live_rev, live_secs, live_probe, live_names, language_state]
    live_outputs = {live_job, live_status, live_curve, live_heat, live_names, message} | task_outputs | {task}
    for button, handler in ((live_btn, on_live_train), (race_btn, on_live_race)):
        # its own concurrency group: a training's page waits on the queue, not on the translation workers
        button.click(
            guarded_stream(handler),
            live_inputs,
            live_outputs,
            concurrency_limit=8,
            concurrency_id="live",
            api_visibility="private",
        )
    stop_btn.click(on_live_stop, live_job, None, api_visibility="private", queue=False)
    gr.api(api_translate, api_name="translate")
    gr.api(api_continue, api_name="continue")
    gr.api(api_intervene, api_name="intervene")
    gr.api(api_saliency, api_name="saliency")
    gr.api(api_neighbours, api_name="neighbours")
    gr.api(api_train_live, api_name="train_live", concurrency_limit=8, concurrency_id="live")

serving.skip_file_walk()  # outputs that cannot hold a file skip Gradio's per-number walk (explorer/serving.py)
if not serving.fragments_in_call_route():  # the curl API writes the answers' pre-written arrays too
    log.warning("gradio.routes no longer uses json: the /call route may not write array answers")
serving.lazy_session_config()  # a new session does not build every component's configuration up front
serving.quiet_queue_statistics()  # the queue's monitoring summary every 1,000 events, not after each
demo.queue(
    max_size=int(os.environ.get("SEQ2SEQ_QUEUE_SIZE", "64")),
    default_concurrency_limit=int(os.environ.get("SEQ2SEQ_CONCURRENCY", "2")),
    # waiting pages hear their position on joining, then once a second (Gradio's "auto": after every event
    # start, to each waiting page: 50 users x 5 requests p95 1.97 / 1.86 s -> 1.37 / 1.27 s, measured)
    status_update_rate=serving.status_update_rate(os.environ.get("SEQ2SEQ_STATUS_RATE")),
)
serving.wake_queue_on_change(demo._queue)  # the queue waits for a change instead of looking every millisecond

if __name__ == "__main__":
    warmup.start(REG, {key: default_checkpoint(key) for key in REG.tasks()})  # no cold first view (explorer/warmup.py)
    demo.launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        share=False,
        ssr_mode=False,
        run_history=False,
        max_file_size="1mb",
        show_error=False,
        i18n=i18n,
        theme=gr.themes.Soft(),
        css=CSS,
        js=LESSON_KEYS_JS,
    )
