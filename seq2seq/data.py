"""Corpora: build them from their sources, load their fixed splits.

Two tasks, both offline and reproducible:

* ``en-de`` — English→German sentence pairs from the Ding dictionary (TU Chemnitz, GPL-2.0-or-later), as
  shipped by Debian's ``trans-de-en`` (``/usr/share/trans/de-en``). Each line is ``German :: English``;
  `` | `` separates aligned sub-entries, ``;`` separates variants. Aligned sub-entries that are full
  sentences on both sides give the sentence pairs (split into train / dev / test); the others give
  word and phrase pairs (``phrases.tsv.gz``, training material only).
* ``dates`` — English dates → Korean dates, generated with Babel's CLDR formats for 1950–2049. Split by
  date, so test dates are never seen in training.
* ``en-ko`` — English→Korean from LibreOffice's help pages (aligned by file and paragraph id; split into
  train / dev / test) and interface messages (``ui.tsv.gz``, training material only), MPL-2.0, as shipped by
  Debian's ``libreoffice-help-en-us``, ``libreoffice-help-ko`` and ``libreoffice-l10n-ko``
  (see ``seq2seq.libreoffice``); and from GNOME's help pages (``gnome.tsv.gz``, training material only,
  mostly CC-BY-SA 3.0, see ``seq2seq.gnome``).

Files: ``data/<task>/{train,dev,test}.tsv.gz``, UTF-8, one ``source<TAB>target`` pair a line.

Your own parallel text (a TSV, or the Tatoeba/Anki files of the TensorFlow tutorials) becomes a task with
``python -m seq2seq.data import PATH --task NAME`` (``seq2seq.corpus``).

Rebuild::

    python -m seq2seq.data en-de --source /usr/share/trans/de-en
    python -m seq2seq.data dates
    apt-get download libreoffice-help-en-us libreoffice-help-ko libreoffice-l10n-ko
    for f in libreoffice-*.deb; do dpkg -x "$f" /tmp/lo; done
    python -m seq2seq.data en-ko --source /tmp/lo
    python -m seq2seq.data gnome --source /tmp/gnome   # packages listed in data/en-ko/README.md
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SPLITS = ("train", "dev", "test")
# Training material beside the train split, never held out: Ding's word/phrase pairs, LibreOffice's interface.
EXTRA_SPLIT = {"en-de": "phrases", "en-ko": "ui"}

_ANNOTATION = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,!?;:])")
_SENTENCE_END = (".", "!", "?")


def clean(text: str) -> str:
    """Strip Ding annotations (``{f}``, ``[Am.]``, ``(...)``) and tidy the spacing."""
    prev = None
    while prev != text:  # nested brackets: strip innermost first
        prev, text = text, _ANNOTATION.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def _is_sentence(text: str) -> bool:
    return (
        len(text) >= 4
        and text.endswith(_SENTENCE_END)
        and text[0].isupper()
        and " " in text
        and "…" not in text
        and "..." not in text
    )


def parse_ding(lines: Iterable[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Parse Ding lines into (sentence pairs, phrase pairs), each as (english, german), deduplicated.

    Sub-entries pair up only when both sides have the same number of them. Variants (``;``) are zipped when
    both sides have the same number, otherwise the first variant of each side is taken.
    """
    sentences: dict[tuple[str, str], None] = {}
    phrases: dict[tuple[str, str], None] = {}
    for line in lines:
        if line.startswith("#") or " :: " not in line:
            continue
        de_side, en_side = line.rstrip("\n").split(" :: ", 1)
        de_parts, en_parts = de_side.split(" | "), en_side.split(" | ")
        if len(de_parts) != len(en_parts):
            continue
        for de_part, en_part in zip(de_parts, en_parts, strict=True):
            de_vars = [clean(v) for v in de_part.split(";")]
            en_vars = [clean(v) for v in en_part.split(";")]
            pairs = zip(en_vars, de_vars, strict=True) if len(de_vars) == len(en_vars) else [(en_vars[0], de_vars[0])]
            for en, de in pairs:
                if not en or not de or "\t" in en + de:
                    continue
                if _is_sentence(en) and _is_sentence(de):
                    sentences[(en, de)] = None
                elif not en.endswith(_SENTENCE_END) and len(en.split()) <= 6 and len(de.split()) <= 6:
                    phrases[(en, de)] = None
    return list(sentences), list(phrases)


