"""The README's "asking why" figures, from the shipped checkpoints (python scripts/why_findings.py).

1. dates-lstm: switch off the N encoder units that vary most (over each date) — when does the year go wrong?
2. Pinned gates: LSTM forget gate = 1 / = 0 and GRU update gate = 1 on every encoder unit.
3. Saliency of checkpoints without attention: does each output digit depend most on the same source digit?
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import seq2seq
from explorer import views
from seq2seq.data import load_pairs

DATES = load_pairs("dates", "test")[::27][:200]  # a fixed spread of 200 held-out dates


def year_right(out: str, ref: str) -> bool:
    return out.split("년")[0] == ref.split("년")[0]


def units_off() -> None:
    model = seq2seq.load("dates-lstm")
    print("| units switched off | year right | whole date right |\n|---|---|---|")
    for n in (0, 4, 8, 16, 32, 64, 128):
        years = exact = 0
        for src, ref in DATES:
            t = model.translate(src)
            units = views.unit_order(t, "h", "variance", n, 0).tolist() if n else []
            out = model.intervene(src, {"side": "encoder", "layer": 0, "array": "h", "units": units, "value": 0}).text
            years += year_right(out, ref)
            exact += out == ref
        print(f"| {n} | {100 * years / len(DATES):.1f}% | {100 * exact / len(DATES):.1f}% |")


def pinned_gates() -> None:
    print("\n| checkpoint | intervention | whole date right | example: Friday, July 4, 1975 |\n|---|---|---|---|")
    for name, array, value in (
        ("dates-lstm", None, 0),
        ("dates-lstm", "f", 1.0),
        ("dates-lstm", "f", 0.0),
        ("dates-gru", None, 0),
        ("dates-gru", "z", 1.0),
    ):
        model = seq2seq.load(name)
        every = list(range(model.config.units)) if array else []
        spec = {"side": "encoder", "layer": 0, "array": array or "h", "units": every, "value": value}
        exact = sum(model.intervene(src, spec).text == ref for src, ref in DATES)
        example = model.intervene("Friday, July 4, 1975", spec).text or "(empty)"
        label = f"{array} = {value:g} on all encoder units" if array else "none"
        print(f"| `{name}` | {label} | {100 * exact / len(DATES):.1f}% | {example} |")


def saliency_on_digits() -> None:
    print("\n| checkpoint | output digits | most salient source piece is the same digit |\n|---|---|---|")
    for name in ("dates-lstm", "dates-gru", "dates-lstm-attn"):
        model = seq2seq.load(name)
        same = total = 0
        for src, _ in DATES[:100]:
            t, S = model.saliency(src)
            for row, piece in zip(S, t.trace.decoder_outputs, strict=True):
                if piece.strip("▁").isdigit():
                    total += 1
                    same += t.source_pieces[int(np.argmax(row))].strip("▁") == piece.strip("▁")
        print(f"| `{name}` | {total} | {100 * same / max(1, total):.1f}% |")


if __name__ == "__main__":
    units_off()
    pinned_gates()
    saliency_on_digits()
