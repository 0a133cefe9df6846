"""수업 · Lesson: the seed's story (why seq2seq → RNN → its limits → LSTM → GRU → encoder–decoder → teacher
forcing, then attention and training) as chapters over the live checkpoints.

Each chapter is a function ``(reg, lang, sentence, unit) -> Page``: it runs the same replay as the explorer
on its checkpoint, fills the chapter's prose (``explorer.lesson_text``) with what it measured, draws its figure
and builds a question whose right answer is computed, never written down. The page's handlers only render a
``Page``; ``check`` marks an answer.

``CLAIMS`` lists the comparisons the prose states in words; ``claims(reg)`` measures each, and a test fails
when a retrained checkpoint makes one false (``scripts/lesson_findings.py`` prints them).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from seq2seq.cells import ARRAYS, CELLS
from seq2seq.checkpoints import read_json
from seq2seq.inputs import InputError

from . import figures, josa, near, registry, texts, views
from .lesson_text import CHAPTERS, CHOICES, UI
from .registry import Registry
from .views import display_text, piece_text, quoted_piece

KEYS = tuple(CHAPTERS)  # chapter keys in order; chapter N (1-based) is KEYS[N - 1]
DATE = "Friday, July 4, 1975"
DE_SENTENCE, DE_REFERENCE = "The money belongs to him.", "Das Geld gehört ihm."  # a pair of en-de's test split
KO_SENTENCE = "Click the OK button to close the dialog."
LONG_BUCKET = "13-16"  # the source-length bucket (words) where the limits chapter compares the cells
SATURATED = 0.9  # |h| beyond this counts as saturated: tanh's slope 1 - h² is under 1 - 0.9² = 0.19


@dataclass
class Page:
    """One chapter, drawn: what the lesson view shows."""

    key: str
    title: str
    body: str  # Markdown with LaTeX, numbers filled in
    try_it: str
    checkpoint: str  # what "open in the explorer" hands over, with ``sentence``
    sentence: str
    figure: go.Figure | None = None
    html: str = ""  # pieces or other chips beside the figure
    question: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    answer: str = ""  # the value of the right choice
    why: str = ""  # the explanation shown after checking
    unit: int | None = None  # the unit the figure follows, where the chapter has one
    units: int = 0  # how many units the chapter's model has (the unit picker's range)
    task: str = "dates"
    reference: str | None = None  # the teacher-forced reference, where the chapter has one
    view: str = "playback"  # the explorer's tab "open in the explorer" opens
    takes_sentence: bool = True  # False: the figure does not depend on a sentence (no box, no Show button)


def _page(key: str, lang: str, values: dict, **fields) -> Page:
    """A chapter's Page: its prose parts (title, body, try it, question, why) filled from ``values``."""
    parts = {name: text(key, lang, part, **values) for name, part in PARTS.items()}
    return Page(key=key, **parts, **fields)


PARTS = {"title": "title", "body": "body", "try_it": "try", "question": "question", "why": "why"}


def text(key: str, lang: str, part: str, **values) -> str:
    """A chapter's prose part in ``lang`` with the measured values filled in (and, in Korean, each particle after
    one in the form that value takes: ``josa.fix``)."""
    filled = CHAPTERS[key]["ko" if lang == "ko" else "en"][part].format(**values)
    return josa.fix(filled) if lang == "ko" else filled


def ui(key: str, lang: str, **values) -> str:
    """A label of the lesson view."""
    filled = UI["ko" if lang == "ko" else "en"][key].format(**values)
    return josa.fix(filled) if lang == "ko" else filled


def choice(key: str, lang: str, **values) -> str:
    return CHOICES["ko" if lang == "ko" else "en"][key].format(**values)


