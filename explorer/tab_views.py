"""What each tab draws for the current translation (handlers by name, see ``explorer.wiring``). Only the visible
tab is drawn — after a translation, when a view's control moves, when a tab opens; ``DRAWS`` names each tab's
outputs."""

from __future__ import annotations

import gradio as gr

from seq2seq.cells import CELLS
from seq2seq.inputs import InputError
from seq2seq.translator import Translation

from . import figures, near, playback, registry, texts, views
from .registry import Registry

PLAYBACK_UNITS = 16  # rows of the playback heatmaps: the units that change most
COMPARE_PARTS = ("title", "encoder", "decoder", "map")  # one column of the Compare tab, per cell
COMPARE_CLOUD_POINTS = 800  # training states per cloud in Compare's maps (a third of the page wide; three of them)
NEAR_VIEWS = ("span", "near_step", "near_note", "near_sentences", "near_steps", "trajectory")


def compare_name(cell: str, part: str) -> str:
    """The output name of one part of the Compare tab's column for ``cell``."""
    return f"compare_{cell}_{part}"


DRAWS = {  # what each tab draws when it opens
    "playback": ("playback",),
    "states": ("encoder_plot", "decoder_plot", "states_note"),
    "attention": ("attention_plot", "attention_note", "saliency_plot"),
    "steps": ("topk_plot", "gates_plot"),
    "saturation": ("saturation_plot", "saturation_note"),
    "compare": tuple(compare_name(cell, part) for cell in CELLS for part in COMPARE_PARTS),
    "near": NEAR_VIEWS,
    "card": ("card", "curve_plot", "by_length_plot"),
}


def render(
    reg: Registry,
    tab: str,
    translation: Translation | None,
    array: str,
    unit_order: str,
    n_units: float,
    layer: int | None,
    step: int,
    sentence: str,
    task: str,
    checkpoint: str,
    lang: str = "en",
) -> dict:
    """The visible tab only: the others are built when their tab is opened. The message line belongs to the
    translation and is left as it is (``array``: the array the States tab shows)."""
    if tab == "compare":
        return compare(reg, sentence, task, checkpoint, array, unit_order, n_units, lang)
    if tab == "card":
        return card(reg, checkpoint, lang)
    if translation is None:
        return {}
    trace = translation.trace
    cell = CELLS[trace.cell]
    layer = layer or 0
    if tab == "playback":
        units = views.unit_order(translation, "h", "variance", PLAYBACK_UNITS, layer)
        return {"playback": playback.to_json(translation, units, layer, lang)}
    if tab == "states":
        f_enc, f_dec, _ = views.state_figures(translation, array or "h", unit_order, n_units, layer, lang=lang)
        note = "" if cell.has_gates else texts.t("no_gates", lang)
        return {"encoder_plot": f_enc, "decoder_plot": f_dec, "states_note": note}
    if tab == "attention":
        has = trace.attention is not None
        return {
            "attention_plot": gr.Plot(figures.attention_heatmap(trace, lang) if has else None, visible=has),
            "attention_note": "" if has else texts.t("no_attention", lang),
            "saliency_plot": views.saliency_figure(reg, checkpoint, translation, lang),
        }
    if tab == "steps":
        units = views.unit_order(translation, "h", unit_order, min(int(n_units), 32), layer)
        return {
            "topk_plot": figures.topk_bars(trace, step, lang),
            "gates_plot": figures.step_gates(trace, cell, step, layer, units, lang),
        }
    if tab == "saturation":
        note = "" if cell.has_gates else texts.t("no_gates", lang)
        return {"saturation_plot": figures.saturation(trace, cell, lang), "saturation_note": note}
    return {}


def compare(
    reg: Registry, sentence: str, task: str, checkpoint: str, array: str, unit_order: str, n_units: float, lang="en"
) -> dict:
    """The Compare tab: the sentence through the task's SimpleRNN, LSTM and GRU (alike in attention and reversal
    where possible), each column's heatmaps of ``array`` (``h`` where that cell has no such array) and map."""
    out = {"message": ""}
    for cell, other in reg.trio(task, checkpoint):
        title, enc, dec, trajectory = (compare_name(cell, part) for part in COMPARE_PARTS)
        if other is None:
            out[title], out[enc], out[dec] = views.compare_heading(reg, None, cell, lang=lang), None, None
            continue
        translation = registry.run_translation(reg, sentence, other)
        here = array if array in translation.trace.encoder[0] else "h"
        narrow = figures.NARROW_PX  # a third of the page
        out[enc], out[dec], _ = views.state_figures(translation, here, unit_order, n_units, lang=lang, title_px=narrow)
        out[title] = views.compare_heading(reg, other, cell, translation.text, lang)
        try:
            out[trajectory] = near.trajectory_figure(
                reg, other, translation, lang, title=other, title_px=narrow, points=COMPARE_CLOUD_POINTS
            )
        except InputError:  # no state index for this one: the Neighbours tab says how to build it
            out[trajectory] = None
    return out