def _bucket(key: str) -> float:
    """A stable number in [0, 1) from a string: the split never changes between machines or runs."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 2**32


def split_by_key(pairs: list[tuple[str, str]], key, dev: float, test: float) -> dict[str, list]:
    """Split pairs by a hash of ``key(pair)``: all pairs sharing a key land in the same split."""
    out = {s: [] for s in SPLITS}
    for pair in pairs:
        u = _bucket(key(pair))
        out["test" if u < test else "dev" if u < test + dev else "train"].append(pair)
    return out


def write_tsv(path: Path, pairs: Iterable[tuple[str, str]]) -> int:
    """Write ``source<TAB>target`` lines, gzip-compressed when the name ends in ``.gz``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    opener = gzip.open if path.suffix == ".gz" else open
    tmp = path.with_name(path.name + ".tmp")
    # mtime=0 keeps the gzip bytes identical from one build to the next
    raw = open(tmp, "wb")
    fh = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if opener is gzip.open else raw
    with raw, fh:
        for src, tgt in pairs:
            fh.write(f"{src}\t{tgt}\n".encode())
            n += 1
    tmp.replace(path)
    return n


def read_tsv(path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(source, target)`` pairs from a ``.tsv`` or ``.tsv.gz`` file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            src, tgt = line.rstrip("\n").split("\t")
            yield src, tgt


def split_path(task: str, split: str, data_dir: Path = DATA_DIR) -> Path:
    """Where a split of a task lives (``.tsv.gz`` preferred, ``.tsv`` accepted)."""
    for name in (f"{split}.tsv.gz", f"{split}.tsv"):
        if (data_dir / task / name).exists():
            return data_dir / task / name
    raise FileNotFoundError(f"No {split} split for task {task!r} under {data_dir / task}.")


def load_pairs(task: str, split: str, data_dir: Path = DATA_DIR) -> list[tuple[str, str]]:
    """All ``(source, target)`` pairs of one split of one task (``split`` may also be ``"phrases"``)."""
    return list(read_tsv(split_path(task, split, data_dir)))


def build_en_de(source: Path, out_dir: Path = DATA_DIR / "en-de") -> dict[str, int]:
    """Build the English→German corpus from the Ding file; returns the number of pairs per file."""
    with open(source, encoding="utf-8") as fh:
        sentences, phrases = parse_ding(fh)
    # Key on the lower-cased English side: one English sentence never sits in two splits.
    splits = split_by_key(sentences, key=lambda p: p[0].lower(), dev=0.04, test=0.07)
    held_out = {en.lower() for s in ("dev", "test") for en, _ in splits[s]}
    phrases = [p for p in phrases if p[0].lower() not in held_out]
    counts = {s: write_tsv(out_dir / f"{s}.tsv.gz", splits[s]) for s in SPLITS}
    counts["phrases"] = write_tsv(out_dir / "phrases.tsv.gz", phrases)
    return counts


def build_en_ko(source: Path, out_dir: Path = DATA_DIR / "en-ko") -> dict[str, int]:
    """Build the English→Korean corpus from the extracted LibreOffice packages under ``source``.

    Help paragraphs: aligned by (file, id), filtered by ``libreoffice.keep``, one Korean translation per
    English text, split by a hash of the lower-cased English (dev 5%, test 8%). Interface messages: the same
    filter, minus any whose English the help already has (in any split): training material only.
    """
    from . import libreoffice as lo

    helps = lo.one_translation_each([p for p in lo.help_pairs(source) if lo.keep(*p)])
    splits = split_by_key(helps, key=lambda p: p[0].lower(), dev=0.05, test=0.08)
    seen = {en.lower() for en, _ in helps}
    ui = lo.one_translation_each([p for p in lo.ui_pairs(source) if lo.keep(*p)])
    ui = [p for p in ui if p[0].lower() not in seen]
    counts = {s: write_tsv(out_dir / f"{s}.tsv.gz", splits[s]) for s in SPLITS}
    counts["ui"] = write_tsv(out_dir / "ui.tsv.gz", ui)
    return counts


def build_en_ko_gnome(source: Path, out_dir: Path = DATA_DIR / "en-ko") -> tuple[dict[str, int], list]:
    """Write ``gnome.tsv.gz`` beside the en-ko splits in ``out_dir`` from the GNOME help packages extracted
    under ``source`` (one folder each, see ``seq2seq.gnome``); returns the counts and the packages read.

    Aligned blocks filtered by ``libreoffice.keep``, one Korean translation per English text, minus every pair
    whose lower-cased English is in the dev or test split (held out) or already in train or ui. Training
    material only: the splits in ``out_dir`` are read, never written.
    """
    from . import gnome
    from . import libreoffice as lo

    packages = gnome.read_packages(source)
    if not packages:
        raise FileNotFoundError(f"No package with English and Korean help under {source} (see seq2seq.gnome).")
    blocks = [pair for pack in packages for pair in pack.pairs]
    kept = lo.one_translation_each([p for p in blocks if lo.keep(*p)])
    english = {s: {en.lower() for en, _ in read_tsv(out_dir / f"{s}.tsv.gz")} for s in (*SPLITS, "ui")}
    held_out = english["dev"] | english["test"]
    trained = (english["train"] | english["ui"]) - held_out
    pairs = [p for p in kept if p[0].lower() not in held_out and p[0].lower() not in trained]
    counts = {
        "pages": sum(p.pages for p in packages),
        "aligned": sum(p.aligned for p in packages),
        "skipped": sum(len(p.skipped) for p in packages),
        "blocks": len(blocks),
        "kept": len(kept),
        "held out (dev/test)": sum(p[0].lower() in held_out for p in kept),
        "already in train/ui": sum(p[0].lower() in trained for p in kept),
        "gnome": write_tsv(out_dir / "gnome.tsv.gz", pairs),
    }
    return counts, packages


def date_pairs(day: dt.date) -> list[tuple[str, str]]:
    """The three English renderings of a date and their Korean targets.

    full ("Wednesday, November 25, 2026") → "2026년 11월 25일 수요일"; long ("November 25, 2026") and
    medium ("Nov 25, 2026") → "2026년 11월 25일": the weekday appears in the output exactly when the input
    names it.
    """
    from babel.dates import format_date  # development dependency: only building needs it

    ko_full = format_date(day, "full", locale="ko_KR")
    ko_long = format_date(day, "long", locale="ko_KR")
    return [
        (format_date(day, "full", locale="en_US"), ko_full),
        (format_date(day, "long", locale="en_US"), ko_long),
        (format_date(day, "medium", locale="en_US"), ko_long),
    ]


def build_dates(out_dir: Path = DATA_DIR / "dates") -> dict[str, int]:
    """Generate the dates corpus for 1950-01-01 … 2049-12-31, split by date (dev 5%, test 5%)."""
    days = [dt.date(1950, 1, 1) + dt.timedelta(n) for n in range((dt.date(2050, 1, 1) - dt.date(1950, 1, 1)).days)]
    splits = split_by_key(days, key=lambda d: d.isoformat(), dev=0.05, test=0.05)
    return {s: write_tsv(out_dir / f"{s}.tsv.gz", (p for d in splits[s] for p in date_pairs(d))) for s in SPLITS}


if __name__ == "__main__":  # python -m seq2seq.data …: the command line lives in seq2seq.datacli
    from .datacli import main

    main()
