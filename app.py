"""Seq2Seq Explorer — the Gradio page: layout and event wiring only. The handlers are plain functions in
``explorer`` (``page``, ``tab_views``, ``tools``, ``live_view``, ``lesson_view``), wired by name with
``explorer.wiring.wire``; the work underneath is the ``seq2seq`` library's.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT override)
"""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: see seq2seq/__init__.py
# One TensorFlow thread: a live training (the Train tab) then leaves the other core to translation requests.
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")

# ZeroGPU hardware: `spaces` imported first, one @spaces.GPU function registered (explorer/zerogpu.py)
import explorer.zerogpu  # noqa: F401

# isort: split
import gradio as gr

from explorer import (
    figures,
    lesson_view,
    links,
    live_view,
    near,
    page,
    playback,
    registry,
    serving,
    tab_views,
    texts,
    tools,
    warmup,
)
from explorer.endpoints import Endpoints
from explorer.layout import CSS, HEAD_JS, LESSON_LATEX, explanation, translated
from explorer.layout import I18N as i18n
from explorer.texts import EN
from explorer.updates import blank_values
from explorer.wiring import Components, wire
from seq2seq.cells import ARRAYS, CELLS
from seq2seq.checkpoints import CHECKPOINT_DIR
from seq2seq.data import DATA_DIR
from seq2seq.live import LiveTrainer

log = logging.getLogger("seq2seq.app")
# Loaded once, shared read-only by every user.
# SEQ2SEQ_CHECKPOINTS and SEQ2SEQ_DATA point at other folders (tests use them).
CHECKPOINTS = Path(os.environ.get("SEQ2SEQ_CHECKPOINTS", CHECKPOINT_DIR))
REG = registry.Registry.load_all(CHECKPOINTS, Path(os.environ.get("SEQ2SEQ_DATA", DATA_DIR)))

# Live trainings (the Train tab): one at a time, the models they make join the registry under live-… names.
LIVE = LiveTrainer(
    checkpoints=CHECKPOINTS,
    data_dir=REG.data_dir,
    on_model=lambda m: REG.models.__setitem__(m.name, m),
    on_drop=lambda name: near.forget(getattr(REG.models.pop(name, None), "folder", "")),
)
TASK_CHOICES = [(i18n(f"task_{key}") if f"task_{key}" in EN else label, key) for label, key in page.task_choices(REG)]
DEFAULT_TASK = TASK_CHOICES[0][1]
ui = Components()  # what the handlers read and write, under the names they use
lesson = Components()  # the lesson's, under explorer.lesson_view's names


