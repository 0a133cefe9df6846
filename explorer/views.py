"""The app's handlers as plain functions: registry lookups, translation and the figures of each view.

``app.py`` wires these to Gradio components; tests call them directly. Every handler turns a bad input
into a short message (``InputError``) and never lets a stack trace reach the page. Everything that produces
text takes ``lang`` ("en" or "ko"); ``message`` says an ``InputError`` in the page's language.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from seq2seq import corpus
from seq2seq.cells import CELLS, CellSpec
from seq2seq.checkpoints import CHECKPOINT_DIR, CheckpointError, list_checkpoints, read_json
from seq2seq.config import headline_metric, kept_by_chrf
from seq2seq.data import DATA_DIR, load_pairs
from seq2seq.live import is_live_name
from seq2seq.translator import InputError, LazySeq2Seq, Seq2Seq, Translation

from . import figures, texts
from .jsonout import json_fragment

BUILT_IN_ORDER = ("en-de", "dates", "en-ko")  # the picker lists these first, then imported tasks by name
HAND_PICKED = {  # the first one is what the page opens with: one the models translate well
    "en-de": [
        "Can you help me, please?",
        "The money belongs to him.",
        "I have read only ten pages so far.",
        "Where is the station?",
        "The weather is nice today.",
        "I am hungry.",
    ],
    "en-ko": [  # everyday sentences written for this page (none is in the training data), then help text
        "I like apples.",
        "Please close the door.",
        "It is raining today.",
        "I go to school by bus.",
        "Click the OK button to close the dialog.",
        "Select the cells that you want to delete.",
        "Choose a color for the selected text.",
        "Inserts a new sheet before the current sheet.",
        "Open the LibreOffice Basic dialog editor, then create a dialog with a control on it.",
    ],
    "dates": [
        "Wednesday, November 25, 2026",
        "November 25, 2026",
        "Nov 25, 2026",
        "Friday, July 4, 1975",
        "Feb 29, 2000",
    ],
}


@dataclass
class Registry:
    """Every checkpoint that loaded, by name, and the reason for each that did not."""

    models: dict[str, Seq2Seq] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # checkpoint name (or data/<folder>) -> why not
    data_dir: Path = DATA_DIR  # where the tasks' data folders are (examples, imported tasks' descriptions)

    @classmethod
    def load_all(cls, root: Path = CHECKPOINT_DIR, data_dir: Path = DATA_DIR) -> Registry:
        """Load every checkpoint folder under ``root``; a broken one is recorded, never fatal. Data folders
        that cannot be used (half-written, no ``task.json``) are recorded the same way."""
        reg = cls(data_dir=Path(data_dir))
        for name in list_checkpoints(root):
            try:  # config, tokenizers and files now; the weights when the checkpoint is first used
                reg.models[name] = LazySeq2Seq(Path(root) / name)
            except CheckpointError as e:
                reg.errors[name] = str(e)
        for folder, why in corpus.data_folders(data_dir)[1].items():
            reg.errors[f"data/{folder}"] = f"data/{folder}: {why}"
        return reg

    def tasks(self) -> list[str]:
        """The tasks of the loaded checkpoints: the built-in ones first, then the others by name."""
        have = {m.config.task for m in self.models.values()}
        return [t for t in BUILT_IN_ORDER if t in have] + sorted(have - set(BUILT_IN_ORDER))

    def get(self, name: str) -> Seq2Seq:
        """A loaded checkpoint by name (never a path: names from requests are looked up, not opened)."""
        if not isinstance(name, str) or name not in self.models:
            why = self.errors.get(name) if isinstance(name, str) else None
            if why:
                raise InputError(
                    f"Checkpoint {name!r} is unavailable: {why}",
                    key="checkpoint_unavailable",
                    params={"name": name, "why": why},
                )
            raise InputError(f"Unknown checkpoint {name!r}.", key="checkpoint_unknown", params={"name": name})
        model = self.models[name]
        if isinstance(model, LazySeq2Seq):
            try:
                model.model()  # loaded on first use; a model that turns out unreadable is reported from now on
            except CheckpointError as e:
                self.errors[name] = str(e)
                self.models.pop(name, None)
                return self.get(name)
        return model

    def names(self, task: str | None = None, live=()) -> list[str]:
        """Loaded checkpoint names, optionally of one task; live-trained models only those named in ``live`` (a
        page sees its own)."""
        return [
            n
            for n, m in list(self.models.items())
            if (task is None or m.config.task == task) and (not is_live_name(n) or n in live)
        ]

    def choices(self, task: str, lang: str = "en", live=()) -> list[tuple[str, str]]:
        """(label, name) pairs for a picker: 'en-de-lstm-attn — LSTM · attention'."""
        return [(f"{n} — {describe(self.models[n], lang)}", n) for n in self.names(task, live)]

    def trio(self, task: str, like: str | None = None) -> list[tuple[str, str | None]]:
        """(cell, checkpoint name or None) for SimpleRNN, LSTM and GRU of ``task``: the ones that differ only in
        the cell, matching ``like``'s attention and reversal when possible."""
        names = self.names(task)
        ref = self.models.get(like) if like else None
        out = []
        for cell in CELLS:
            cands = [n for n in names if self.models[n].config.cell == cell]
            if ref is not None:
                same = [
                    n
                    for n in cands
                    if self.models[n].config.attention == ref.config.attention
                    and self.models[n].config.reverse_source == ref.config.reverse_source
                ]
                cands = same or cands
            out.append((cell, sorted(cands, key=len)[0] if cands else None))
        return out