def chapter_number(value, default: int = 1) -> int:
    """A chapter number from a link or a control (1-based, clipped to the chapters there are)."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(max(n, 1), len(KEYS))


def _pieces_html(pieces: list[str], label: str) -> str:
    chips = "".join(f'<span class="lesson-piece">{html.escape(p)}</span>' for p in pieces)  # ▁ shown as it is
    return f'<div class="lesson-pieces"><span class="lesson-label">{html.escape(label)}</span>{chips}</div>'


def _saturated_share(values: np.ndarray) -> float:
    """Percentage of values beyond ±``SATURATED``."""
    return round(100.0 * float(np.mean(np.abs(values) > SATURATED)), 1)


def _three_choices(right: int, others: list[int]) -> list[tuple[str, str]]:
    """Three distinct numbers, the right one among them, in increasing order."""
    values = sorted({right, *[o for o in others if o != right and o > 0][:2]})
    n = max(values) + 1
    while len(values) < 3:  # pad with the next numbers that are not there
        values = sorted({*values, n})
        n += 1
    return [(str(v), str(v)) for v in values]


def _unit(unit, units: int, default: int) -> int:
    u = default if unit is None or unit == "" else int(unit)
    return int(np.clip(u, 0, units - 1))


# -- chapters --------------------------------------------------------------------------------------------------
def why(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, sentence = "dates-lstm-attn", sentence or DATE
    t = registry.run_translation(reg, sentence, name)
    n_src, n_tgt = len(t.source_pieces), len(t.target_pieces)
    src_label, tgt_label = ui("read", lang), ui("wrote", lang)
    shown = " ".join(f"`{piece_text(p).strip() or '␣'}`" for p in t.target_pieces)
    values = dict(n_src=n_src, n_tgt=n_tgt, pieces=shown)
    return _page(
        "why",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        html=_pieces_html(list(t.source_pieces), f"{src_label} ({n_src})")
        + _pieces_html([*t.target_pieces, "</s>"], f"{tgt_label} ({n_tgt} + </s>)"),
        choices=_three_choices(n_tgt, [n_src, n_tgt + 2, n_tgt - 2]),
        answer=str(n_tgt),
    )


def rnn(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, sentence = "dates-rnn", sentence or DATE
    t = registry.run_translation(reg, sentence, name)
    units = reg.get(name).config.units
    f_enc, _, _ = views.state_figures(t, "h", "variance", 32, 0, lang)
    n_src = len(t.source_pieces)
    h = t.trace.encoder[0]["h"]
    values = dict(checkpoint=name, units=units, n_src=n_src, share_saturated=_saturated_share(h), threshold=SATURATED)
    return _page(
        "rnn",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=f_enc,
        choices=[(choice("one", lang), "1"), (choice("n", lang, n=n_src), str(n_src))],
        answer="1",
    )


LIMIT_MODELS = ("en-de-rnn", "en-de-lstm", "en-de-gru")  # the task's three cells without attention


def long_sentence_scores(reg: Registry) -> dict[str, float]:
    """Test chrF (greedy) on ``LONG_BUCKET``-word sources of the three no-attention English→German models."""
    out = {}
    for name in LIMIT_MODELS:
        buckets = read_json(reg.get(name).folder / "metrics.json", {}).get("beam1", {}).get("by_source_length", {})
        out[name] = float(buckets[LONG_BUCKET]["chrf"])
    return out


def _by_length_figure(reg: Registry, lang: str) -> go.Figure:
    fig = go.Figure()
    for name, color in zip(LIMIT_MODELS, ("#d62728", "#1f77b4", "#2ca02c"), strict=True):
        buckets = read_json(reg.get(name).folder / "metrics.json", {}).get("beam1", {}).get("by_source_length", {})
        fig.add_trace(go.Bar(x=list(buckets), y=[b["chrf"] for b in buckets.values()], name=name, marker_color=color))
    fig.update_xaxes(title="source 길이 (단어)" if lang == "ko" else "source length (words)")
    fig.update_yaxes(title="chrF")
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.3))
    return figures._layout(
        fig,
        "영어→독일어, attention 없음: test chrF" if lang == "ko" else "English→German without attention: test chrF",
        380,
    )


def limits(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, sentence = "en-de-rnn", sentence or DE_SENTENCE
    t = registry.run_translation(reg, sentence, name)
    scores = long_sentence_scores(reg)
    ranking = sorted(scores, key=scores.get)
    lowest = ranking[0]
    values = dict(
        rnn_long=scores["en-de-rnn"],
        lstm_long=scores["en-de-lstm"],
        gru_long=scores["en-de-gru"],
        share_saturated=_saturated_share(t.trace.encoder[0]["h"]),
        threshold=SATURATED,
        slope=f"{1 - SATURATED**2:.2f}",
        bucket=LONG_BUCKET.replace("-", "–"),
        checkpoint=name,
        lowest=lowest,
        lowest_score=scores[lowest],
        ranking=" < ".join(f"{n} {scores[n]}" for n in ranking),
    )
    return _page(
        "limits",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=_by_length_figure(reg, lang),
        choices=[(n, n) for n in LIMIT_MODELS],
        answer=lowest,
        task="en-de",
    )


def unit_gates(trace, cell_key: str, unit: int, lang: str) -> go.Figure:
    """One encoder unit over the source pieces: every gate, candidate and state of the cell at each step."""
    cell = CELLS[cell_key]
    rec = trace.encoder[0]
    fig = go.Figure()
    x = [f"{i}:{piece_text(p).strip() or '␣'}" for i, p in enumerate(trace.source_pieces)]
    for key in cell.inner_order():  # each line named by its symbol (h̃, not the key "hh"), its full name on hover
        symbol, full = ARRAYS[key].symbol, texts.array_name(key, lang)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=rec[key][:, unit],
                name=symbol,
                mode="lines+markers",
                hovertemplate=f"%{{x}}<br>{full}: %{{y:.3f}}<extra></extra>",
            )
        )
    fig.update_yaxes(title="값" if lang == "ko" else "value")  # c is unbounded: the axis follows the values
    fig.update_xaxes(title="인코더 스텝: 조각" if lang == "ko" else "encoder step: piece")
    title = f"유닛 {unit}: 게이트와 상태" if lang == "ko" else f"Unit {unit}: gates and states"
    # the legend (one letter a line) beside the plot: under it, it ran into the x title whenever the pieces'
    # labels turned to fit
    fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"))
    return figures._layout(fig, title, 380)


def _default_unit(t) -> int:
    """The encoder unit whose keep-or-forget gate (LSTM forget, GRU update) varies most over the sentence."""
    presets = CELLS[t.trace.cell].presets  # (name, gate key, value): the gate a preset pins keeps or forgets
    key = presets[0][1] if presets else "h"
    return int(np.argmax(t.trace.encoder[0][key].var(axis=0)))


def _pinned(reg: Registry, name: str, sentence: str, t, preset: str) -> str:
    spec = views.intervention_presets(t, CELLS[t.trace.cell])[preset]
    return reg.get(name).intervene(sentence, spec).text


def year_of(sentence: str) -> str | None:
    """The four-digit year of a date, if the sentence has one."""
    words = [w.strip(",.") for w in sentence.split()]
    return next((w for w in words if len(w) == 4 and w.isdigit()), None)


def lstm(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, sentence = "dates-lstm", sentence or DATE
    t = registry.run_translation(reg, sentence, name)
    units = reg.get(name).config.units
    u = _unit(unit, units, _default_unit(t))
    rec = t.trace.encoder[0]
    forget_0 = _pinned(reg, name, sentence, t, "forget_0")
    year = year_of(sentence) or "?"
    kept = year in forget_0
    values = dict(
        checkpoint=name,
        unit=u,
        **{f"{k}_last": f"{rec[k][-1, u]:.2f}" for k in CELLS["lstm"].inner_order()},  # f_last, i_last, …
        forget_0=display_text(forget_0, lang),
        forget_1=display_text(_pinned(reg, name, sentence, t, "forget_1"), lang),
        original=display_text(t.text, lang),
        year=year,
    )
    return _page(
        "lstm",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=unit_gates(t.trace, "lstm", u, lang),
        choices=[(choice("yes", lang), "yes"), (choice("no", lang), "no")],
        answer="yes" if kept else "no",
        unit=u,
        units=units,
    )


def gru(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, lstm_name, sentence = "dates-gru", "dates-lstm", sentence or DATE
    t = registry.run_translation(reg, sentence, name)
    units = reg.get(name).config.units
    u = _unit(unit, units, _default_unit(t))
    p_gru, p_lstm = reg.get(name).parameters, reg.get(lstm_name).parameters
    values = dict(
        checkpoint=name,
        lstm=lstm_name,
        params_gru=f"{p_gru:,}",
        params_lstm=f"{p_lstm:,}",
        update_1=display_text(_pinned(reg, name, sentence, t, "update_1"), lang),
        original=display_text(t.text, lang),
        unit=u,
        fewer=CELLS["gru"].label if p_gru < p_lstm else CELLS["lstm"].label,
    )
    return _page(
        "gru",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=unit_gates(t.trace, "gru", u, lang),
        choices=[(CELLS[c].label, CELLS[c].label) for c in ("lstm", "gru")],
        answer=values["fewer"],
        unit=u,
        units=units,
    )


REVERSAL = ("en-de-lstm", "en-de-lstm-noreverse")  # the same LSTM, source reversed and in order


def reversal_scores(reg: Registry) -> tuple[float, float]:
    """Test chrF (greedy) of the reversed and the in-order English→German LSTM."""
    rev, norev = (read_json(reg.get(n).folder / "metrics.json", {})["beam1"]["chrf"] for n in REVERSAL)
    return float(rev), float(norev)


def encdec(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, sentence = "dates-lstm", sentence or DATE
    t = registry.run_translation(reg, sentence, name)
    try:
        fig = near.trajectory_figure(reg, name, t, lang)
    except InputError:  # no state index: the state heatmap still shows the final column
        fig = views.state_figures(t, "h", "variance", 32, 0, lang)[0]
    rev, norev = reversal_scores(reg)
    helped = rev > norev
    yes, no = choice("yes", lang), choice("no", lang)
    values = dict(
        checkpoint=name,
        rev=rev,
        norev=norev,
        reversed=REVERSAL[0],
        noreverse=REVERSAL[1],
        answer_text=yes if helped else no,
    )
    return _page(
        "encdec",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=fig,
        choices=[(yes, "yes"), (no, "no")],
        answer="yes" if helped else "no",
    )


def teacher_forcing(reg: Registry, lang: str, sentence: str | None, unit=None, reference: str | None = None) -> Page:
    name = "en-de-lstm-attn"
    sentence, reference = sentence or DE_SENTENCE, reference or (DE_REFERENCE if not sentence else None)
    model = reg.get(name)
    own = model.translate(sentence)
    reference = reference or own.text  # a sentence of the student's own: its translation plays the reference
    forced = model.score(sentence, reference)
    fig = figures.teacher_forcing(forced.trace, lang)  # the explorer's teacher-forcing figure
    outs, tops = forced.trace.decoder_outputs, forced.trace.topk
    # the question asks about the second step when there is one: the first has no prefix to read
    step = 1 if len(outs) > 1 else 0
    candidates = [p for p, _ in tops[step][:3]]
    answer, p = tops[step][0]
    part = views.first_divergence(forced.trace)  # as the explorer's view finds it
    diverge = (
        ui("tf_agrees", lang)
        if part is None
        else ui("tf_diverges", lang, step=part, reference=quoted_piece(outs[part]), top=quoted_piece(tops[part][0][0]))
    )
    values = dict(
        sentence=sentence,
        reference=reference,
        log_p=f"{forced.log_prob:.2f}".replace("-", "\u2212"),  # the minus sign, as the equations print it
        diverge=diverge,
        own=display_text(own.text, lang),
        prefix=" ".join(piece_text(o).strip() for o in outs[:step]) or "<s>",
        answer=piece_text(answer).strip() or answer,
        p=f"{p:.2f}",
        reference_piece=piece_text(outs[step]).strip() or outs[step],
    )
    return _page(
        "tf",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=fig,
        choices=[(piece_text(c).strip() or c, c) for c in sorted(candidates)],
        answer=answer,
        task="en-de",
        reference=reference,
    )


def last_word_step(t) -> int:
    """The decoder step of the last target piece that holds a letter (the verb, in Korean; not the full stop)."""
    steps = [i for i, p in enumerate(t.target_pieces) if any(ch.isalpha() for ch in p)]
    return steps[-1] if steps else max(0, len(t.target_pieces) - 1)


def attention_focus(t) -> tuple[str, str, float, np.ndarray]:
    """(last word piece written, the source piece its attention weighs most, that weight, its attention row)."""
    step = last_word_step(t)
    row = t.trace.attention[step]
    s = int(np.argmax(row))
    return t.target_pieces[step], t.source_pieces[s], float(row[s]), row


def attention(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name, sentence = "en-ko-gru-attn", sentence or KO_SENTENCE
    t = registry.run_translation(reg, sentence, name)
    last, looked, weight, row = attention_focus(t)
    top3 = [t.source_pieces[i] for i in np.argsort(-row)[:3]]
    values = dict(
        checkpoint=name,
        last=piece_text(last).strip(),
        looked=piece_text(looked).strip(),
        weight=f"{weight:.2f}",
        both_ways=ui("both_ways", lang) if reg.get(name).config.bidirectional else "",
    )
    return _page(
        "attention",
        lang,
        values,
        checkpoint=name,
        sentence=sentence,
        figure=figures.attention_heatmap(t.trace, lang),
        html=views.pieces_html(t, lang),
        choices=[(piece_text(p).strip() or p, p) for p in sorted(top3)],
        answer=looked,
        task="en-ko",
    )


def learn(reg: Registry, lang: str, sentence: str | None, unit=None) -> Page:
    name = "dates-lstm"
    history = read_json(reg.get(name).folder / "history.json", {"epochs": []})["epochs"]
    best = min(history, key=lambda h: h["dev_loss"])
    values = dict(checkpoint=name, best_epoch=best["epoch"], best_loss=f"{best['dev_loss']:.3g}")
    # the Train tab and its button by the names the page gives them
    values |= dict(train_tab=texts.t("tab_train", lang), train_button=texts.t("live_train", lang).lstrip("▶ "))
    values |= dict(open_button=texts.t("lesson_open", lang))
    epochs = [h["epoch"] for h in history]
    others = [e for e in (1, epochs[-1], (1 + epochs[-1]) // 2) if e != best["epoch"]]
    return _page(
        "learn",
        lang,
        values,
        checkpoint=name,
        sentence=sentence or DATE,
        figure=figures.training_curve(history, lang),
        choices=_three_choices(best["epoch"], others),
        answer=str(best["epoch"]),
        view="train",
        takes_sentence=False,
    )


BUILDERS: dict[str, Callable[..., Page]] = {
    "why": why,
    "rnn": rnn,
    "limits": limits,
    "lstm": lstm,
    "gru": gru,
    "encdec": encdec,
    "tf": teacher_forcing,
    "attention": attention,
    "learn": learn,
}
assert tuple(BUILDERS) == KEYS  # one builder per chapter of the prose, in its order


def page(
    reg: Registry, number: int, lang: str = "en", sentence: str | None = None, unit=None, reference: str | None = None
) -> Page:
    """Chapter ``number`` (1-based) drawn live; a sentence the model refuses raises ``InputError``. ``reference``
    is the teacher-forcing chapter's own (the others have none)."""
    key = KEYS[chapter_number(number) - 1]
    extra = {"reference": (reference or "").strip() or None} if key == "tf" else {}
    return BUILDERS[key](reg, lang, (sentence or "").strip() or None, unit, **extra)