# -- layout -------------------------------------------------------------------------------------------------
with gr.Blocks(title="Seq2Seq Explorer") as demo:
    ui.translation = gr.State(None)
    # The tab on screen, kept by the browser (each tab's select sets it there, at once): a State lives on the
    # server, where a tab's select answered after a link's own choice of tab could overwrite it (Gradio
    # selects the first tab as the page mounts), and the next translation then drew the wrong tab.
    ui.tab = gr.Textbox("playback", visible=False)
    ui.lang = gr.State("en")  # "en" or "ko": what the server writes (figures, messages) is in it
    ui.sent_props = gr.State({})  # output name -> the properties the page was last sent (see updates.settle)
    ui.chapter, lesson.state = gr.State(1), gr.State(None)  # the lesson's chapter; its answer and hand-over
    lesson.number = ui.chapter
    ui.relabel = gr.State(None)  # a link's ?lang= when it is not the browser's: every label follows it
    # The first screen (1280×800 and 1366×768): the form in two rows, the translation, then the playback view.
    gr.Markdown(i18n("title"), elem_classes="title")
    with gr.Row(equal_height=True, elem_classes="top-row"):
        ui.task = gr.Radio(TASK_CHOICES, value=DEFAULT_TASK, label=i18n("task"), scale=3)
        # allow_custom_value: API callers may name any loaded checkpoint, not only the first task's; the
        # name is looked up in the registry (never opened as a path), so anything else is refused there.
        ui.checkpoint = gr.Dropdown(
            REG.choices(DEFAULT_TASK),
            value=page.default_checkpoint(REG, DEFAULT_TASK),
            label=i18n("checkpoint"),
            allow_custom_value=True,
            scale=2,
            elem_classes="checkpoint-pick",
        )
        ui.language_switch = gr.Radio(
            [("English", "en"), ("한국어", "ko")], value="en", label=i18n("language"), scale=1, min_width=170
        )
    test_ex, hand_ex = registry.examples(DEFAULT_TASK, data_dir=REG.data_dir)
    ui.task_note = gr.Markdown(
        i18n(f"task_note_{DEFAULT_TASK}") if f"task_note_{DEFAULT_TASK}" in EN else registry.task_note(DEFAULT_TASK),
        elem_classes="task-note",
    )
    # the sentence, Translate and the two folded boxes in one row: colah's diagram fits a 1366×768 first screen
    with gr.Row(equal_height=False, elem_classes="sentence-row"):
        ui.sentence = gr.Textbox(value=(hand_ex or [""])[0], label=i18n("sentence"), lines=1, autofocus=True, scale=5)
        go_btn = gr.Button(i18n("translate"), variant="primary", scale=1, min_width=110, elem_classes="go-button")
        with gr.Column(scale=3, min_width=260):
            with gr.Accordion(i18n("examples"), open=False):
                hand_samples, test_samples = [[s] for s in hand_ex], [[s] for s in test_ex]
                fold = {"components": [ui.sentence]}
                ui.examples_hand = gr.Dataset(**fold, samples=hand_samples, label=i18n("examples_hand"))
                ui.examples_test = gr.Dataset(**fold, samples=test_samples, label=i18n("examples_test"))
            with gr.Accordion(i18n("settings"), open=False):
                with gr.Row():
                    decodings = [(i18n("decoding_greedy"), "greedy"), (i18n("decoding_beam"), "beam")]
                    ui.decoding = gr.Radio(decodings, value="greedy", label=i18n("decoding"))
                    ui.beam_width = gr.Slider(2, 10, value=5, step=1, label=i18n("beam_width"))
                ui.max_pieces = gr.Slider(4, 128, value=64, step=1, label=i18n("max_len"))
                link_btn = gr.Button(i18n("copy_link"), size="sm")
                link = gr.Textbox(label=i18n("link"), interactive=False, buttons=["copy"])
    if REG.errors:
        gr.Markdown(i18n("unavailable"), elem_classes="message-out")
        gr.Markdown("\n".join(f"- {v}" for v in REG.errors.values()))
    ui.notice = gr.Markdown(elem_classes="message-out")  # what a link asked for that is not here
    ui.message = gr.Markdown(elem_classes="message-out")  # what went wrong with the last request
    with gr.Row(equal_height=False, elem_classes="result-row"):
        ui.output_text = gr.Markdown(label=i18n("translation"), elem_classes="translation-out")
        ui.pieces = gr.HTML(label=i18n("pieces"))
    ui.tip = gr.Markdown(elem_classes="tip-out")  # the sentence as the training data writes it (explorer.tips)
    nbest_headers = ["#", EN["col_translation"], EN["col_score"]]  # set in the page's language on translate
    ui.nbest = gr.Dataframe(headers=nbest_headers, label=i18n("nbest"), visible=False, interactive=False)
    with gr.Tabs(selected="playback") as ui.tabs:
        with gr.Tab(i18n("tab_lesson"), id="lesson"), gr.Column(elem_id="lesson-root"):
            with gr.Row(equal_height=True, elem_classes="no-print"):
                lesson_prev = gr.Button(i18n("lesson_prev"), elem_id="lesson-prev", scale=1, min_width=90)
                lesson.picker = gr.Dropdown(  # opens on the first chapter
                    lesson_view.chapter_choices(), label=i18n("lesson_chapter"), scale=4, elem_id="lesson-picker"
                )
                lesson_next = gr.Button(i18n("lesson_next"), elem_id="lesson-next", scale=1, min_width=90)
                lesson_open = gr.Button(i18n("lesson_open"), scale=1)
                lesson_print = gr.Button(i18n("lesson_print"), scale=1)
            lesson.head = gr.Markdown(elem_classes="lesson-head")
            with gr.Row(equal_height=False):
                lesson.body = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
                with gr.Column():
                    lesson.plot = gr.Plot(show_label=False)
                    lesson.chips = gr.HTML()
            lesson.try_it = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
            with gr.Row(equal_height=True, elem_classes="no-print"):
                lesson.sentence = gr.Textbox(label=i18n("lesson_sentence"), scale=4)
                lesson.reference = gr.Textbox(label=i18n("lesson_reference"), scale=4, visible=False)
                lesson.unit = gr.Number(0, precision=0, minimum=0, label=i18n("lesson_unit"), scale=1, visible=False)
                lesson.run = gr.Button(i18n("lesson_run"), scale=1)
            lesson.question = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
            with gr.Row(equal_height=True):
                lesson.answers = gr.Radio([], label=i18n("lesson_question"), scale=4)
                lesson_check = gr.Button(i18n("lesson_check"), variant="primary", scale=1)
            lesson.verdict = gr.Markdown(latex_delimiters=LESSON_LATEX, elem_classes="lesson-text")
        with gr.Tab(i18n("tab_playback"), id="playback"):
            ui.playback = gr.HTML(
                value="", html_template='<div class="pb-root"></div>', js_on_load=playback.JS, elem_classes="playback"
            )
            explanation("explain_playback")
        with gr.Tab(i18n("tab_states"), id="states"):
            explanation("explain_states")
            with gr.Row():
                ui.array = gr.Radio(texts.array_choices(CELLS["rnn"]), value="h", label=i18n("array"), scale=3)
                orders = [(i18n(f"order_{o}"), o) for o in figures.UNIT_ORDERS]
                ui.unit_order = gr.Radio(orders, value="variance", label=i18n("order"), scale=2)
                ui.n_units = gr.Slider(4, 256, value=32, step=4, label=i18n("top"), scale=2)
                ui.layer = gr.Radio([0], value=0, label=i18n("layer"), scale=1)
            ui.states_note = gr.Markdown()
            ui.encoder_plot, ui.decoder_plot = gr.Plot(show_label=False), gr.Plot(show_label=False)
        with gr.Tab(i18n("tab_attention"), id="attention"):
            explanation("explain_attention")
            ui.attention_note = gr.Markdown()
            with gr.Row():
                ui.attention_plot = gr.Plot(show_label=False)
                with gr.Column():
                    ui.saliency_plot = gr.Plot(show_label=False)
                    explanation("explain_saliency")
        with gr.Tab(i18n("tab_steps"), id="steps"):
            explanation("explain_steps")
            ui.step = gr.Slider(0, 1, value=0, step=1, label=i18n("step"))
            ui.topk_plot, ui.gates_plot = gr.Plot(show_label=False), gr.Plot(show_label=False)
        with gr.Tab(i18n("tab_saturation"), id="saturation"):
            explanation("explain_saturation", latex=False)
            ui.saturation_note = gr.Markdown()
            ui.saturation_plot = gr.Plot(show_label=False)
        with gr.Tab(i18n("tab_compare"), id="compare"):
            explanation("explain_compare", latex=False)
            compare_btn = gr.Button(i18n("compare"))
            with gr.Row():
                for cell_key in CELLS:  # a column per cell: title, encoder and decoder heatmaps, trajectory map
                    with gr.Column(min_width=300):
                        for part in tab_views.COMPARE_PARTS:
                            view = gr.Markdown() if part == "title" else gr.Plot(show_label=False)
                            setattr(ui, tab_views.compare_name(cell_key, part), view)
        with gr.Tab(i18n("tab_tf"), id="tf"):
            explanation("explain_tf", latex=False)
            with gr.Row():
                ui.reference = gr.Textbox(label=i18n("reference"), scale=4)
                score_btn = gr.Button(i18n("score"), scale=1)
            ui.tf_note, ui.tf_plot = gr.Markdown(), gr.Plot(show_label=False)
        with gr.Tab(i18n("tab_why"), id="why"):
            explanation("explain_why")
            with gr.Row(equal_height=True):
                ui.prefix = gr.Textbox(label=i18n("whatif_prefix"), elem_id="whatif-prefix", scale=4)
                whatif_btn = gr.Button(i18n("whatif_go"), elem_id="whatif-go", scale=1)
            ui.whatif_note, ui.whatif_pieces = gr.Markdown(), gr.HTML()
            with gr.Row(equal_height=True):
                presets = [(i18n(f"preset_{k}"), k) for k in ("top_off", "forget_1", "forget_0", "update_1")]
                ui.iv_preset = gr.Dropdown(presets, value=None, label=i18n("intervene_preset"), scale=3)
                sides = [(i18n("side_encoder"), "encoder"), (i18n("side_decoder"), "decoder")]
                ui.iv_side = gr.Radio(sides, value="encoder", label=i18n("intervene_side"), scale=2)
                ui.iv_layer = gr.Number(0, precision=0, minimum=0, label=i18n("intervene_layer"), scale=1, min_width=70)
                ui.iv_array = gr.Dropdown(
                    list(ARRAYS), value="h", label=i18n("intervene_array"), scale=2, min_width=250
                )
                ui.iv_units = gr.Textbox("0, 1, 2", label=i18n("intervene_units"), lines=1, max_lines=2, scale=3)
                ui.iv_value = gr.Number(0.0, label=i18n("intervene_value"), scale=1)
            iv_btn = gr.Button(i18n("intervene_go"), variant="primary")
            ui.iv_note, ui.iv_plot = gr.Markdown(), gr.Plot(show_label=False)
        with gr.Tab(i18n("tab_near"), id="near"):
            explanation("explain_near")
            ui.near_note = gr.Markdown(elem_classes="message-out")
            with gr.Row():
                ui.k = gr.Slider(1, 20, value=8, step=1, label=i18n("near_k"), scale=1)
                ui.near_step = gr.Slider(0, 1, value=0, step=1, label=i18n("near_step"), scale=2)
            with gr.Row(equal_height=False):
                # similarity, then two text columns sharing the rest: long sentences wrap inside the page
                widths = dict(wrap=True, column_widths=["14%", "43%", "43%"], interactive=False)
                ui.near_sentences = gr.Dataframe(label=i18n("near_sentences"), **widths)
                ui.near_steps = gr.Dataframe(label=i18n("near_steps"), **widths)
            ui.trajectory = gr.Plot(show_label=False)
            gr.Markdown(i18n("search_title"))
            explanation("explain_search", latex=False)
            patterns = [(i18n(f"pattern_{k}"), k) for _, k in near.pattern_choices()]
            ui.pattern = gr.Radio(patterns, value="span", label=i18n("pattern"))
            ui.span = gr.CheckboxGroup([], label=i18n("search_span"))
            with gr.Row():
                search_btn = gr.Button(i18n("search_go"), variant="primary")
                send_btn = gr.Button(i18n("search_send"))
            ui.search_note, ui.search_plot, ui.search_units = gr.Markdown(), gr.Plot(show_label=False), gr.State([])
        with gr.Tab(i18n("tab_train"), id="train"):
            explanation("explain_train", latex=False)
            with gr.Row():
                cells = [(c.label, k) for k, c in CELLS.items()]
                ui.cell = gr.Radio(cells, value="lstm", label=i18n("live_cell"), scale=2)
                ui.units = gr.Slider(8, 128, value=32, step=8, label=i18n("live_units"), scale=2)
                ui.seconds = gr.Slider(30, 180, value=60, step=10, label=i18n("live_seconds"), scale=2)
                with gr.Column(scale=1, min_width=160):
                    ui.attention = gr.Checkbox(True, label=i18n("live_attention"))
                    ui.reverse = gr.Checkbox(False, label=i18n("live_reverse"))
                    ui.bidirectional = gr.Checkbox(False, label=i18n("live_bidirectional"))
            with gr.Row(equal_height=True):
                ui.probe = gr.Textbox("Friday, July 4, 1975", label=i18n("live_probe"), scale=3)
                live_btn = gr.Button(i18n("live_train"), variant="primary", scale=1)
                race_btn = gr.Button(i18n("live_race"), scale=1)
                stop_btn = gr.Button(i18n("live_stop"), variant="stop", scale=1)
                watch_btn = gr.Button(i18n("live_watch"), scale=1)
            ui.status = gr.HTML()
            with gr.Row(equal_height=False):
                ui.curve, ui.heatmap = gr.Plot(show_label=False), gr.Plot(show_label=False)
            gr.Markdown(i18n("live_note"), elem_classes="task-note")
            ui.job, ui.live = gr.State(None), gr.State([])  # this page's training; its live models' names
        with gr.Tab(i18n("tab_card"), id="card"):
            explanation("explain_card", latex=False)
            ui.card = gr.Markdown(elem_classes="model-card")
            with gr.Row():
                ui.curve_plot, ui.by_length_plot = gr.Plot(show_label=False), gr.Plot(show_label=False)

    # -- wiring: handlers by name (explorer.wiring), one line per event where possible -----------------------
    def wire_page(event, fn, inputs: dict, outputs: dict, **kwargs):
        """A page event: an error goes to the message line, which only the handler itself clears (it belongs to
        the translation)."""
        return wire(event, fn, inputs, outputs, ui.message, clear_message=False, **kwargs)

    TRANSLATED = translated(demo.blocks, but=(ui.task_note,))  # what the language switch relabels, by text key
    compare_views = ui.pick(*tab_views.DRAWS["compare"])
    VIEWS = ui.pick(*(name for key, names in tab_views.DRAWS.items() if key != "near" for name in names), "message")
    NEAR = ui.pick(*tab_views.NEAR_VIEWS)
    # what an event may blank instead of skipping (see updates.blanked): every view's figures, tables and notes
    BLANKS = {**blank_values({**VIEWS, **NEAR}), "span": [], "near_step": 0}
    TASK_OUT = ui.pick("checkpoint", "examples_test", "examples_hand", "sentence", "task_note")
    # in the order API callers of /page_translate give them (benchmarks/run.py)
    translate_in = ui.pick("sentence", "checkpoint", "decoding", "beam_width", "max_pieces", "tab", "unit_order")
    translate_in |= ui.pick("n_units", "task", "k", "sent_props", "iv_array", "iv_layer", "lang")
    translate_out = ui.pick("translation", "sent_props", "output_text", "pieces", "tip", "nbest", "array", "layer")
    translate_out |= ui.pick("step")
    translate_out |= ui.pick("iv_array", "iv_layer", "iv_preset") | VIEWS | NEAR

    def translate_after(event, **kwargs):
        """Translate and draw the visible tab, in one event; every trigger shares one concurrency group."""
        translate = partial(page.translate_and_draw, REG)
        kwargs = {"clear": page.CLEAR_ON_ERROR, "blanks": BLANKS, "concurrency_id": "translate", **kwargs}
        return wire_page(event, translate, translate_in, translate_out, **kwargs)

    # the Translate button's event is callable as /page_translate (undocumented): the benchmark drives the
    # page's own event, session state included, as a browser does
    translate_after(go_btn.click, api_name="page_translate", api_visibility="undocumented")
    translate_after([ui.sentence.submit, ui.checkpoint.input])
    # .input, not .change: the page's opening sets the task itself and must not trigger a second translation
    picked = wire_page(ui.task.input, partial(page.task_view, REG), ui.pick("task", "live", "lang"), TASK_OUT)
    translate_after(picked.then)
    load_out = TASK_OUT | ui.pick("task", "lang", "language_switch", "decoding", "beam_width", "tabs", "tab")
    load_out |= ui.pick("notice", "relabel", "chapter")
    page_opened = translate_after(wire_page(demo.load, partial(page.open_page, REG), {}, load_out).then)
    for examples in (ui.examples_test, ui.examples_hand):
        translate_after(wire(examples.click, page.pick_example, {"example": examples}, ui.pick("sentence")).then)
    relabel = partial(page.language, REG, {key: prop for key, (_, prop) in TRANSLATED.items()})
    language_out = {key: component for key, (component, _) in TRANSLATED.items()} | ui.pick("lang", "task_note")
    switched = wire_page(
        ui.language_switch.input, relabel, {"lang": ui.language_switch, **ui.pick("task", "live")}, language_out
    )
    translate_after(switched.then)
    # a link's ?lang= other than the browser's: every label follows it (the page's opening translates)
    wire_page(ui.relabel.change, relabel, {"lang": ui.relabel, **ui.pick("task", "live")}, language_out)
    view_in = ui.pick("tab", "translation", "array", "unit_order", "n_units", "layer", "step", "sentence", "task")
    view_in |= ui.pick("checkpoint", "lang")
    view_controls = [ui.array.input, ui.unit_order.input, ui.n_units.input, ui.layer.input, ui.step.input]
    wire_page(view_controls, partial(tab_views.render, REG), view_in, VIEWS, blanks=BLANKS)
    # in the order API callers of /page_tab_states give them (benchmarks/run.py)
    show_in = ui.pick("translation", "array", "unit_order", "n_units", "layer", "step", "sentence", "task")
    show_in |= ui.pick("checkpoint", "k", "near_step", "lang")
    tabs = {b.id: b for b in demo.blocks.values() if isinstance(b, gr.Tab)}
    assert set(tabs) == set(links.TAB_IDS), "links.TAB_IDS names every tab"
    for key in links.TAB_IDS:
        tabs[key].select(None, None, ui.tab, js=f"() => '{key}'", queue=False, api_visibility="private")
        named = key == "states"  # callable as /page_tab_states: a tab switch, for the benchmark
        wire_page(
            tabs[key].select,
            partial(tab_views.show_tab, REG, key),
            show_in,
            ui.pick(*tab_views.DRAWS.get(key, ()), "tab"),
            api_visibility="undocumented" if named else "private",
            api_name="page_tab_states" if named else None,
        )
    # -- the lesson (explorer.lesson_view) --
    lesson_out = lesson.pick("number", "picker", "head", "body", "try_it", "sentence", "run", "unit", "reference")
    lesson_out |= lesson.pick("plot", "chips", "question", "answers", "verdict", "state")
    lesson_in = {"number": ui.chapter, "lang": ui.lang}
    lesson_go = partial(lesson_view.go, REG)
    wire(tabs["lesson"].select, lesson_go, lesson_in, lesson_out, ui.message)
    lesson_pick_in = {"number": lesson.picker, "shown": ui.chapter, "state": lesson.state, "lang": ui.lang}
    wire(lesson.picker.input, partial(lesson_view.choose, REG), lesson_pick_in, lesson_out, ui.message)
    for move, delta in ((lesson_prev.click, -1), (lesson_next.click, 1)):
        wire(move, partial(lesson_view.step, REG, delta=delta), lesson_in, lesson_out, ui.message)
    lesson_try_in = lesson_in | lesson.pick("sentence", "unit", "reference")
    lesson_try = [lesson.run.click, lesson.sentence.submit, lesson.reference.submit]
    wire(lesson_try, partial(lesson_view.show, REG), lesson_try_in, lesson_out, ui.message)
    lesson_check_in = {"state": lesson.state, "picked": lesson.answers, "lang": ui.lang}
    wire(lesson_check.click, lesson_view.check, lesson_check_in, lesson.pick("verdict"), ui.message)
    lesson_print.click(None, None, None, js="() => window.print()", api_visibility="private")
    lesson_open_in = {"state": lesson.state, "live": ui.live, "lang": ui.lang}
    opened = wire_page(
        lesson_open.click,
        partial(page.open_from_lesson, REG),
        lesson_open_in,
        TASK_OUT | ui.pick("task", "tabs", "tab"),
    )
    translate_after(opened.then)
    lesson_if_open = {"tab": ui.tab, "number": ui.chapter, "lang": ui.lang}
    wire(page_opened.then, partial(lesson_view.show_if_open, REG), lesson_if_open, lesson_out, ui.message)
    # -- each tab's own controls (explorer.tools, explorer.tab_views) --
    near_in = ui.pick("tab", "translation", "checkpoint", "k", "near_step", "lang")
    wire_page(ui.k.release, partial(tab_views.neighbours, REG), near_in, NEAR)
    step_in = ui.pick("translation", "checkpoint", "k", "near_step", "lang")
    wire_page(ui.near_step.release, partial(tools.step_neighbours, REG), step_in, ui.pick("near_steps"))
    search_in = ui.pick("translation", "checkpoint", "pattern", "span", "lang")
    search_out = ui.pick("search_note", "search_plot", "search_units")
    wire_page(search_btn.click, partial(tools.search, REG), search_in, search_out)
    send_out = ui.pick("iv_side", "iv_layer", "iv_array", "iv_units", "search_note")
    wire_page(send_btn.click, partial(tools.send_units, REG), ui.pick("search_units", "checkpoint", "lang"), send_out)
    compare_in = ui.pick("sentence", "task", "checkpoint", "array", "unit_order", "n_units", "lang")
    wire_page(  # callable as /compare_view (undocumented): the benchmark measures the whole view
        compare_btn.click,
        partial(tab_views.compare, REG),
        compare_in,
        compare_views,
        api_name="compare_view",
        api_visibility="undocumented",
    )
    score_in = ui.pick("sentence", "checkpoint", "reference", "lang")
    wire_page(
        [score_btn.click, ui.reference.submit], partial(tools.score, REG), score_in, ui.pick("tf_note", "tf_plot")
    )
    card_out = ui.pick("card", "curve_plot", "by_length_plot")
    wire_page(ui.checkpoint.change, partial(tab_views.card, REG), ui.pick("checkpoint", "lang"), card_out)
    # the link is built in the browser (link.js), whose parameters take these in this order
    link_in = [ui.task, ui.checkpoint, ui.sentence, ui.decoding, ui.beam_width, ui.tab, lesson.picker]
    link_btn.click(None, [*link_in, ui.language_switch], link, js=links.JS, api_visibility="private")
    whatif_in = ui.pick("sentence", "checkpoint", "prefix", "decoding", "beam_width", "lang")
    whatif_out = ui.pick("whatif_note", "whatif_pieces")
    wire_page([whatif_btn.click, ui.prefix.submit], partial(tools.what_if, REG), whatif_in, whatif_out)
    iv_fields = ui.pick("iv_side", "iv_layer", "iv_array", "iv_units", "iv_value")
    wire_page(ui.iv_preset.input, tools.preset, ui.pick("iv_preset", "translation"), iv_fields)
    iv_in = ui.pick("sentence", "checkpoint", "iv_side", "iv_layer", "iv_array", "iv_units", "iv_value", "lang")
    wire_page(iv_btn.click, partial(tools.intervene, REG), iv_in, ui.pick("iv_note", "iv_plot"))
    live_in = ui.pick("cell", "units", "attention", "reverse", "bidirectional", "seconds", "probe", "live", "lang")
    live_out = ui.pick("job", "status", "curve", "heatmap", "live", "task") | TASK_OUT
    for start, race in ((live_btn.click, False), (race_btn.click, True)):
        # its own concurrency group: a training's page waits on the queue, not on the translation workers
        train = partial(live_view.train, REG, LIVE, race=race)
        wire_page(start, train, live_in, live_out, concurrency_limit=8, concurrency_id="live")
    wire(stop_btn.click, partial(live_view.stop, LIVE), ui.pick("job"), {}, queue=False)
    # a class watches one training (the teacher's) instead of queueing thirty; watchers hold no training slot
    watch = partial(live_view.watch, LIVE)
    wire_page(watch_btn.click, watch, ui.pick("lang"), ui.pick("status", "curve", "heatmap"), concurrency_limit=None)
    api = Endpoints(REG, LIVE)
    gr.api(api.translate, api_name="translate")
    gr.api(api.continue_, api_name="continue")
    gr.api(api.intervene, api_name="intervene")
    gr.api(api.saliency, api_name="saliency")
    gr.api(api.neighbours, api_name="neighbours")
    gr.api(api.train_live, api_name="train_live", concurrency_limit=8, concurrency_id="live")