def card(reg: Registry, checkpoint: str, lang: str = "en") -> dict:
    """The Model card tab: the checkpoint's card, training curve and scores by sentence length."""
    md, curve, by_len = views.model_card(reg.get(checkpoint), lang)
    return {"card": md, "curve_plot": curve, "by_length_plot": by_len, "message": ""}


def neighbours(
    reg: Registry,
    tab: str,
    translation: Translation | None,
    checkpoint: str,
    k: float,
    near_step: float | None,
    lang="en",
    progress=None,
) -> dict:
    """The Neighbours tab (drawn only when it is the visible one): nearest training sentences and decoder
    steps, the trajectory map and the span picker. Without an index one is built first (``progress``: a
    ``gr.Progress`` the page shows it on); where it cannot be, the command that builds it."""
    if tab != "near" or translation is None:
        return {}
    out = {
        "span": gr.update(choices=near.span_choices(translation), value=[]),
        "near_step": gr.update(minimum=0, maximum=max(1, len(translation.trace.decoder_outputs) - 1), step=1),
        "near_note": "",
    }

    def building(done: int, total: int) -> None:
        if progress is not None:
            progress((done, total), desc=texts.t("index_building", lang), unit="pairs")

    try:
        index = near.state_index(reg, checkpoint, build=True, progress=building)
    except InputError as e:
        note = f"⚠️ {registry.message(e, lang)}"
        return {**out, "near_note": note, "near_sentences": None, "near_steps": None, "trajectory": None}
    headers = [texts.t("col_similarity", lang), texts.t("col_source", lang)]
    out["near_sentences"] = gr.Dataframe(
        value=near.sentence_rows(index, translation, int(k)), headers=[*headers, texts.t("col_target", lang)]
    )
    out["near_steps"] = gr.Dataframe(
        value=near.step_rows(reg, index, checkpoint, translation, int(near_step or 0), int(k)),
        headers=[*headers, texts.t("col_context", lang)],
    )
    out["trajectory"] = near.trajectory_figure(reg, checkpoint, translation, lang)
    return out


def draw(
    reg: Registry,
    tab: str,
    translation: Translation | None,
    array: str,
    unit_order: str,
    n_units: float,
    layer: int | None,
    step: int,
    sentence: str,
    task: str,
    checkpoint: str,
    k: float,
    near_step: float | None,
    lang: str = "en",
    progress=None,
) -> dict:
    """Draw the visible tab: its figures and, on the Neighbours tab, its tables and map (one event, not two;
    ``progress``: where building a missing state index shows its progress)."""
    drawn = render(reg, tab, translation, array, unit_order, n_units, layer, step, sentence, task, checkpoint, lang)
    return {**drawn, **neighbours(reg, tab, translation, checkpoint, k, near_step, lang, progress)}


def show_tab(
    reg: Registry,
    key: str,
    translation: Translation | None,
    array: str,
    unit_order: str,
    n_units: float,
    layer: int | None,
    step: int,
    sentence: str,
    task: str,
    checkpoint: str,
    k: float,
    near_step: float | None,
    lang: str = "en",
    progress=None,
) -> dict:
    """Tab ``key`` opened: remember it and draw it, in one event. Its outputs are that tab's own (``DRAWS[key]``):
    the other tabs keep what they show for this sentence. Before the page's first translation (a link that
    opens on Compare selects the tab while the sentence is being translated) Compare is left to that
    translation, which draws the visible tab: drawing it here too ran its three models twice."""
    if translation is None and key == "compare":
        return {"tab": key}
    drawn = draw(
        reg,
        key,
        translation,
        array,
        unit_order,
        n_units,
        layer,
        step,
        sentence,
        task,
        checkpoint,
        k,
        near_step,
        lang,
        progress,
    )
    return {"tab": key, **drawn}
