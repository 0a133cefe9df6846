"""Seq2Seq Explorer — the Gradio page. Layout and event wiring only; the work is in ``seq2seq``.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT override)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: see seq2seq/__init__.py

import gradio as gr

from seq2seq import figures, views
from seq2seq.checkpoints import CHECKPOINT_DIR
from seq2seq.texts import EN, KO
from seq2seq.translator import InputError

log = logging.getLogger("seq2seq.app")
i18n = gr.I18n(en=EN, ko=KO)
# Loaded once, shared read-only by every user. SEQ2SEQ_CHECKPOINTS points at another folder (tests use it).
REG = views.Registry.load_all(Path(os.environ.get("SEQ2SEQ_CHECKPOINTS", CHECKPOINT_DIR)))
TASK_CHOICES = [(label, key) for key, label in views.TASKS.items() if REG.names(key)] or [("(none)", "dates")]
DEFAULT_TASK = TASK_CHOICES[0][1]
LATEX = [{"left": "$", "right": "$", "display": False}]
TABS = ("states", "attention", "steps", "saturation", "compare", "tf", "card")
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


def guarded(fn, n_outputs: int):
    """Run a handler; a bad input becomes one short message in the page (last output), never a traceback."""

    def wrapper(*args):
        try:
            return fn(*args)
        except InputError as e:
            return (*[gr.skip()] * (n_outputs - 1), f"⚠️ {e}")
        except Exception:
            log.exception("handler failed")
            return (*[gr.skip()] * (n_outputs - 1), "⚠️ Something went wrong with this request; please try another.")

    return wrapper


# -- handlers (thin: they call seq2seq.views and pick what to update) --------------------------------------
def on_task(task):
    test, hand = views.examples(task)
    return (
        gr.Dropdown(choices=REG.choices(task), value=default_checkpoint(task)),
        gr.Dataset(samples=[[s] for s in test]),
        gr.Dataset(samples=[[s] for s in hand]),
        gr.Textbox(value=(hand or test or [""])[0]),
    )


def on_translate(text, ckpt, decoding, width, max_len):
    beam = int(width) if decoding == "beam" else 1
    t = views.run_translation(REG, text, ckpt, beam, int(max_len))
    model = REG.get(ckpt)
    arrays = views.ARRAYS[model.config.cell]
    steps = len(t.trace.decoder_outputs)
    return (
        t,
        f"{t.text or '(empty)'}",
        views.pieces_html(t),
        gr.Dataframe(value=views.nbest_rows(t), visible=bool(t.nbest)),
        gr.Radio(choices=[(figures.NAMES[a], a) for a in arrays], value="h"),
        gr.Radio(choices=list(range(model.config.layers)), value=0),
        gr.Slider(minimum=0, maximum=max(1, steps - 1), value=0, step=1),
        "",
    )


def render(tab, t, array, order, top, layer, step):
    """Figures of the visible tab only: the others are built when their tab is opened."""
    skip = [gr.skip()] * 9
    if t is None:
        return (*skip, gr.skip())
    out = list(skip)
    gated = len(t.trace.encoder[0]) > 1  # SimpleRNN records only h
    if tab == "states":
        f_enc, f_dec, _ = views.state_figures(t, array or "h", order, top, layer or 0)
        note = "" if gated else i18n("no_gates")
        out[0:3] = [f_enc, f_dec, note]
    elif tab == "attention":
        has = t.trace.attention is not None
        out[3:5] = [figures.attention_heatmap(t.trace) if has else None, "" if has else i18n("no_attention")]
    elif tab == "steps":
        units = views.unit_order(t, "h", order, min(int(top), 32), layer or 0)
        out[5:7] = [figures.topk_bars(t.trace, step), figures.step_gates(t.trace, step, layer or 0, units)]
    elif tab == "saturation":
        out[7:9] = [figures.saturation(t.trace), "" if gated else i18n("no_gates")]
    return (*out, gr.skip())  # the message line belongs to the translation: leave it as it is


def on_compare(text, task, ckpt, array, order, top):
    cols = []
    for cell, name in REG.trio(task, ckpt):
        if name is None:
            cols += [f"*No {views.CELL_LABEL[cell]} checkpoint is available for this task.*", None, None]
            continue
        t = views.run_translation(REG, text, name)
        f_enc, f_dec, _ = views.state_figures(t, array if array in t.trace.encoder[0] else "h", order, top)
        cols += [f"**{name}** — {views.describe(REG.get(name))}\n\n### {t.text or '(empty)'}", f_enc, f_dec]
    return (*cols, "")


def on_score(text, ckpt, reference):
    return (*views.teacher_forcing_view(REG, text, ckpt, reference), "")


def on_card(ckpt):
    md, curve, by_len = views.model_card(REG.get(ckpt))
    return md, curve, by_len, ""


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
                gr.Markdown("**⚠️ Unavailable checkpoints:**\n" + "\n".join(f"- {v}" for v in REG.errors.values()))
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
                array = gr.Radio([(figures.NAMES["h"], "h")], value="h", label=i18n("array"), scale=3)
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
            compare_out = []
            with gr.Row():
                for _ in range(3):
                    with gr.Column(min_width=300):
                        compare_out += [gr.Markdown(), gr.Plot(label="encoder"), gr.Plot(label="decoder")]
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

    # -- wiring: one line per event where possible --------------------------------------------------------
    view_inputs = [active_tab, current, array, order, top, layer, step]
    view_outputs = [
        enc_plot,
        dec_plot,
        states_note,
        att_plot,
        att_note,
        topk_plot,
        gates_plot,
        sat_plot,
        sat_note,
        message,
    ]
    translate_outputs = [current, out_text, pieces, nbest, array, layer, step, message]
    render_g = guarded(render, len(view_outputs))
    translate_g = guarded(on_translate, len(translate_outputs))

    def translate_then_render(event):
        """Translate, then draw the visible tab (and anything else in ``then``)."""
        dep = event(translate_g, [text, ckpt, decoding, width, max_len], translate_outputs, api_visibility="private")
        return dep.then(render_g, view_inputs, view_outputs, api_visibility="private")

    for event in (go_btn.click, text.submit, ckpt.input, demo.load):
        translate_then_render(event)
    translate_then_render(task.change(on_task, task, [ckpt, ex_test, ex_hand, text], api_visibility="private").then)
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
    compare_g = guarded(on_compare, len(compare_out) + 1)
    compare_btn.click(  # callable as /compare_view (undocumented): the benchmark measures the whole view
        compare_g,
        [text, task, ckpt, array, order, top],
        [*compare_out, message],
        api_name="compare_view",
        api_visibility="undocumented",
    )
    tab_compare.select(
        compare_g, [text, task, ckpt, array, order, top], [*compare_out, message], api_visibility="private"
    )
    score_g = guarded(on_score, 3)
    score_btn.click(score_g, [text, ckpt, reference], [tf_md, tf_plot, message], api_visibility="private")
    reference.submit(score_g, [text, ckpt, reference], [tf_md, tf_plot, message], api_visibility="private")
    card_g = guarded(on_card, 4)
    tab_card.select(card_g, ckpt, [card_md, curve_plot, bylen_plot, message], api_visibility="private")
    ckpt.change(card_g, ckpt, [card_md, curve_plot, bylen_plot, message], api_visibility="private")
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