def message(e: InputError, lang: str = "en") -> str:
    """An ``InputError`` said in the page's language: the library's own English sentence for "en"; for "ko" the
    text ``error_<key>`` filled with the error's params, or the English sentence when the key is unknown."""
    key = f"error_{getattr(e, 'key', None)}"
    if texts.table(lang) is texts.EN or key not in texts.KO:
        return str(e)
    try:
        return texts.t(key, lang, **getattr(e, "params", {}))
    except (KeyError, IndexError, ValueError):  # params that do not fit the text: say it in English
        return str(e)


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


def cell_of(model: Seq2Seq) -> CellSpec:
    """The spec of a loaded checkpoint's cell."""
    return CELLS[model.config.cell]


def describe(model: Seq2Seq, lang: str = "en") -> str:
    """'LSTM · attention · reversed source · 1×256' ('LSTM · 어텐션 · 입력 역순 · 1×256' in Korean)."""
    c = model.config
    parts = [CELLS[c.cell].label, texts.t("describe_attention" if c.attention else "describe_no_attention", lang)]
    if c.reverse_source:
        parts.append(texts.t("describe_reversed", lang))
    parts.append(f"{c.layers}×{c.units}")
    return " · ".join(parts)


def examples(task: str, n: int = 6, data_dir: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    """(test-split examples, hand-picked examples) for a task; test ones are short and spread out. An imported
    task's hand-picked examples are its ``examples.txt``."""
    hand = HAND_PICKED.get(task) or corpus.hand_picked(task, data_dir)
    try:
        pairs = load_pairs(task, "test", data_dir)
    except FileNotFoundError:
        return [], hand
    short = [s for s, _ in pairs if len(s.split()) <= 9]
    step = max(1, len(short) // n)
    return short[::step][:n], hand


def task_label(task: str, lang: str = "en", data_dir: Path = DATA_DIR) -> str:
    """The picker's label of a task: the page's own text for a built-in one, else its languages and name."""
    if f"task_{task}" in texts.EN:
        return texts.t(f"task_{task}", lang)
    info = corpus.task_info(task, data_dir)
    if info.get("source_lang") and info.get("target_lang"):
        src, tgt = (corpus.language_name(info[k], lang) for k in ("source_lang", "target_lang"))
        return f"{src} → {tgt} ({task})"
    return task


def task_note(task: str, lang: str = "en", data_dir: Path = DATA_DIR) -> str:
    """The line under the task picker: the page's own note for a built-in task, where an imported one came from."""
    if f"task_note_{task}" in texts.EN:
        return texts.t(f"task_note_{task}", lang)
    info = corpus.task_info(task, data_dir)
    if info.get("source_file"):
        return texts.t("task_note_imported", lang, file=info["source_file"], n=f"{info['pairs']['train']:,}")
    return ""


def run_translation(
    reg: Registry, text: str, checkpoint: str, beam_size: int = 1, max_len: int | None = None
) -> Translation:
    """Translate with a registered checkpoint; bad input raises ``InputError`` with a short message."""
    return reg.get(checkpoint).translate(text if isinstance(text, str) else "", beam_size=beam_size, max_len=max_len)


def piece_text(piece: str) -> str:
    """A piece for display: the word-start mark ``▁`` becomes a visible space; a piece that is only a word
    start shows as ␣ (an empty-looking quote would say nothing)."""
    return "␣" if piece.strip("▁") == "" else piece.replace("▁", " ")


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


def teacher_forcing_view(reg: Registry, text: str, checkpoint: str, reference: str, lang: str = "en"):
    """Free-running translation vs the teacher-forced reference: a summary line and the comparison figure.

    The first divergence is the first step where the model's own top choice, given the reference prefix,
    is not the reference piece.
    """
    model = reg.get(checkpoint)
    free = model.translate(text)
    forced = model.score(text, reference)
    outs, tops = forced.trace.decoder_outputs, [step[0][0] for step in forced.trace.topk]
    diverge = next((i for i, (p, top) in enumerate(zip(outs, tops, strict=True)) if p != top), None)
    log_p = float(np.log(np.asarray(forced.probs, dtype=np.float64)).sum())
    if diverge is None:
        verdict = texts.t("tf_agrees", lang)
    else:
        verdict = texts.t(
            "tf_diverges", lang, step=diverge, reference=piece_text(outs[diverge]), top=piece_text(tops[diverge])
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


def api_result(reg: Registry, text: str, checkpoint: str, beam_size: int = 1, arrays: bool = True) -> dict:
    """The ``/translate`` endpoint's JSON: everything the page shows, arrays as nested lists (or, with
    ``arrays=False``, without the per-step arrays), each already written as JSON text (``jsonout.json_fragment``:
    a client reads the same numbers ``Translation.to_dict`` gives)."""
    t = run_translation(reg, text, checkpoint, beam_size)
    out = t.to_dict(arrays=bool(arrays), array_json=json_fragment)
    out["checkpoint"] = checkpoint
    return out


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
    fig = figures.state_heatmap(diff, list(original.trace.source_pieces), "unbounded", title, units=units, lang=lang)
    return summary, changed, fig


def api_continue(reg: Registry, text: str, checkpoint: str, prefix: str, beam_size: int = 1) -> dict:
    """The ``/continue`` endpoint's JSON: what ``/translate`` returns, for the translation forced through
    ``prefix`` (``forced`` pieces), with its ``log_prob``."""
    out = reg.get(checkpoint).complete(text, prefix, beam_size=beam_size).to_dict(array_json=json_fragment)
    out["checkpoint"] = checkpoint
    return out


def api_intervene(reg: Registry, text: str, checkpoint: str, spec) -> dict:
    """The ``/intervene`` endpoint's JSON: what ``/translate`` returns, under the intervention, plus
    ``original``: the unclamped translation (``/translate``'s fields)."""
    model = reg.get(checkpoint)
    out = model.intervene(text, spec).to_dict(array_json=json_fragment)
    out["original"] = model.translate(text).to_dict(array_json=json_fragment)
    out["checkpoint"] = checkpoint
    return out


def saliency_figure(reg: Registry, checkpoint: str, t: Translation, lang: str = "en"):
    """The saliency of the translation on screen, each row divided by its maximum, drawn like attention."""
    from seq2seq.saliency import saliency_matrix

    S = saliency_matrix(reg.get(checkpoint), t.source_ids, t.target_ids)  # (T, S)
    return figures.attention_heatmap(t.trace, lang, matrix=S / np.maximum(S.max(axis=1, keepdims=True), 1e-12))


def api_saliency(reg: Registry, text: str, checkpoint: str) -> dict:
    """The ``/saliency`` endpoint's JSON: S unnormalised, one row per target piece and one for ``</s>``."""
    t, S = reg.get(checkpoint).saliency(text)
    return {
        "source_pieces": t.source_pieces,
        "target_pieces": t.trace.decoder_outputs,
        "saliency": np.round(S, 8).tolist(),
        "translation": t.text,
        "checkpoint": checkpoint,
    }
