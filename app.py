"""Seq2Seq Explorer — the Gradio page. Layout and event wiring only; the work is in ``explorer`` (handlers,
figures, texts) over the ``seq2seq`` library.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT override)
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: see seq2seq/__init__.py

import gradio as gr

from explorer import figures, views
from explorer.texts import EN, KO
from seq2seq.cells import ARRAYS, CELLS
from seq2seq.checkpoints import CHECKPOINT_DIR
from seq2seq.translator import InputError

log = logging.getLogger("seq2seq.app")
i18n = gr.I18n(en=EN, ko=KO)
# Loaded once, shared read-only by every user. SEQ2SEQ_CHECKPOINTS points at another folder (tests use it).
REG = views.Registry.load_all(Path(os.environ.get("SEQ2SEQ_CHECKPOINTS", CHECKPOINT_DIR)))
TASK_CHOICES = [(i18n(f"task_{key}"), key) for key in views.TASKS if REG.names(key)] or [("(none)", "dates")]
DEFAULT_TASK = TASK_CHOICES[0][1]
KOREAN_TASK = "en-ko"  # where a Korean-language browser starts, when its checkpoints are loaded
LATEX = [{"left": "$", "right": "$", "display": False}]
CSS = """
.translation-out p {font-size: 1.6rem; font-weight: 600; margin: 0.2rem 0;}
.message-out p {color: #b42318; font-weight: 600;}
.explain {font-size: 0.95rem; color: #444;}
.pieces {display: flex; flex-wrap: wrap; gap: 4px; font-size: 1.15rem;}
.piece {border-radius: 4px; padding: 2px 6px; font-family: 'Noto Sans Mono CJK KR', monospace;}
.piece sub {font-size: 0.65rem; margin-left: 3px; opacity: 0.85;}
"""


def default_checkpoint(task: str) -> str | None:
    names = REG.names(task)
    preferred = [n for n in names if n.endswith("lstm-attn")] + [n for n in names if "lstm" in n]
    return (preferred or names or [None])[0]


def guarded(fn):
    """Run a handler; a bad input becomes one short message in the page, never a traceback.

    Handlers return ``{component: value}`` for just what they change, so the message is all an error
    changes: every view keeps what it showed.
    """

    @functools.wraps(fn)  # keeps fn's signature: Gradio injects gr.Request by looking at it
    def wrapper(*args):
        try:
            return fn(*args)
        except InputError as e:
            return {message: f"⚠️ {e}"}
        except Exception:
            log.exception("handler failed")
            return {message: "⚠️ Something went wrong with this request; please try another."}

    return wrapper


# -- handlers (thin: they call explorer.views and say which components change) -------------------------------
def on_task(task_key):
    test, hand = views.examples(task_key)
    return {
        ckpt: gr.Dropdown(choices=REG.choices(task_key), value=default_checkpoint(task_key)),
        ex_test: gr.Dataset(samples=[[s] for s in test]),
        ex_hand: gr.Dataset(samples=[[s] for s in hand]),
        text: gr.Textbox(value=(hand or test or [""])[0]),
    }


def on_load(request: gr.Request):
    """The task a page opens on: English→Korean for a browser that prefers Korean, else the first one."""
    prefers = (request.headers.get("accept-language", "") if request else "").split(",")[0].strip().lower()
    key = KOREAN_TASK if prefers.startswith("ko") and REG.names(KOREAN_TASK) else DEFAULT_TASK
    return {task: key, **on_task(key)}


def on_translate(sentence, name, mode, beam_width, max_pieces):
    beam = int(beam_width) if mode == "beam" else 1
    t = views.run_translation(REG, sentence, name, beam, int(max_pieces))
    model = REG.get(name)
    return {
        current: t,
        out_text: f"{t.text or '(empty)'}",
        pieces: views.pieces_html(t),
        nbest: gr.Dataframe(value=views.nbest_rows(t), visible=bool(t.nbest)),
        array: gr.Radio(choices=[(a.en, a.key) for a in views.cell_of(model).arrays], value="h"),
        layer: gr.Radio(choices=list(range(model.config.layers)), value=0),
        step: gr.Slider(minimum=0, maximum=max(1, len(t.trace.decoder_outputs) - 1), value=0, step=1),
        message: "",
    }


def render(tab, t, shown, unit_order, n_units, layer_no, step_no):
    """Figures of the visible tab only: the others are built when their tab is opened. The message line
    belongs to the translation and is left as it is."""
    if t is None:
        return {}
    cell = CELLS[t.trace.cell]
    layer_no = layer_no or 0
    if tab == "states":
        f_enc, f_dec, _ = views.state_figures(t, shown or "h", unit_order, n_units, layer_no)
        return {enc_plot: f_enc, dec_plot: f_dec, states_note: "" if cell.has_gates else i18n("no_gates")}
    if tab == "attention":
        has = t.trace.attention is not None
        return {
            att_plot: figures.attention_heatmap(t.trace) if has else None,
            att_note: "" if has else i18n("no_attention"),
        }
    if tab == "steps":
        units = views.unit_order(t, "h", unit_order, min(int(n_units), 32), layer_no)
        return {
            topk_plot: figures.topk_bars(t.trace, step_no),
            gates_plot: figures.step_gates(t.trace, cell, step_no, layer_no, units),
        }
    if tab == "saturation":
        return {sat_plot: figures.saturation(t.trace, cell), sat_note: "" if cell.has_gates else i18n("no_gates")}
    return {}


def on_compare(sentence, task_key, name, shown, unit_order, n_units):
    out = {message: ""}
    for (cell, other), (title, enc, dec) in zip(REG.trio(task_key, name), compare_columns, strict=True):
        if other is None:
            out[title] = f"*No {CELLS[cell].label} checkpoint is available for this task.*"
            out[enc] = out[dec] = None
            continue
        t = views.run_translation(REG, sentence, other)
        f_enc, f_dec, _ = views.state_figures(t, shown if shown in t.trace.encoder[0] else "h", unit_order, n_units)
        out[title] = f"**{other}** — {views.describe(REG.get(other))}\n\n### {t.text or '(empty)'}"
        out[enc], out[dec] = f_enc, f_dec
    return out


def on_score(sentence, name, ref):
    summary, fig = views.teacher_forcing_view(REG, sentence, name, ref)
    return {tf_md: summary, tf_plot: fig, message: ""}


def on_card(name):
    md, curve, by_len = views.model_card(REG.get(name))
    return {card_md: md, curve_plot: curve, bylen_plot: by_len, message: ""}


def api_translate(text: str, checkpoint: str, beam_size: int = 1) -> dict:
    """Translate `text` with `checkpoint` (a name from the page's picker) and return the translation, source and
    target pieces, per-piece probabilities and every traced array as nested lists."""
    try:
        return views.api_result(REG, text, checkpoint, beam_size)
    except InputError as e:
        raise gr.Error(str(e), print_exception=False) from None


# -- layout -------------------------------------------------------------------------------------------------
with gr.Blocks(title="Seq2Seq Explorer") as demo:
    current = gr.State(None)
    active_tab = gr.State("states")
    gr.Markdown(i18n("title"))
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=360):
            task = gr.Radio(TASK_CHOICES, value=DEFAULT_TASK, label=i18n("task"))
            test_ex, hand_ex = views.examples(DEFAULT_TASK)
            text = gr.Textbox(value=(hand_ex or [""])[0], label=i18n("sentence"), lines=1, autofocus=True)
            ex_hand = gr.Dataset(components=[text], samples=[[s] for s in hand_ex], label=i18n("examples_hand"))
            ex_test = gr.Dataset(components=[text], samples=[[s] for s in test_ex], label=i18n("examples_test"))
            # allow_custom_value: API callers may name any loaded checkpoint, not only the first task's; the
            # name is looked up in the registry (never opened as a path), so anything else is refused there.
            ckpt = gr.Dropdown(
                REG.choices(DEFAULT_TASK),
                value=default_checkpoint(DEFAULT_TASK),
                label=i18n("checkpoint"),
                allow_custom_value=True,
            )
            with gr.Row():
                decoding = gr.Radio([("greedy", "greedy"), ("beam", "beam")], value="greedy", label=i18n("decoding"))
                width = gr.Slider(2, 10, value=5, step=1, label=i18n("beam_width"))
            max_len = gr.Slider(4, 128, value=64, step=1, label=i18n("max_len"))
            go_btn = gr.Button(i18n("translate"), variant="primary")
            if REG.errors:
                gr.Markdown(i18n("unavailable"), elem_classes="message-out")
                gr.Markdown("\n".join(f"- {v}" for v in REG.errors.values()))
        with gr.Column(scale=3):
            message = gr.Markdown(elem_classes="message-out")
            out_text = gr.Markdown(label=i18n("translation"), elem_classes="translation-out")
            pieces = gr.HTML(label=i18n("pieces"))
            nbest = gr.Dataframe(
                headers=["#", "translation", "score"], label=i18n("nbest"), visible=False, interactive=False
            )
    with gr.Tabs():
        with gr.Tab(i18n("tab_states"), id="states") as tab_states:
            gr.Markdown(i18n("explain_states"), latex_delimiters=LATEX, elem_classes="explain")
            with gr.Row():
                array = gr.Radio([(ARRAYS["h"].en, "h")], value="h", label=i18n("array"), scale=3)
                order = gr.Radio(list(figures.UNIT_ORDERS), value="variance", label=i18n("order"), scale=2)
                top = gr.Slider(4, 256, value=32, step=4, label=i18n("top"), scale=2)
                layer = gr.Radio([0], value=0, label=i18n("layer"), scale=1)
            states_note = gr.Markdown()
            enc_plot, dec_plot = gr.Plot(label="encoder"), gr.Plot(label="decoder")
        with gr.Tab(i18n("tab_attention"), id="attention") as tab_attention:
            gr.Markdown(i18n("explain_attention"), latex_delimiters=LATEX, elem_classes="explain")
            att_note = gr.Markdown()
            att_plot = gr.Plot(label="attention")
        with gr.Tab(i18n("tab_steps"), id="steps") as tab_steps:
            gr.Markdown(i18n("explain_steps"), latex_delimiters=LATEX, elem_classes="explain")
            step = gr.Slider(0, 1, value=0, step=1, label=i18n("step"))
            topk_plot, gates_plot = gr.Plot(label="top-k"), gr.Plot(label="gates")
        with gr.Tab(i18n("tab_saturation"), id="saturation") as tab_saturation:
            gr.Markdown(i18n("explain_saturation"), elem_classes="explain")
            sat_note = gr.Markdown()
            sat_plot = gr.Plot(label="saturation")
        with gr.Tab(i18n("tab_compare"), id="compare") as tab_compare:
            gr.Markdown(i18n("explain_compare"), elem_classes="explain")
            compare_btn = gr.Button(i18n("compare"))
            compare_columns = []  # (title, encoder plot, decoder plot) per cell, in CELLS order
            with gr.Row():
                for _ in CELLS:
                    with gr.Column(min_width=300):
                        compare_columns.append((gr.Markdown(), gr.Plot(label="encoder"), gr.Plot(label="decoder")))
        with gr.Tab(i18n("tab_tf"), id="tf") as tab_tf:
            gr.Markdown(i18n("explain_tf"), elem_classes="explain")
            with gr.Row():
                reference = gr.Textbox(label=i18n("reference"), scale=4)
                score_btn = gr.Button(i18n("score"), scale=1)
            tf_md, tf_plot = gr.Markdown(), gr.Plot(label="teacher forcing")
        with gr.Tab(i18n("tab_card"), id="card") as tab_card:
            gr.Markdown(i18n("explain_card"), elem_classes="explain")
            card_md = gr.Markdown()
            with gr.Row():
                curve_plot, bylen_plot = gr.Plot(label="training"), gr.Plot(label="by length")

    # -- wiring: one line per event where possible; handlers return {component: value} ---------------------
    view_inputs = [active_tab, current, array, order, top, layer, step]
    view_outputs = {enc_plot, dec_plot, states_note, att_plot, att_note, topk_plot, gates_plot, sat_plot, sat_note}
    view_outputs.add(message)
    translate_outputs = {current, out_text, pieces, nbest, array, layer, step, message}
    render_g, translate_g = guarded(render), guarded(on_translate)

    def translate_then_render(event):
        """Translate, then draw the visible tab (and anything else in ``then``)."""
        dep = event(translate_g, [text, ckpt, decoding, width, max_len], translate_outputs, api_visibility="private")
        return dep.then(render_g, view_inputs, view_outputs, api_visibility="private")

    for event in (go_btn.click, text.submit, ckpt.input):
        translate_then_render(event)
    task_outputs = {ckpt, ex_test, ex_hand, text, message}
    # .input, not .change: on_load sets the task itself and must not trigger a second translation
    translate_then_render(task.input(guarded(on_task), task, task_outputs, api_visibility="private").then)
    translate_then_render(demo.load(guarded(on_load), None, task_outputs | {task}, api_visibility="private").then)
    for ex in (ex_test, ex_hand):
        translate_then_render(ex.click(lambda s: s[0], ex, text, api_visibility="private").then)
    for control in (array, order, top, layer, step):
        control.input(render_g, view_inputs, view_outputs, api_visibility="private")
    for tab, key in (
        (tab_states, "states"),
        (tab_attention, "attention"),
        (tab_steps, "steps"),
        (tab_saturation, "saturation"),
        (tab_compare, "compare"),
        (tab_tf, "tf"),
        (tab_card, "card"),
    ):
        tab.select(lambda k=key: k, None, active_tab, api_visibility="private").then(
            render_g, view_inputs, view_outputs, api_visibility="private"
        )
    compare_g = guarded(on_compare)
    compare_inputs = [text, task, ckpt, array, order, top]
    compare_outputs = {c for column in compare_columns for c in column} | {message}
    compare_btn.click(  # callable as /compare_view (undocumented): the benchmark measures the whole view
        compare_g, compare_inputs, compare_outputs, api_name="compare_view", api_visibility="undocumented"
    )
    tab_compare.select(compare_g, compare_inputs, compare_outputs, api_visibility="private")
    score_g = guarded(on_score)
    for event in (score_btn.click, reference.submit):
        event(score_g, [text, ckpt, reference], {tf_md, tf_plot, message}, api_visibility="private")
    card_g = guarded(on_card)
    for event in (tab_card.select, ckpt.change):
        event(card_g, ckpt, {card_md, curve_plot, bylen_plot, message}, api_visibility="private")
    gr.api(api_translate, api_name="translate")

demo.queue(max_size=int(os.environ.get("SEQ2SEQ_QUEUE_SIZE", "64")), default_concurrency_limit=2)

if __name__ == "__main__":
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
    )
