"""Where an English→Korean checkpoint's everyday score is lost: words it never read, or sentences it cannot
generalise to. Prints, for the everyday test split (greedy, as the page translates):

* how many test pairs hold an English word that no training pair of the checkpoint's recipe holds, and how
  many a word seen fewer than 3 times;
* chrF on the test pairs whose words were all seen ≥ 3 times, and on the others;
* chrF on as many everyday *training* pairs (what the model has read: how much it memorised).

Usage: python scripts/everyday_gap.py [CHECKPOINT ...]   (default: en-ko-gru-attn). Needs ../shared/data.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sacrebleu

from seq2seq import everyday
from seq2seq.checkpoints import resolve
from seq2seq.data import DATA_DIR
from seq2seq.evaluate import translations
from seq2seq.train import training_pairs
from seq2seq.translator import load


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def chrf(hyps: list[str], refs: list[str]) -> float:
    return sacrebleu.CHRF().corpus_score(hyps, [refs]).score if hyps else float("nan")


def gap(name: str) -> dict:
    model = load(resolve(name))
    seen = Counter(w for s, _ in training_pairs("en-ko", model.train_config, DATA_DIR) for w in words(s))
    test = everyday.load("test")
    hyps = translations(model, [s for s, _ in test])
    rare = [any(seen[w] < 3 for w in words(s)) for s, _ in test]
    unseen = [any(w not in seen for w in words(s)) for s, _ in test]

    def part(want: bool) -> tuple[int, float | None]:
        pairs = [(h, t) for (_, t), h, r in zip(test, hyps, rare, strict=True) if r == want]
        return len(pairs), round(chrf([h for h, _ in pairs], [t for _, t in pairs]), 2) if pairs else None

    train = random.Random(0).sample(everyday.load("train"), len(test))
    train_hyps = translations(model, [s for s, _ in train])
    return {
        "test pairs": len(test),
        "with a word never read": sum(unseen),
        "with a word read < 3 times": sum(rare),
        "chrF, all words read >= 3 times": part(False),
        "chrF, the others": part(True),
        "chrF, whole test split": round(chrf(hyps, [t for _, t in test]), 2),
        "chrF, as many training pairs": round(chrf(train_hyps, [t for _, t in train]), 2),
    }


if __name__ == "__main__":
    if everyday.missing():
        sys.exit("; ".join(everyday.missing()))
    for name in sys.argv[1:] or ["en-ko-gru-attn"]:
        print(name)
        for key, value in gap(name).items():
            print(f"  {key}: {value}")
