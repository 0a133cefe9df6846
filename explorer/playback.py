"""Playback: what the browser needs to replay one translation step by step, without asking the server again.

The run is walked in the order the model computed it: the encoder reading each source piece (steps
0 … S−1), then the decoder writing each target piece and ``</s>`` (steps S … S+T−1). The payload carries,
for one layer and the ``top`` units that change most, every array the cell records at every step, the
decoder's initial state (the encoder's final one), the attention rows, the pieces with their probabilities
and each step's top-k candidates; ``playback.js`` draws heatmaps with the current column marked, the
attention row, the pieces written so far, the candidates and colah's diagram of one cell with the chosen
unit's real values on it. Every number comes from the trace: nothing is recomputed in the browser except
products shown on the diagram's arrows (f⊙c₍t−1₎, i⊙g, o⊙tanh(c), z⊙h₍t−1₎, (1−z)⊙h̃), which are the terms
the trace's own c and h are the sums of.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from seq2seq.cells import ARRAYS, CELLS
from seq2seq.translator import Translation

from . import texts

JS = (Path(__file__).with_name("playback.js")).read_text(encoding="utf-8")
DIGITS = 5  # rounding of the values sent: the page shows 3 decimals


def _rows(a: np.ndarray) -> list:
    return np.round(a.astype(np.float64), DIGITS).tolist()


def payload(t: Translation, units: np.ndarray, layer: int = 0, lang: str = "en") -> dict:
    """The JSON-ready playback data of one translation, one layer, the given units (rows of the heatmaps)."""
    tr = t.trace
    layer = int(np.clip(layer, 0, len(tr.encoder) - 1))
    cell = CELLS[tr.cell]
    enc, dec = tr.encoder[layer], tr.decoder[layer]
    units = np.asarray(units, dtype=np.int64)
    # The decoder's layer starts from the encoder's same layer's final state (h, and c for LSTM).
    init = {k: _rows(enc[k][-1, units]) for k in cell.states}
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
        "attention": None if tr.attention is None else _rows(tr.attention),
        "text": texts.playback_labels(lang),
    }


def to_json(t: Translation, units: np.ndarray, layer: int = 0, lang: str = "en") -> str:
    """The payload as the string the page's playback component receives."""
    return json.dumps(payload(t, units, layer, lang), ensure_ascii=False, separators=(",", ":"))
