"""The explorer page's own events (handlers by name, see ``explorer.wiring``): pick a task, open the page (or a
link), take over the lesson's sentence, switch the language, and translate — which also draws the visible tab
(``explorer.tab_views``) in the same event. Each handler takes the registry first, then keyword arguments named
like the outputs app.py wires, and returns ``{name: value}`` for what changes."""

from __future__ import annotations

from collections.abc import Sequence

import gradio as gr

from seq2seq.checkpoints import read_json

from . import links, near, registry, tab_views, texts, tips, views
from .registry import Registry
from .updates import Overlaps, settle

NO_TASK = "dates"  # what the task picker holds when no checkpoint loaded
OVERLAPS = Overlaps()  # the server's translations in flight, by session (see updates.Overlaps)
# a sentence that cannot be translated must not leave the previous sentence's translation and views up
CLEAR_ON_ERROR = {"translation": None, "output_text": "", "pieces": "", "playback": "", "tip": ""}


def task_choices(reg: Registry, lang: str = "en") -> list[tuple[str, str]]:
    """The task picker: every task a loaded checkpoint was trained on (built-in ones first), no code per task."""
    return [(registry.task_label(k, lang, reg.data_dir), k) for k in reg.tasks()] or [
        (texts.t("no_task", lang), NO_TASK)
    ]


def default_task(reg: Registry) -> str:
    """The task a page opens with (when neither a link nor a Korean browser says otherwise)."""
    return task_choices(reg)[0][1]


def default_checkpoint(reg: Registry, task: str) -> str | None:
    """The checkpoint a task opens with: of those with attention, the one with the best greedy test chrF (the
    mean over the splits every candidate was scored on: help and everyday for English→Korean, what a student
    types and what the task's data is), an LSTM where scores tie or none is measured; an LSTM without attention
    when no model has it. Reads each checkpoint's metrics.json; loads no weights."""
    names = reg.names(task)
    # attention models, LSTMs first (the stable sort keeps the registry's order within each group)
    ranked = sorted((n for n in names if n.endswith("-attn")), key=lambda n: "lstm" not in n)
    if not ranked:
        return next((n for n in names if "lstm" in n), names[0] if names else None)
    scores = {n: _test_chrf(reg.models[n].folder) for n in ranked}
    shared = set.intersection(*(set(s) for s in scores.values()))  # the splits every candidate has a score on

    def mean(name: str) -> float:
        return round(sum(scores[name][k] for k in shared) / len(shared), 2) if shared else 0.0

    return max(ranked, key=mean)  # max keeps the first of equals: the LSTM on a tie


def _test_chrf(folder) -> dict[str, float]:
    """Greedy test chrF by split ("help", "everyday") from a checkpoint's metrics.json."""
    m = read_json(folder / "metrics.json", {})
    found = {"help": m.get("beam1", {}).get("chrf"), "everyday": m.get("everyday", {}).get("beam1", {}).get("chrf")}
    return {k: float(v) for k, v in found.items() if isinstance(v, int | float)}


def task_view(reg: Registry, task: str, live: Sequence[str] = (), lang: str = "en") -> dict:
    """A task picked: its note, checkpoints (this page's live ones too), examples and first sentence."""
    test, hand = registry.examples(task, data_dir=reg.data_dir)
    return {
        "task_note": registry.task_note(task, lang, reg.data_dir),
        "checkpoint": gr.Dropdown(choices=reg.choices(task, lang, live or ()), value=default_checkpoint(reg, task)),
        "examples_test": gr.Dataset(samples=[[s] for s in test]),
        "examples_hand": gr.Dataset(samples=[[s] for s in hand]),
        "sentence": gr.Textbox(value=(hand or test or [""])[0]),
    }


def pick_example(example: list[str]) -> dict:
    """An example clicked: its sentence (the translation follows in the same chain)."""
    return {"sentence": example[0]}


def open_page(reg: Registry, request: gr.Request | None = None) -> dict:
    """The state a page opens in: the language of the browser (English→Korean first for Korean), or what a
    link asks for (see ``links.read``); unknown values fall back to the defaults with a short message."""
    browser_lang = texts.language(request.headers.get("accept-language") if request else None)
    query = dict(request.query_params) if request else {}
    checkpoints = {task: names for task in reg.tasks() if (names := reg.names(task))}
    link = links.read(query, browser_lang, checkpoints, default_task(reg))
    lang, task = link["lang"], link["task"]
    out = {"task": gr.Radio(choices=task_choices(reg, lang), value=task), "lang": lang, "language_switch": lang}
    if link["relabel"]:  # a link's language: every label is redrawn in it (the language switch's handler)
        out["relabel"] = lang
    if "chapter" in link:
        out["chapter"] = link["chapter"]
    out.update(task_view(reg, task, (), lang))
    if "checkpoint" in link:
        out["checkpoint"] = gr.Dropdown(choices=reg.choices(task, lang), value=link["checkpoint"])
    if "sentence" in link:
        out["sentence"] = gr.Textbox(value=link["sentence"])
    if "decoding" in link:
        out["decoding"], out["beam_width"] = link["decoding"], link["beam_width"]
    if "tab" in link:
        out["tabs"], out["tab"] = gr.Tabs(selected=link["tab"]), link["tab"]
    out["notice"] = link["notice"]
    return out


