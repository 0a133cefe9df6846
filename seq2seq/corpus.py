"""Your own parallel text as a task: read, clean, deduplicate, split and describe it.

    python -m seq2seq.data import kor.txt --task en-ko-tatoeba --source-lang en --target-lang ko
    python -m seq2seq.train --task en-ko-tatoeba --cell gru --attention --name en-ko-tatoeba-gru-attn

The input is a TSV of pairs, ``source<TAB>target``, or the Tatoeba/Anki format the TensorFlow and Keras
tutorials use (``English<TAB>Other<TAB>attribution``: columns after the second are ignored). Each side is
NFKC-normalised, control characters dropped and whitespace collapsed (as the models read their input);
empty sides, pairs over ``max_words`` words on either side and repeated pairs are dropped. The split is by
a hash of the lower-cased source, so one source sentence (Tatoeba often has several translations of it)
never sits in two splits; test and dev each get 5% of the pairs, or 1,000 (500 for dev) when that is more,
at most 10%.

Written into ``data/<task>/``: ``{train,dev,test}.tsv.gz``, ``task.json`` (languages, label, counts, the
file it came from and its SHA-256) and ``README.md`` (provenance). An optional ``examples.txt`` (one source
sentence a line) that you add gives the page its hand-picked examples.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .checkpoints import read_json, write_json
from .config import valid_task_name
from .data import DATA_DIR, SPLITS, split_by_key, write_tsv
from .tokenizer import normalize

TASK_FILE = "task.json"
MIN_PAIRS = 50
LANGUAGES = {  # code: (English name, Korean name)
    "en": ("English", "영어"),
    "ko": ("Korean", "한국어"),
    "de": ("German", "독일어"),
    "fr": ("French", "프랑스어"),
    "es": ("Spanish", "스페인어"),
    "it": ("Italian", "이탈리아어"),
    "pt": ("Portuguese", "포르투갈어"),
    "nl": ("Dutch", "네덜란드어"),
    "ru": ("Russian", "러시아어"),
    "ja": ("Japanese", "일본어"),
    "zh": ("Chinese", "중국어"),
    "vi": ("Vietnamese", "베트남어"),
    "tr": ("Turkish", "튀르키예어"),
    "ar": ("Arabic", "아랍어"),
    "hi": ("Hindi", "힌디어"),
}
BUILT_IN = {"en-de": ("en", "de"), "dates": ("en", "ko"), "en-ko": ("en", "ko")}


class CorpusError(ValueError):
    """A corpus that cannot be imported or a task folder that cannot be used; the message says why."""


def language_name(code: str, lang: str = "en") -> str:
    """'ko' → 'Korean' (or '한국어' for a Korean page); an unknown code stays as it is."""
    names = LANGUAGES.get(code)
    return names[1 if lang == "ko" else 0] if names else code


def read_parallel(path: Path) -> tuple[list[tuple[str, str]], int]:
    """(pairs, lines skipped) from a TSV or Tatoeba/Anki file: first two tab-separated columns."""
    pairs, skipped = [], 0
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) < 2:
                skipped += bool(line.strip())
                continue
            pairs.append((cols[0], cols[1]))
    return pairs, skipped


def clean_pairs(pairs, max_words: int) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Normalised pairs without empty sides, overlong sides or repeats; and how many of each were dropped."""
    out, seen = [], set()
    dropped = {"empty": 0, "too_long": 0, "duplicate": 0}
    for src, tgt in pairs:
        src, tgt = normalize(src), normalize(tgt)
        if not src or not tgt:
            dropped["empty"] += 1
        elif len(src.split()) > max_words or len(tgt.split()) > max_words:
            dropped["too_long"] += 1
        elif (src, tgt) in seen:
            dropped["duplicate"] += 1
        else:
            seen.add((src, tgt))
            out.append((src, tgt))
    return out, dropped


def held_out_fractions(n: int) -> tuple[float, float]:
    """(dev, test) fractions: 5% each, or 500 / 1,000 pairs when that is more, at most 10%."""
    return max(0.05, min(500 / n, 0.10)), max(0.05, min(1000 / n, 0.10))


