"""What each view shows, as plain functions: a translation's pieces and n-best rows, the state heatmaps and
their unit order, the Compare headings, teacher forcing, the model card, what-if prefixes, interventions and
saliency. ``app.py`` wires them (through ``explorer.tab_views`` and ``explorer.tools``); tests call them
directly. Every text takes ``lang`` ("en" or "ko"). The checkpoints and each task's examples are
``explorer.registry``'s; the API's JSON is ``explorer.endpoints``'.
"""

from __future__ import annotations

import html
import re

import numpy as np

from seq2seq.cells import CELLS, CellSpec
from seq2seq.checkpoints import read_json
from seq2seq.config import headline_metric, kept_by_chrf
from seq2seq.translator import Seq2Seq, Translation

from . import figures, texts
from .registry import Registry, describe


def unit_order_choices(lang: str = "en") -> list[tuple[str, str]]:
    """(label, value) for the unit-order picker: index, variance, mean ("번호순", "분산 …", "평균 …" in Korean)."""
    return [(texts.t(f"order_{order}", lang), order) for order in figures.UNIT_ORDERS]


def display_text(text: str, lang: str = "en") -> str:
    """A translation as the page shows it: "(empty)" ("(빈 번역)") when the model wrote nothing."""
    return text or texts.t("empty_translation", lang)


def compare_heading(reg: Registry, name: str | None, cell: str, text: str | None = None, lang: str = "en") -> str:
    """The Markdown heading of one column of the comparison: checkpoint, description and its translation, or a
    note that the task has no checkpoint of that cell (``name`` None)."""
    if name is None:
        return f"*{texts.t('compare_missing', lang, cell=CELLS[cell].label)}*"
    return f"**{name}** — {describe(reg.get(name), lang)}\n\n### {display_text(text or '', lang)}"


def piece_text(piece: str) -> str:
    """A piece for display: the word-start mark ``▁`` becomes a visible space; a piece that is only a word
    start shows as ␣ (an empty-looking quote would say nothing)."""
    return "␣" if piece.strip("▁") == "" else piece.replace("▁", " ")


def quoted_piece(piece: str) -> str:
    """A piece inside quotes in a sentence: “Das”, not “ Das” (the word-start mark's space would read as a typo)."""
    return piece_text(piece).strip() or "␣"


def pieces_html(t: Translation, lang: str = "en") -> str:
    """The target pieces (and ``</s>``) as HTML chips shaded by their probability; hover shows the value."""
    chips = []
    for i, (p, q) in enumerate(zip([*t.target_pieces, "</s>"], t.probs, strict=True)):
        label = html.escape(p.replace("▁", "␣") if p.strip("▁") == "" else p.replace("▁", "\u2009"))
        text_color = "#111"  # on light to mid red (alpha ≤ 0.6): ≥ 4.5:1 contrast at every probability
        title = html.escape(texts.t("piece_title", lang, step=i, p=f"{q:.3f}"))
        forced = " forced" if i < t.forced else ""  # a what-if prefix: pieces the model was made to write
        chips.append(
            f'<span class="piece{forced}" title="{title}" style="background: rgba(214, 39, 40, '
            f'{0.1 + 0.5 * q:.2f}); color: {text_color}">{label}<sub>{q:.2f}</sub></span>'
        )
    return '<div class="pieces">' + "".join(chips) + "</div>"


def nbest_rows(t: Translation) -> list[list]:
    """Rows (rank, translation, score) of the beam's n-best list."""
    return [[i + 1, text, round(score, 3)] for i, (text, score) in enumerate(t.nbest)]


def unit_order(t: Translation, array: str, order: str, top: int, layer: int = 0) -> np.ndarray:
    """The units to show, ordered by ``order`` over encoder and decoder steps together, the first ``top``."""
    layer = int(np.clip(layer, 0, len(t.trace.encoder) - 1))
    rec_e, rec_d = t.trace.encoder[layer], t.trace.decoder[layer]
    key = array if array in rec_e else "h"
    return figures.order_units(np.vstack([rec_e[key], rec_d[key]]), order, int(top))


