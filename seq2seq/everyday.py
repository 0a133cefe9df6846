"""Everyday English→Korean pairs: what students type ("Can you help me?"), read from outside the repository.

Two sources of human translations live in ``../shared/data/en-ko-everyday/`` beside the checkout (or where
``SEQ2SEQ_EVERYDAY_DIR`` points):

* ``tatoeba-eng-kor.tsv`` — Tatoeba's English–Korean pairs (Tatoeba.org contributors, CC-BY 2.0 FR),
  ``English<TAB>Korean<TAB>attribution``;
* ``jhe-textbook.tsv`` — English-textbook reading sentences (the ``korean-english-jhe`` sets, CC BY-SA 3.0).

Their licences ask that the sentences stay out of this repository: nothing here writes them to a file. The
split is computed each time from a hash of the lower-cased English side (one English sentence in one split
only): test ``TEST`` (≥ 500 pairs), dev ``DEV``, the rest trains. A trained checkpoint (weights, tokenizers,
metrics) may be committed; an index or examples file holding these sentences may not.

Where the folder is absent (a clone without ``../shared/``) every function returns what it can — no pairs —
and :func:`missing` says what is missing and where Tatoeba's file comes from.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .data import SPLITS, split_by_key
from .tokenizer import normalize

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "en-ko-everyday"
SOURCES = {  # file name: (what, licence, credit)
    "tatoeba-eng-kor.tsv": ("Tatoeba everyday sentences", "CC-BY 2.0 FR", "Tatoeba.org contributors"),
    "jhe-textbook.tsv": ("English-textbook sentences (korean-english-jhe)", "CC BY-SA 3.0", "korean-parallel-corpora"),
}
TEST, DEV = 0.10, 0.06  # shares of the English sentences held out (test ≈ 700 of 6,999 pairs)
MAX_WORDS = 30  # as the help paragraphs: longer pairs are left out
SPLIT_NAME = "everyday"  # evaluate's name for the everyday test split
CLOSING = re.compile(r"[\s.?!…]+$")  # a sentence's closing punctuation (and the spaces around it)


def folder() -> Path:
    """Where the everyday files are read from (``SEQ2SEQ_EVERYDAY_DIR`` or ``../shared/data/en-ko-everyday``)."""
    return Path(os.environ.get("SEQ2SEQ_EVERYDAY_DIR") or DEFAULT_DIR)


def missing(where: Path | None = None) -> list[str]:
    """The files that are not there, each with what to do about it (empty when all are present)."""
    where = where or folder()
    out = []
    for name, (what, licence, _) in SOURCES.items():
        if not (where / name).is_file():
            hint = (
                "Tatoeba's English–Korean pairs: the 'kor-eng.zip' (kor.txt) export at https://www.manythings.org/anki/"
                " or the sentence pairs from https://tatoeba.org/downloads, saved as English<TAB>Korean<TAB>attribution"
                if name.startswith("tatoeba")
                else "the korean-english-jhe dev/eval sets of the 'korean-parallel-corpora' collection (GitHub), "
                "saved as English<TAB>Korean"
            )
            out.append(f"{where / name} is missing ({what}, {licence}): {hint}")
    return out


def read_pairs(where: Path | None = None) -> list[tuple[str, str]]:
    """Every usable pair of both files, normalised as the models read text, deduplicated, in file order.

    Dropped: empty sides, sides over ``MAX_WORDS`` words, repeated (English, Korean) pairs. Missing files
    contribute nothing.
    """
    where = where or folder()
    out, seen = [], set()
    for name in SOURCES:
        path = where / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            for line in fh:
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) < 2:
                    continue
                en, ko = normalize(cols[0]), normalize(cols[1])
                if not en or not ko or len(en.split()) > MAX_WORDS or len(ko.split()) > MAX_WORDS:
                    continue
                if (en, ko) not in seen:
                    seen.add((en, ko))
                    out.append((en, ko))
    return out


def splits(where: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    """``{"train": …, "dev": …, "test": …}``, split by a hash of the lower-cased English side."""
    return split_by_key(read_pairs(where), key=lambda p: "everyday:" + p[0].lower(), dev=DEV, test=TEST)


def load(split: str, where: Path | None = None) -> list[tuple[str, str]]:
    """One split of the everyday pairs (empty where the files are absent)."""
    if split not in SPLITS:
        raise ValueError(f"Unknown split {split!r}: choose one of {', '.join(SPLITS)}.")
    return splits(where)[split]


def as_typed(english: str) -> str:
    """An English sentence as a student types it into a box: all lower case, no closing punctuation.

    as_typed("Where is the library?") = "where is the library"; as_typed("I'm Tom.") = "i'm tom". The corpora
    write every sentence with its capitals and full stop; a model that read only those turns the typed form into
    nonsense ("i like apples" → "홍수"), so training may add each everyday pair ``TrainConfig.everyday_typed``
    more times in this form and ``evaluate`` scores the everyday test split typed this way too.
    """
    return CLOSING.sub("", english.lower()).strip()


def held_out_english(where: Path | None = None) -> set[str]:
    """Lower-cased English of the everyday dev and test splits: no training material may contain them."""
    s = splits(where)
    return {en.lower() for part in ("dev", "test") for en, _ in s[part]}