def import_corpus(
    path: Path,
    task: str,
    *,
    source_lang: str = "en",
    target_lang: str = "xx",
    max_words: int = 30,
    data_dir: Path = DATA_DIR,
    overwrite: bool = False,
) -> dict:
    """Import a parallel text file as task ``task``; returns the contents of ``task.json``."""
    path = Path(path)
    if not valid_task_name(task):
        raise CorpusError(f"Task name {task!r}: use lower-case letters, digits, '-' and '_' (at most 40).")
    if task in BUILT_IN:
        raise CorpusError(f"{task!r} is a built-in task; pick another name.")
    if not path.is_file():
        raise CorpusError(f"{path} is not a file.")
    out_dir = Path(data_dir) / task
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise CorpusError(f"{out_dir} already exists; pass --overwrite to replace it.")
    raw, skipped = read_parallel(path)
    pairs, dropped = clean_pairs(raw, max_words)
    if len(pairs) < MIN_PAIRS:
        raise CorpusError(
            f"{path.name}: only {len(pairs)} usable pairs (need {MIN_PAIRS}); each line must be source<TAB>target."
        )
    dev, test = held_out_fractions(len(pairs))
    splits = split_by_key(pairs, key=lambda p: p[0].lower(), dev=dev, test=test)
    counts = {s: write_tsv(out_dir / f"{s}.tsv.gz", splits[s]) for s in SPLITS}
    info = {
        "task": task,
        "source_lang": source_lang,
        "target_lang": target_lang,
        "label": f"{language_name(source_lang)} → {language_name(target_lang)} ({task})",
        "source_file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "lines": len(raw) + skipped,
        "skipped_lines": skipped,
        "dropped": dropped,
        "pairs": counts,
        "max_words": max_words,
        "imported": dt.date.today().isoformat(),
        "command": f"python -m seq2seq.data import {path.name} --task {task} --source-lang {source_lang} "
        f"--target-lang {target_lang}",
    }
    write_json(out_dir / TASK_FILE, info)
    (out_dir / "README.md").write_text(
        f"# {task}\n\n{info['label']}: imported from `{path.name}` (SHA-256 `{info['sha256'][:16]}…`) with\n\n"
        f"    {info['command']}\n\n{sum(counts.values()):,} pairs after cleaning: train {counts['train']:,}, dev "
        f"{counts['dev']:,}, test {counts['test']:,} (split by a hash of the lower-cased source). Dropped: "
        f"{dropped['empty']} with an empty side, {dropped['too_long']} over {max_words} words, "
        f"{dropped['duplicate']} repeats; {skipped} lines without a tab.\n\nThe licence is the source file's: "
        "check it before you share a model trained on it (Tatoeba sentences are CC-BY 2.0 FR; the "
        "attribution column names each sentence's authors).\n",
        encoding="utf-8",
    )
    return info


def task_info(task: str, data_dir: Path = DATA_DIR) -> dict:
    """What is known about a task: built-in, or the ``task.json`` of an imported one (``{}`` when none)."""
    if task in BUILT_IN:
        src, tgt = BUILT_IN[task]
        return {"task": task, "source_lang": src, "target_lang": tgt, "built_in": True}
    return read_json(Path(data_dir) / task / TASK_FILE, {}) or {}


def data_folders(data_dir: Path = DATA_DIR) -> tuple[list[str], dict[str, str]]:
    """(usable task folders, {folder: why it cannot be used}) under ``data_dir``: a usable one has train, dev
    and test splits and, unless built in, a ``task.json``."""
    ok, bad = [], {}
    root = Path(data_dir)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        name = folder.name
        if name.startswith(".") or name.startswith("__"):
            continue
        missing = [s for s in SPLITS if not any((folder / f"{s}.tsv{z}").exists() for z in (".gz", ""))]
        if not valid_task_name(name):
            bad[name] = "not a valid task name"
        elif missing:
            bad[name] = f"no {', '.join(missing)} split (half-written? import it again)"
        elif name not in BUILT_IN and not (folder / TASK_FILE).exists():
            bad[name] = f"no {TASK_FILE} (made by python -m seq2seq.data import)"
        else:
            ok.append(name)
    return ok, bad


def hand_picked(task: str, data_dir: Path = DATA_DIR, n: int = 8) -> list[str]:
    """The first ``n`` lines of ``data/<task>/examples.txt`` (your own examples for the page), if any."""
    path = Path(data_dir) / task / "examples.txt"
    if not path.exists():
        return []
    lines = [normalize(x) for x in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    return [x for x in lines if x][:n]
