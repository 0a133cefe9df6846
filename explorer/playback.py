"""Playback: what the browser needs to replay one translation step by step, without asking the server again.

The run is walked in the order the model computed it: the encoder reading each source piece (steps
0 … S−1), then the decoder writing each target piece and ``</s>`` (steps S … S+T−1). The payload carries,
for one layer and the ``top`` units that change most, every array the cell records at every step, the
decoder's initial state (the encoder's final one), the attention rows, the pieces with their probabilities
and each step's top-k candidates; ``playback.js`` draws heatmaps with the current column marked, the
attention row, the pieces written so far, the candidates and colah's diagram of one cell with the chosen
unit's real values on it. Every number comes from the trace, and nothing about a cell is restated in the browser:
the terms the diagram writes on its arrows (f⊙c₍t−1₎, i⊙g, tanh(c), z⊙h₍t−1₎, (1−z)⊙h̃) come from the cell's
spec (``CellSpec.terms``), computed here, and the colour scales are the heatmap figures' own
(``figures.GATE``, ``figures.DIVERGING``), sampled by plotly.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from plotly import colors as plotly_colors

from seq2seq.cells import ARRAYS, CELLS
from seq2seq.translator import Translation

from . import figures, texts

JS = (Path(__file__).with_name("playback.js")).read_text(encoding="utf-8")
DIGITS = 5  # rounding of the values sent: the page shows 3 decimals


def _rows(a: np.ndarray) -> list:
    return np.round(a.astype(np.float64), DIGITS).tolist()


def _hex(colour: str) -> str:
    """'rgb(5,48,97)' or '#053061' → '#053061'."""
    if colour.startswith("#"):
        return colour.lower()
    r, g, b = (int(float(x)) for x in colour[colour.index("(") + 1 : colour.index(")")].split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def scales() -> dict[str, list]:
    """The heatmaps' colour scales as the browser's stops: gates on [0, 1], states and candidates on [-1, 1]."""
    gate = [[float(p), _hex(c)] for p, c in plotly_colors.get_colorscale(figures.GATE)]
    state = [[2.0 * float(p) - 1.0, _hex(c)] for p, c in plotly_colors.get_colorscale(figures.DIVERGING)]
    return {"gate": gate, "state": state}


def terms(rec: dict, prev: dict, cell, units: np.ndarray) -> dict[str, list]:
    """The diagram's terms (``cell.terms``) at every step of one side, for the given units: each step's arrays
    with the state it started from (``<key>_prev``: ``prev[key]``, (steps, U))."""
    arrays = {k: rec[k][:, units].astype(np.float64) for k in cell.keys}
    for k in cell.states:
        arrays[k + "_prev"] = np.asarray(prev[k], dtype=np.float64)[:, units]
    return {name: _rows(fn(arrays)) for name, fn in cell.terms}


def payload(t: Translation, units: np.ndarray, layer: int = 0, lang: str = "en") -> dict:
    """The JSON-ready playback data of one translation, one layer, the given units (rows of the heatmaps)."""
    tr = t.trace
    layer = int(np.clip(layer, 0, len(tr.encoder) - 1))
    cell = CELLS[tr.cell]
    enc, dec = tr.encoder[layer], tr.decoder[layer]
    units = np.asarray(units, dtype=np.int64)
    # The decoder's layer starts from the encoder's same layer's final state (h, and c for LSTM).
    final = {k: tr.encoder_final(layer, k) for k in cell.states}  # (U,) each
    init = {k: _rows(final[k][units]) for k in cell.states}
    enc_prev = {k: tr.encoder_previous(layer, k) for k in cell.states}  # (S, U): zeros, or the step read before
    dec_prev = {k: np.vstack([final[k][None, :], dec[k][:-1]]) for k in cell.states}  # (T, U)
    return {
        "lang": lang,
        "cell": cell.name,
        "label": cell.label,
        "keys": list(cell.keys),
        "gates": list(cell.gates),
        "states": list(cell.states),
        "names": {k: (ARRAYS[k].ko if lang == "ko" else ARRAYS[k].en) for k in cell.keys},
        "layer": layer,
        "units": units.tolist(),
        "source": list(tr.source_pieces),
        "inputs": list(tr.decoder_inputs),
        "outputs": list(tr.decoder_outputs),
        "probs": np.round(tr.probs.astype(np.float64), DIGITS).tolist(),
        "topk": [[[p, round(float(q), DIGITS)] for p, q in step] for step in tr.topk],
        "enc": {k: _rows(enc[k][:, units]) for k in cell.keys},
        "dec": {k: _rows(dec[k][:, units]) for k in cell.keys},
        "dec_init": init,
        "enc_terms": terms(enc, enc_prev, cell, units),
        "dec_terms": terms(dec, dec_prev, cell, units),
        "backward_from": tr.backward_from,
        "scales": scales(),
        "attention": None if tr.attention is None else _rows(tr.attention),
        "text": texts.playback_labels(lang),
    }


def to_json(t: Translation, units: np.ndarray, layer: int = 0, lang: str = "en") -> str:
    """The payload as the string the page's playback component receives."""
    return json.dumps(payload(t, units, layer, lang), ensure_ascii=False, separators=(",", ":"))