def state_figures(
    t: Translation,
    array: str,
    order: str = "variance",
    top: int = 32,
    layer: int = 0,
    lang: str = "en",
    title_px: float = figures.TITLE_PX,
):
    """Encoder and decoder heatmaps of one array (``h``, ``c``, a gate …) of one layer (titles wrapped to
    ``title_px``: narrower in the Compare tab's columns).

    The decoder heatmap uses the encoder's unit order when the array exists on both sides, so a row is the
    same unit in both figures.
    """
    tr = t.trace
    layer = int(np.clip(layer, 0, len(tr.encoder) - 1))
    if array not in tr.encoder[layer]:
        array = "h"
    enc, dec = tr.encoder[layer][array], tr.decoder[layer][array]
    units = unit_order(t, array, order, top, layer)
    name = texts.array_name(array, lang)
    f_enc = figures.state_heatmap(
        enc,
        list(tr.source_pieces),
        array,
        texts.t("fig_encoder_title", lang, layer=layer, name=name),
        units=units,
        lang=lang,
        title_px=title_px,
        backward_from=tr.backward_from,
    )
    f_dec = figures.state_heatmap(
        dec,
        list(tr.decoder_outputs),
        array,
        texts.t("fig_decoder_title", lang, layer=layer, name=name),
        units=units,
        lang=lang,
        title_px=title_px,
    )
    return f_enc, f_dec, units


def first_divergence(trace) -> int | None:
    """Under teacher forcing, the first step whose own top choice, given the reference so far, is not the
    reference piece (None: the model agrees at every step)."""
    outs, tops = trace.decoder_outputs, [step[0][0] for step in trace.topk]
    return next((i for i, (p, top) in enumerate(zip(outs, tops, strict=True)) if p != top), None)


def teacher_forcing_view(reg: Registry, text: str, checkpoint: str, reference: str, lang: str = "en"):
    """Free-running translation vs the teacher-forced reference: a summary line and the comparison figure.

    The first divergence is the first step where the model's own top choice, given the reference prefix,
    is not the reference piece.
    """
    model = reg.get(checkpoint)
    free = model.translate(text)
    forced = model.score(text, reference)
    outs, tops = forced.trace.decoder_outputs, [step[0][0] for step in forced.trace.topk]
    diverge = first_divergence(forced.trace)
    log_p = float(np.log(np.asarray(forced.probs, dtype=np.float64)).sum())
    if diverge is None:
        verdict = texts.t("tf_agrees", lang)
    else:
        verdict = texts.t(
            "tf_diverges", lang, step=diverge, reference=quoted_piece(outs[diverge]), top=quoted_piece(tops[diverge])
        )
    summary = (
        f"{texts.t('tf_free', lang, text=free.text)}  \n{texts.t('tf_reference', lang, text=forced.text)}  \n"
        f"{texts.t('tf_log_p', lang, log_p=f'{log_p:.2f}')}; {verdict}"
    )
    return summary, figures.teacher_forcing(forced.trace, lang)


def machine_text(machine: str, lang: str = "en") -> str:
    """The machine a checkpoint was trained on, in the page's language ("AMD EPYC, 2 cores, Linux x86_64" →
    "AMD EPYC, 코어 2개, Linux x86_64"); the processor's and system's own names stay as they are."""
    if texts.table(lang) is texts.KO:
        return re.sub(r"\b(\d+) cores?\b", r"코어 \1개", machine)
    return machine


def score_splits(metrics: dict, task: str, lang: str = "en") -> list[tuple[str, dict]]:
    """The test sets a ``metrics.json`` scores, named in the page's language: the task's own held-out split
    (LibreOffice help for English→Korean), then the everyday split where the checkpoint was scored on it."""
    own = texts.t("split_test_en-ko" if task == "en-ko" else "split_test", lang)
    splits = [(own, {k: v for k, v in metrics.items() if k.startswith("beam")})]
    if isinstance(metrics.get("everyday"), dict):
        splits.append((texts.t("split_everyday", lang), metrics["everyday"]))
    return splits


def model_card(model: Seq2Seq, lang: str = "en") -> tuple[str, object | None, object | None]:
    """Markdown summary, training curve and score-by-length figure of a checkpoint.

    The checkpoint's own ``README.md`` (written in English by ``seq2seq.card``) is appended as it is.
    """
    folder = model.folder
    metrics = read_json(folder / "metrics.json", {})
    history = read_json(folder / "history.json", {"epochs": []})["epochs"]
    state = read_json(folder / "train_state.json", {})
    c = model.config
    lines = [
        f"### {model.name}",
        texts.t(
            "card_summary",
            lang,
            description=describe(model, lang),
            parameters=f"{model.parameters:,}",
            source=c.src_vocab_size,
            target=c.tgt_vocab_size,
        ),
    ]
    if state:
        by_chrf = kept_by_chrf(model.train_config.select, state)
        lines.append(
            texts.t(
                "card_trained_chrf" if by_chrf else "card_trained",
                lang,
                epochs=state.get("epoch"),
                minutes=f"{state.get('seconds', 0) / 60:.1f}",
                machine=machine_text(state.get("machine", "?"), lang),
                loss=f"{state.get('best_dev_loss', 0):.4f}",
                chrf=f"{state.get('best_dev_chrf') or 0:.2f}",
                best=state.get("best_epoch", "?"),
            )
        )
    lines = ["\n\n".join(lines)]  # separate paragraphs; the table below needs single newlines
    splits = score_splits(metrics, c.task, lang)
    rows = [
        f"| {name} | {key[4:]} | {m['bleu']} | {m['chrf']} | {m['exact_match']}% | {m['sentences']} |"
        for name, scores in splits
        for key, m in sorted(scores.items())
        if key.startswith("beam")
    ]
    if rows:
        lines += ["", texts.t("card_table_header", lang), "|---|---|---|---|---|---|", *rows]
    else:
        lines.append(texts.t("card_no_metrics", lang))
    card = folder / "README.md"
    if card.exists():
        summary = html.escape(texts.t("card_full", lang))
        lines += ["", f"<details><summary>{summary}</summary>", "", card.read_text(encoding="utf-8"), "</details>"]
    key = headline_metric(c.task)
    curve = figures.training_curve(history, lang) if history else None
    by_len = figures.score_by_length(splits, key, lang) if metrics.get("beam1") else None
    return "\n".join(lines), curve, by_len