def check(page_answer: str, picked: str | None, why_text: str, lang: str = "en") -> str:
    """The verdict on a picked answer: right or wrong, and why."""
    if picked is None or picked == "":
        return ui("pick", lang)
    verdict = ui("right" if str(picked) == str(page_answer) else "wrong", lang)
    return f"{verdict} {why_text}"


# -- the claims the prose states in words ------------------------------------------------------------------
def _rnn_lowest_on_long(reg: Registry) -> bool:
    s = long_sentence_scores(reg)
    return s["en-de-rnn"] < min(s["en-de-lstm"], s["en-de-gru"])


def _forget_0_loses_the_year(reg: Registry) -> bool:
    t = registry.run_translation(reg, DATE, "dates-lstm")
    return year_of(DATE) not in _pinned(reg, "dates-lstm", DATE, t, "forget_0")


def _gru_fewer_parameters(reg: Registry) -> bool:
    return reg.get("dates-gru").parameters < reg.get("dates-lstm").parameters


def _update_1_freezes_the_encoder(reg: Registry) -> bool:
    """z = 1 on every encoder unit keeps h at its initial zeros: the translation no longer depends on the date."""
    outs = set()
    for s in (DATE, "March 3, 2011"):
        t = registry.run_translation(reg, s, "dates-gru")
        outs.add(_pinned(reg, "dates-gru", s, t, "update_1"))
    return len(outs) == 1


def _lengths_differ(reg: Registry) -> bool:
    t = registry.run_translation(reg, DATE, "dates-lstm-attn")
    return len(t.source_pieces) != len(t.target_pieces)


def _verb_last_looks_at_close(reg: Registry) -> bool:
    _, looked, _, _ = attention_focus(registry.run_translation(reg, KO_SENTENCE, "en-ko-gru-attn"))
    return piece_text(looked).strip().lower() == "close"


CLAIMS: dict[str, Callable[[Registry], bool]] = {
    "why: a date's input and output lengths differ": _lengths_differ,
    "limits: the SimpleRNN scores lowest on 13-16-word sentences": _rnn_lowest_on_long,
    "lstm: f = 0 in the encoder loses the year": _forget_0_loses_the_year,
    "gru: fewer parameters than the LSTM of the same size": _gru_fewer_parameters,
    "gru: z = 1 freezes the encoder (the output no longer depends on the date)": _update_1_freezes_the_encoder,
    "attention: the Korean verb written last looks most at 'close'": _verb_last_looks_at_close,
}


def claims(reg: Registry) -> dict[str, bool]:
    """Each claim of the prose, measured on the loaded checkpoints."""
    return {claim: bool(fn(reg)) for claim, fn in CLAIMS.items()}
