"""The tabs' own controls (handlers by name, see ``explorer.wiring``): a neighbours step, unit search and its
hand-over to the intervention form, teacher forcing, what if, intervention presets and interventions."""

from __future__ import annotations

from seq2seq.cells import CELLS
from seq2seq.inputs import InputError
from seq2seq.translator import Translation

from . import near, registry, texts, views
from .registry import Registry


def step_neighbours(
    reg: Registry, translation: Translation | None, checkpoint: str, k: float, near_step: float | None, lang="en"
) -> dict:
    """The decoder step picked on the Neighbours tab: the training steps nearest to it."""
    if translation is None:
        return {}
    index = near.state_index(reg, checkpoint)
    return {"near_steps": near.step_rows(reg, index, checkpoint, translation, int(near_step or 0), int(k))}


def search(
    reg: Registry, translation: Translation | None, checkpoint: str, pattern: str, span: list, lang: str = "en"
) -> dict:
    """Unit search: the units that track ``pattern`` over the picked ``span`` of source pieces."""
    if translation is None:
        return {}
    md, fig, units = near.unit_search_view(reg, checkpoint, translation, pattern, span, lang)
    return {"search_note": md, "search_plot": fig, "search_units": units, "message": ""}


def send_units(reg: Registry, search_units: list[int], checkpoint: str, lang: str = "en") -> dict:
    """The units found (``search_units``), handed to the intervention form (the encoder's top layer, its state)."""
    if not search_units:
        return {}
    listed = ", ".join(map(str, search_units))
    return {
        "iv_side": "encoder",
        "iv_layer": reg.get(checkpoint).config.layers - 1,
        "iv_array": "h",
        "iv_units": listed,
        "search_note": texts.t("search_sent", lang, units=listed),
    }


def score(reg: Registry, sentence: str, checkpoint: str, reference: str, lang: str = "en") -> dict:
    """Teacher forcing: the model's probability of each piece of ``reference``."""
    summary, fig = views.teacher_forcing_view(reg, sentence, checkpoint, reference, lang)
    return {"tf_note": summary, "tf_plot": fig, "message": ""}


def what_if(
    reg: Registry, sentence: str, checkpoint: str, prefix: str, decoding: str, beam_width: float, lang: str = "en"
) -> dict:
    """What if the translation started with ``prefix``: the decoder forced through it, then on its own."""
    beam = int(beam_width) if decoding == "beam" else 1
    summary, translation = views.what_if_view(reg, sentence, checkpoint, prefix, beam, lang)
    return {"whatif_note": summary, "whatif_pieces": views.pieces_html(translation, lang), "message": ""}


def preset(iv_preset: str | None, translation: Translation | None) -> dict:
    """Fill the intervention fields from a preset (computed on the current translation)."""
    if translation is None or not iv_preset:
        return {}
    spec = views.intervention_presets(translation, CELLS[translation.trace.cell]).get(iv_preset)
    if spec is None:
        return {}
    every_unit = len(spec["units"]) == translation.trace.encoder[0]["h"].shape[1]
    return {
        "iv_side": spec["side"],
        "iv_layer": spec["layer"],
        "iv_array": spec["array"],
        "iv_units": "all" if every_unit else ", ".join(map(str, spec["units"])),
        "iv_value": spec["value"],
    }


def intervene(
    reg: Registry,
    sentence: str,
    checkpoint: str,
    iv_side: str,
    iv_layer: float,
    iv_array: str,
    iv_units: str,
    iv_value: float,
    lang: str = "en",
) -> dict:
    """Translate with the form's units clamped; the translation beside the original, and what changed."""
    units = [u.strip() for u in str(iv_units or "").replace(";", ",").split(",") if u.strip()]
    if [u.lower() for u in units] in (["all"], ["전체"]):
        units = list(range(reg.get(checkpoint).config.units))
    spec = {"side": iv_side, "layer": iv_layer, "array": iv_array, "units": units, "value": iv_value}
    try:
        summary, _, fig = views.intervention_view(reg, sentence, checkpoint, spec, lang)
    except InputError as e:  # said beside the form it is about, and no earlier result left under it
        return {"iv_note": f"⚠️ {registry.message(e, lang)}", "iv_plot": None, "message": ""}
    return {"iv_note": summary, "iv_plot": fig, "message": ""}