def open_from_lesson(reg: Registry, state: dict | None, live: Sequence[str] = (), lang: str = "en") -> dict:
    """ "Open in the explorer": the chapter's task, checkpoint and sentence on its view (``state["view"]``: the
    Playback, or the Train tab for the chapter on training; the translation follows in the same chain)."""
    if not state:
        return {}
    task = state["task"]
    out = task_view(reg, task, live, lang)
    out["checkpoint"] = gr.Dropdown(choices=reg.choices(task, lang, live or ()), value=state["checkpoint"])
    view = state.get("view", "playback")
    out.update({"task": task, "sentence": state["sentence"], "tabs": gr.Tabs(selected=view), "tab": view})
    return out


def language(reg: Registry, translated: dict[str, str], lang: str, task: str, live: Sequence[str] = ()) -> dict:
    """Switch the page's language: every label, choice and explanation (``translated``: ``{text key: "label" or
    "value"}``, each key also the output's name), then the visible view is redrawn (the translation follows)."""
    table = texts.table(lang)
    out = {key: gr.update(**{prop: table[key]}) for key, prop in translated.items()}
    out["lang"] = lang
    out["task"] = gr.Radio(choices=task_choices(reg, lang), label=table["task"])
    out["order"] = gr.Radio(choices=views.unit_order_choices(lang), label=table["order"])
    out["pattern"] = gr.Radio(choices=near.pattern_choices(lang), label=table["pattern"])
    out["checkpoint"] = gr.Dropdown(choices=reg.choices(task, lang, live or ()), label=table["checkpoint"])
    out["task_note"] = registry.task_note(task, lang, reg.data_dir)
    out["decoding"] = gr.Radio(
        choices=[(table["decoding_greedy"], "greedy"), (table["decoding_beam"], "beam")], label=table["decoding"]
    )
    return out


def translate(
    reg: Registry,
    sentence: str,
    checkpoint: str,
    decoding: str,
    beam_width: float,
    max_pieces: float,
    iv_array: str = "h",
    iv_layer: float | None = 0,
    lang: str = "en",
) -> tuple[dict, dict]:
    """The translation and its text; with the controls whose properties follow the model and the sentence,
    as ``settle`` takes them (``wanted``)."""
    beam = int(beam_width) if decoding == "beam" else 1
    translation = registry.run_translation(reg, sentence, checkpoint, beam, int(max_pieces))
    model = reg.get(checkpoint)
    arrays = texts.array_choices(registry.cell_of(model), lang)
    top_layer = model.config.layers - 1
    headers = ["#", texts.t("col_translation", lang), texts.t("col_score", lang)]
    wanted = {
        "nbest": ({"headers": headers, "visible": bool(translation.nbest)}, views.nbest_rows(translation)),
        "array": ({"choices": arrays}, "h"),
        "layer": ({"choices": list(range(model.config.layers))}, 0),
        "step": ({"minimum": 0, "maximum": max(1, len(translation.trace.decoder_outputs) - 1), "step": 1}, 0),
        # the intervention fields keep what the user set, where the new model has it
        "iv_array": ({"choices": arrays}, iv_array if iv_array in {v for _, v in arrays} else "h"),
        "iv_layer": ({"maximum": top_layer}, min(int(iv_layer or 0), top_layer)),
        # the presets this cell has (a GRU's z = 1 on an LSTM would do nothing)
        "iv_preset": ({"choices": views.preset_choices(registry.cell_of(model), lang)}, None),
    }
    out = {
        "translation": translation,
        "output_text": views.display_text(translation.text, lang),
        "pieces": views.pieces_html(translation, lang),
        "message": "",
        "tip": tip(sentence, model.config.task, lang),
    }
    return out, wanted


def tip(sentence: str, task: str, lang: str = "en") -> str:
    """Under the translation: the sentence as the training data writes it, when the typed one is not (``tips``)."""
    written = tips.as_written(sentence, task)
    return texts.t("tip_written", lang, written=written) if written else ""


def translate_and_draw(
    reg: Registry,
    sentence: str,
    checkpoint: str,
    decoding: str,
    beam_width: float,
    max_pieces: float,
    tab: str,
    unit_order: str,
    n_units: float,
    task: str,
    k: float,
    sent_props: dict | None,
    iv_array: str = "h",
    iv_layer: float | None = 0,
    request: gr.Request | None = None,
    lang: str = "en",
    progress=None,
) -> dict:
    """Translate, then draw the visible tab, in one event: a class pressing Translate at once waits on one queue
    trip each, not three. ``sent_props``: the properties this page was last sent (see ``updates.settle``);
    ``progress``: where a state index built for the Neighbours tab shows its progress."""
    session = getattr(request, "session_hash", None) or ""
    OVERLAPS.start(session)
    try:
        out, wanted = translate(reg, sentence, checkpoint, decoding, beam_width, max_pieces, iv_array, iv_layer, lang)
        out.update(
            tab_views.draw(
                reg,
                tab=tab,
                translation=out["translation"],
                array="h",
                unit_order=unit_order,
                n_units=n_units,
                layer=0,
                step=0,
                sentence=sentence,
                task=task,
                checkpoint=checkpoint,
                k=k,
                near_step=0,
                lang=lang,
                progress=progress,
            )
        )
    finally:
        overlapped = OVERLAPS.finish(session)
    # another translation of this page ran meanwhile: its answer may land before or after this one
    updates, sent = settle(None if overlapped else sent_props, wanted)
    return {**out, **updates, "sent_props": {} if overlapped else sent}
