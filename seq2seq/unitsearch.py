r"""Unit search, after LSTMVis' hypothesis search: which units follow a pattern of the source?

A pattern marks encoder steps as selected (a span the user picked, digits, a four-digit year, month names,
punctuation, the first piece of each word) or asks for position. Each unit of the top encoder layer's h is
scored over the steps of the state index's sample plus the typed sentence's steps:

    d_u = (mean_sel(h_u) − mean_rest(h_u)) / sqrt((var_sel(h_u) + var_rest(h_u)) / 2 + ε)      (Cohen's d)

|d_u| ≥ 0.8 is a large separation by the usual reading; a positive d means the unit is higher on the
selected steps, a negative one that it switches off there. For position the score is Pearson's r between
the unit and the step number (0 first), in the order the encoder reads.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import numpy as np

from .inputs import InputError

PATTERNS = ("span", "digits", "year", "month", "punctuation", "word_start", "position")
MONTHS = {
    *"january february march april may june july august september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),
}
EPS = 1e-6


def words_of(pieces: list[str]) -> list[str]:
    """The word (lower-cased, without ``▁``) each piece belongs to; a word starts at a piece beginning with ``▁``."""
    words, starts = [], []
    for i, p in enumerate(pieces):
        if p.startswith("▁") or i == 0:
            starts.append(i)
    bounds = [*starts, len(pieces)]
    for a, b in itertools.pairwise(bounds):
        word = "".join(pieces[a:b]).replace("▁", "").lower()
        words += [word] * (b - a)
    return words


def matches(pattern: str, pieces: list[str]) -> np.ndarray:
    """Which of ``pieces`` (in natural order) the pattern selects: a bool array."""
    words = words_of(pieces)
    stripped = [p.replace("▁", "") for p in pieces]
    if pattern == "digits":
        sel = [s.isdigit() for s in stripped]
    elif pattern == "year":
        sel = [
            bool(re.fullmatch(r"\d{4}", w.strip(",."))) and s.isdigit() for w, s in zip(words, stripped, strict=True)
        ]
    elif pattern == "month":
        sel = [w.strip(".,") in MONTHS for w in words]
    elif pattern == "punctuation":
        sel = [bool(s) and all(unicodedata.category(c).startswith("P") for c in s) for s in stripped]
    elif pattern == "word_start":
        sel = [p.startswith("▁") and len(p) > 1 for p in pieces]
    else:
        raise InputError(f"Unknown pattern {pattern!r}.", key="bad_pattern", params={"pattern": pattern})
    return np.array(sel, bool)


def d_scores(states: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """Cohen's d per unit (U,) of ``states`` (n, U) between the ``selected`` rows (n,) and the others."""
    sel, rest = states[selected], states[~selected]
    pooled = np.sqrt((sel.var(axis=0) + rest.var(axis=0)) / 2 + EPS)
    return (sel.mean(axis=0) - rest.mean(axis=0)) / pooled


def position_scores(states: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Pearson's r per unit (U,) between ``states`` (n, U) and the step numbers ``positions`` (n,)."""
    x = states - states.mean(axis=0)
    p = positions - positions.mean()
    return (p @ x) / np.sqrt((p @ p) * (x * x).sum(axis=0) + EPS)


def _natural(pieces: list[str], reverse: bool) -> list[str]:
    return pieces[::-1] if reverse else pieces


def search(
    index,
    piece_names,
    pattern: str,
    sentence_states: np.ndarray,
    sentence_pieces: list[str],
    *,
    reverse: bool = False,
    span: list[int] | None = None,
    top: int = 10,
) -> dict:
    """Rank the top encoder layer's units by how well they follow ``pattern``.

    ``index``: a ``StateIndex`` (its encoder step sample) or None (the sentence alone); ``piece_names`` maps
    source ids to pieces; ``sentence_states`` (S, U) and ``sentence_pieces`` are the typed sentence's, in
    reading order (reversed when ``reverse``); ``span`` the selected positions (reading order) for "span".
    Returns ``{"pattern", "units": [(unit, score) …] best first, "selected": n, "steps": n, "sentence_mask"}``.
    """
    if pattern not in PATTERNS:
        raise InputError(f"Unknown pattern {pattern!r}.", key="bad_pattern", params={"pattern": pattern})
    blocks, masks, positions = [], [], []
    if index is not None:  # the sample's whole sentences, each in reading order
        meta = index.steps_meta
        cuts = np.flatnonzero(np.diff(meta[:, 0])) + 1
        for rows in np.split(np.arange(len(meta)), cuts):
            pieces = piece_names(meta[rows, 2].tolist())
            blocks.append(index.steps[rows])
            positions.append(meta[rows, 1])
            if pattern == "span":
                masks.append(np.zeros(len(rows), bool))
            elif pattern != "position":
                masks.append(_natural(list(matches(pattern, _natural(pieces, reverse))), reverse))
    n_s = len(sentence_pieces)
    if pattern == "span":
        chosen = sorted({int(i) for i in (span or []) if 0 <= int(i) < n_s})
        if not chosen:
            raise InputError("Select at least one piece of the sentence.", key="no_span")
        mask = np.zeros(n_s, bool)
        mask[chosen] = True
    elif pattern == "position":
        mask = None
    else:
        mask = np.array(_natural(list(matches(pattern, _natural(list(sentence_pieces), reverse))), reverse), bool)
    blocks.append(np.asarray(sentence_states, np.float32))
    positions.append(np.arange(n_s))
    states = np.concatenate(blocks)  # (n, U)
    if pattern == "position":
        scores = position_scores(states, np.concatenate(positions).astype(np.float64))
        selected = len(states)
    else:
        sel = np.concatenate([*(np.asarray(m, bool) for m in masks), mask])
        if not sel.any() or sel.all():
            raise InputError("No step of the sentence or the sample matches this pattern.", key="no_match")
        scores = d_scores(states, sel)
        selected = int(sel.sum())
    order = np.argsort(-np.abs(scores), kind="stable")[: max(1, int(top))]
    return {
        "pattern": pattern,
        "units": [(int(u), round(float(scores[u]), 4)) for u in order],
        "selected": selected,
        "steps": len(states),
        "sentence_mask": None if mask is None else mask.tolist(),
    }


def search_translation(model, index, t, pattern: str, span: list[int] | None = None, top: int = 10) -> dict:
    """``search`` over a translation's own source: the top encoder layer's h of ``t`` (a ``Translation`` of
    ``model``), the index's sample when ``index`` is not None."""
    return search(
        index,
        model.src_tokenizer.pieces,
        pattern,
        t.trace.encoder[-1]["h"],
        list(t.source_pieces),
        reverse=model.config.reverse_source,
        span=span,
        top=top,
    )