serving.skip_file_walk()  # outputs that cannot hold a file skip Gradio's per-number walk (explorer/serving.py)
if not serving.fragments_in_call_route():  # the curl API writes the answers' pre-written arrays too
    log.warning("gradio.routes no longer uses json: the /call route may not write array answers")
serving.lazy_session_config()  # a new session does not build every component's configuration up front
serving.quiet_queue_statistics()  # the queue's monitoring summary every 1,000 events, not after each
serving.no_matplotlib_switch()  # no search for an absent matplotlib around every event
demo.queue(
    max_size=int(os.environ.get("SEQ2SEQ_QUEUE_SIZE", "64")),
    default_concurrency_limit=int(os.environ.get("SEQ2SEQ_CONCURRENCY", "2")),
    # waiting pages hear their position on joining, then once a second (Gradio's "auto": after every event
    # start, to each waiting page: 50 users x 5 requests p95 1.97 / 1.86 s -> 1.37 / 1.27 s, measured)
    status_update_rate=serving.status_update_rate(os.environ.get("SEQ2SEQ_STATUS_RATE")),
)
serving.wake_queue_on_change(demo._queue)  # the queue waits for a change instead of looking every millisecond

if __name__ == "__main__":
    defaults = {key: page.default_checkpoint(REG, key) for key in REG.tasks()}
    warmup.start(REG, defaults, LIVE)  # no cold first view, no cold first training (explorer/warmup.py)
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
        js=HEAD_JS,
    )
