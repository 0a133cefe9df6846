"""Unit search on the shipped dates models, over each state index's sample of training steps: the unit that
best follows position, a four-digit year and month names (the README's table).

python scripts/unit_findings.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seq2seq.index import StateIndex
from seq2seq.translator import load
from seq2seq.unitsearch import search_translation

SENTENCE = "Friday, July 4, 1975"


def main() -> None:
    print("| checkpoint | position: unit (r) | four-digit year: unit (d) | month names: unit (d) | steps |")
    print("|---|---|---|---|---|")
    for name in ("dates-lstm", "dates-lstm-attn", "dates-gru", "dates-rnn"):
        folder = Path("checkpoints") / name
        model, index = load(folder), StateIndex.load(folder)
        t = model.translate(SENTENCE)
        cells = []
        for pattern in ("position", "year", "month"):
            out = search_translation(model, index, t, pattern, top=1)
            unit, score = out["units"][0]
            cells.append(f"{unit} ({score:+.2f})")
        print(f"| `{name}` | {' | '.join(cells)} | {out['steps']:,} |")


if __name__ == "__main__":
    main()