# -- asking why: what-if prefixes and interventions ----------------------------------------------------------
def what_if_view(reg: Registry, text: str, checkpoint: str, prefix: str, beam_size: int = 1, lang: str = "en"):
    """The model's own translation and the one forced through ``prefix``: a summary with both log p, and the
    forced translation (its first ``forced`` pieces marked)."""
    model = reg.get(checkpoint)
    own = model.translate(text, beam_size=beam_size)
    forced = model.complete(text, prefix, beam_size=beam_size)
    summary = texts.t(
        "whatif_summary",
        lang,
        own=display_text(own.text, lang),
        own_lp=f"{own.log_prob:.2f}",
        forced=display_text(forced.text, lang),
        forced_lp=f"{forced.log_prob:.2f}",
        n=forced.forced,
    )
    return summary, forced


def intervention_presets(t: Translation, cell: CellSpec, top: int = 10) -> dict[str, dict]:
    """Specs a teacher can click: the top-``top`` encoder units by variance switched off, and the cell's own
    gate presets (``CellSpec.presets``: LSTM forget gate 1 or 0, GRU update gate 1), on every encoder unit."""
    units = unit_order(t, "h", "variance", top, 0).tolist()
    every = list(range(t.trace.encoder[0]["h"].shape[1]))
    out = {"top_off": {"side": "encoder", "layer": 0, "array": "h", "units": units, "value": 0.0}}
    for name, key, value in cell.presets:
        out[name] = {"side": "encoder", "layer": 0, "array": key, "units": every, "value": value}
    return out


def preset_choices(cell: CellSpec, lang: str = "en") -> list[tuple[str, str]]:
    """The intervention presets a cell offers, labelled in ``lang``: the top units off, then its gate presets."""
    return [(texts.t(f"preset_{name}", lang), name) for name in ("top_off", *(p[0] for p in cell.presets))]


def intervention_view(reg: Registry, text: str, checkpoint: str, spec, lang: str = "en"):
    """Original and intervened translations side by side (Markdown) and the heatmap of the state difference
    (intervened − original h of the encoder's top layer, and of the decoder over the steps both have)."""
    model = reg.get(checkpoint)
    original = model.translate(text)
    changed = model.intervene(text, spec)
    summary = texts.t(
        "intervene_summary",
        lang,
        original=display_text(original.text, lang),
        changed=display_text(changed.text, lang),
        same=texts.t("intervene_same" if changed.text == original.text else "intervene_differs", lang),
    )
    top = len(original.trace.encoder) - 1
    diff = changed.trace.encoder[top]["h"] - original.trace.encoder[top]["h"]  # (S, U)
    units = figures.order_units(np.abs(diff), "mean", 32)
    title = texts.t("fig_diff_title", lang, layer=top)
    fig = figures.state_heatmap(
        diff,
        list(original.trace.source_pieces),
        "unbounded",
        title,
        units=units,
        lang=lang,
        backward_from=original.trace.backward_from,  # rows u→ / u← as on the States view
    )
    return summary, changed, fig


def saliency_figure(reg: Registry, checkpoint: str, t: Translation, lang: str = "en"):
    """The saliency of the translation on screen, each row divided by its maximum, drawn like attention."""
    from seq2seq.saliency import saliency_matrix

    S = saliency_matrix(reg.get(checkpoint), t.source_ids, t.target_ids)  # (T, S)
    return figures.attention_heatmap(t.trace, lang, matrix=S / np.maximum(S.max(axis=1, keepdims=True), 1e-12))
