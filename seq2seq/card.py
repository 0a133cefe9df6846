"""Model cards: ``README.md`` of a checkpoint from its own files, and the README's table of all checkpoints.

python -m seq2seq.card checkpoints/dates-lstm ...   # (re)write each checkpoint's README.md
python -m seq2seq.card --table                      # print the Markdown tables: every checkpoint; reversal pairs
python -m seq2seq.card --splits en-ko               # a task's two test splits: scores, and chrF by source length
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .cells import CELLS
from .checkpoints import CHECKPOINT_DIR, list_checkpoints, read_json, resolve, write_atomic
from .config import headline_metric, kept_by_chrf
from .corpus import task_info
from .data import EXTRA_SPLIT, read_tsv, split_path

DATA = {
    "en-de": "English→German example sentences (and, for training, word/phrase pairs) from the Ding dictionary "
    "(Frank Richter, TU Chemnitz; GPL-2.0-or-later), via Debian's `trans-de-en`; see `data/en-de/`.",
    "en-ko": "English→Korean paragraphs of LibreOffice's help (aligned by page and paragraph id; and, for training "
    "only, its interface messages), translated by the Korean LibreOffice team (MPL-2.0), via Debian's "
    "`libreoffice-help-en-us`, `libreoffice-help-ko` and `libreoffice-l10n-ko` 7.4.7; see `data/en-ko/`.",
    "dates": "English dates → Korean dates, 1950–2049, generated with Babel's CLDR formats (Babel: BSD-3-Clause; "
    "CLDR data: Unicode License v3; the generated pairs ship under this project's licence); split by date so "
    "test dates are unseen; see `data/dates/`.",
}
EVERYDAY = (
    " Everyday pairs joined the training (each ×{repeat} per epoch): Tatoeba's English–Korean sentences "
    "(Tatoeba.org contributors, CC-BY 2.0 FR) and English-textbook sentences (korean-english-jhe, CC BY-SA 3.0), "
    "read from `../shared/data/en-ko-everyday/` at training time and not shipped (`seq2seq/everyday.py`)."
)
EVERYDAY_WEAKNESS = (
    "Knows software instructions in the style of LibreOffice's help and short everyday sentences (the everyday "
    "split's scores by length above); longer everyday sentences, idioms and names often come out wrong, and a word "
    "with a software sense can take it."
)
WEAKNESS = {
    "en-de": "Trained on ~18k short dictionary example sentences: fine on short everyday sentences close to the "
    "dictionary's style, weak on long sentences, rare words, names and anything technical; it has never seen "
    "text outside the dictionary.",
    "en-ko": "Knows software instructions in the style of LibreOffice's help (\"Click the OK button to close the "
    'dialog."): menus, dialogs, cells, styles. Everyday language ("I am hungry."), names and long sentences are '
    "outside its training data and come out as fluent-looking nonsense about documents and dialogs.",
    "dates": "Knows only the three English formats it was trained on (full, long, medium) and years 1950–2049; "
    'other formats ("25/11/2026", lower case, typos) are outside its training data.',
}


def everyday_note(train: dict) -> str:
    """What the everyday pairs added to a checkpoint's training, with their sources and licences (or nothing).
    Read from the checkpoint alone: a clone without ``../shared`` writes the same card."""
    repeat = train.get("everyday_repeat", 0)
    return EVERYDAY.format(repeat=repeat) if repeat else ""


def imported_data(task: str) -> str:
    """The data line of an imported task's card, from its ``task.json``."""
    info = task_info(task)
    if not info.get("source_file"):
        return f"the task `{task}`'s pairs in `data/{task}/`."
    c = info["pairs"]
    return (
        f"imported from `{info['source_file']}` (SHA-256 `{info['sha256'][:16]}…`) by `{info['command']}`: "
        f"{c['train']:,} training, {c['dev']:,} dev and {c['test']:,} test pairs; see `data/{task}/README.md`."
    )


def extra_pairs(task: str, asked: int) -> int:
    """How many extra training pairs a run used: what it asked for, at most what the corpus has."""
    try:
        return min(asked, sum(1 for _ in read_tsv(split_path(task, EXTRA_SPLIT[task]))))
    except (FileNotFoundError, KeyError):
        return asked


def _fmt(m: dict, task: str) -> str:
    """The headline score first (``headline_metric``): exact match for dates, chrF for Korean sentences (BLEU
    on ko-mecab tokens beside it), BLEU otherwise (chrF beside it)."""
    metric = headline_metric(task)
    if metric == "exact_match":
        return f"{m['exact_match']:.1f}% exact"
    if metric == "chrf":
        return f"chrF {m['chrf']:.1f} / BLEU {m['bleu']:.2f}"
    return f"BLEU {m['bleu']:.2f} / chrF {m['chrf']:.1f}"


def _by_length_measure(task: str) -> str:
    return {"exact_match": "exact %", "chrf": "chrF", "bleu": "BLEU"}[headline_metric(task)]


def _by_length_value(v: dict, task: str):
    return v[headline_metric(task)]


def _selected_by(train: dict) -> str:
    """What chose the kept weights: 'dev loss' or 'dev chrF (greedy)'."""
    return "dev chrF (greedy)" if train.get("select") == "chrf" else "dev loss"


def _best(state: dict, train: dict) -> str:
    """'best dev loss 1.9306 (epoch 15)'; with chrF selection, the kept epoch's dev chrF and dev loss."""
    loss, epoch = state.get("best_dev_loss", float("nan")), state.get("best_epoch", "?")
    if kept_by_chrf(train.get("select", "loss"), state):
        return f"kept the best dev chrF, {state['best_dev_chrf']:.2f} (epoch {epoch}; dev loss {loss:.4f})"
    return f"best dev loss {loss:.4f} (epoch {epoch})"


def _smoothing(train: dict) -> str:
    """', label smoothing 0.1' when used."""
    return f", label smoothing {train['label_smoothing']}" if train.get("label_smoothing") else ""


def bidirectional_note(model: dict) -> str:
    """The card's words for a bidirectional encoder (nothing for one direction, as every older config)."""
    if not model.get("bidirectional"):
        return ""
    half, units = model["units"] // 2, model["units"]
    return (
        f"; the encoder is bidirectional: {half} units read forward and {half} backward, their states side by side "
        f"(units 0–{half - 1} →, {half}–{units - 1} ←)"
    )


def card(folder: Path) -> str:
    """The Markdown model card of one checkpoint folder."""
    folder = Path(folder)
    cfg = read_json(folder / "config.json")
    model, train = cfg["model"], cfg["train"]
    state = read_json(folder / "train_state.json", {})
    metrics = read_json(folder / "metrics.json", {})
    history = read_json(folder / "history.json", {"epochs": []})["epochs"]
    task = model["task"]
    size_mb = (folder / "model.keras").stat().st_size / 1e6
    cell = CELLS[model["cell"]].label
    lines = [
        f"# {folder.name}",
        "",
        f"A {cell} encoder–decoder ({model['layers']} layer(s) × {model['units']} units, embeddings "
        f"{model['embedding_dim']}), {'Luong dot attention' if model['attention'] else 'no attention'}, source "
        f"{'reversed' if model['reverse_source'] else 'in reading order'}"
        f"{bidirectional_note(model)}. Vocabulary: {model['src_vocab_size']} "
        f"source / {model['tgt_vocab_size']} target sentencepiece pieces ({train['spm_model_type']}).",
        "",
        f"- **Data**: {DATA.get(task) or imported_data(task)}" + everyday_note(train),
        f"- **Parameters**: {metrics['parameters']:,}; `model.keras` {size_mb:.1f} MB."
        if "parameters" in metrics
        else f"- **Size**: `model.keras` {size_mb:.1f} MB.",
        f"- **Training**: `bash scripts/train_all.sh {task} {folder.name}` — {state.get('epoch', '?')} epochs, "
        f"{state.get('seconds', 0) / 60:.1f} min on {state.get('machine', '?')}; {_best(state, train)}. Adam "
        f"(lr {train['learning_rate']}, clipnorm {train['clipnorm']}), batch {train['batch_size']}, dropout "
        f"{model['dropout']}, teacher forcing{_smoothing(train)}, length-bucketed batches, lr ×{train['lr_decay']} "
        f"when {_selected_by(train)} stalls, early stopping after {train['patience']} epochs without improvement.",
    ]
    extra = {"en-de": "dictionary phrase pairs", "en-ko": "interface messages"}
    if task in extra:
        lines.append(
            f"- **Training pairs**: the {train['sentence_repeat']}× repeated training sentences plus "
            f"{extra_pairs(task, train['phrase_pairs']):,} {extra[task]}"
            + (
                f", GNOME's help pairs ×{g} (CC-BY-SA 3.0 mostly; data/en-ko/README.md)"
                if (g := train.get("gnome_repeat"))
                else ""
            )
            + (f", and the everyday training pairs ×{n}" if (n := train.get("everyday_repeat")) else "")
            + (
                f" (and ×{k} more with their English as a student types it: lower case, no closing punctuation)."
                if (k := train.get("everyday_typed"))
                else "."
            )
        )
    tests = [("Test", metrics)]
    if "everyday" in metrics:
        tests.append(("Everyday test (Tatoeba + textbook)", metrics["everyday"]))
    for (what, scored), key in ((t, k) for t in tests for k in ("beam1", "beam5")):
        if key in scored:
            m = scored[key]
            by_len = ", ".join(f"{k}: {_by_length_value(v, task)}" for k, v in m["by_source_length"].items())
            tokens = m.get("bleu_tokenize", "13a")
            tok = f" (BLEU on sacrebleu's {tokens} tokens)" if tokens != "13a" else ""
            lines.append(
                f"- **{what}, {key[4:]}-wide beam** ({m['sentences']} pairs): {_fmt(m, task)}{tok}; by "
                f"source length in words ({_by_length_measure(task)}): {by_len}."
            )
    if "typed" in metrics.get("everyday", {}):
        m = metrics["everyday"]["typed"]
        lines.append(
            f"- **Everyday test as a student types it** (the same {m['sentences']} pairs, the English in lower case "
            f"without closing punctuation, greedy): {_fmt(m, task)}."
        )
    if history:
        chrf = "; dev chrF " + " → ".join(f"{h['dev_chrf']:.1f}" for h in history) if "dev_chrf" in history[0] else ""
        lines.append(
            "- **Curve**: dev loss "
            + " → ".join(f"{h['dev_loss']:.4g}" for h in history)
            + chrf
            + f"; about {history[-1].get('target_tokens_per_s', 0):,} target pieces/s in training."
        )
    index = read_json(folder / "index.json", None)
    if index:
        lines.append(
            f"- **State index** (nearest training sentences, state maps, unit search): `{index['command']}` — "
            f"{index['pairs']:,} training pairs{' (a fixed sample)' if index['sampled'] else ''}, "
            f"{index['encoder_steps']:,} encoder and {index['decoder_steps']:,} decoder steps, "
            f"{index['bytes'] / 1e6:.1f} MB, built in {index['seconds']:.0f} s."
        )
    else:
        lines.append(
            f"- **State index**: not built; `python -m seq2seq.index checkpoints/{folder.name}` adds it (about "
            "20 s) for the Neighbours view."
        )
    weakness = EVERYDAY_WEAKNESS if train.get("everyday_repeat") else WEAKNESS.get(task)
    weakness = weakness or "Trained only on the imported pairs: sentences unlike them come out as nonsense."
    if not model["attention"]:
        weakness += " Without attention the whole source must pass through the encoder's final state."
    lines += ["", f"**Known weaknesses.** {weakness}"]
    examples = metrics.get("beam1", {}).get("examples", [])[:5]
    if examples:
        lines += ["", "| source | reference | this model |", "|---|---|---|"]
        lines += [f"| {e['source']} | {e['reference']} | {e['translation']} |" for e in examples]
    return "\n".join(lines) + "\n"


def _row_facts(folder: Path) -> tuple[dict, dict, dict]:
    return (
        read_json(folder / "config.json")["model"],
        read_json(folder / "train_state.json", {}),
        read_json(folder / "metrics.json", {}),
    )


def _training(state: dict) -> str:
    done = f"{state.get('seconds', 0) / 60:.0f} min, {state.get('epoch', '?')} ep"
    return done if state.get("finished") else f"in progress ({state.get('epoch', 0)} ep so far)"


def reading(model: dict) -> str:
    """How the encoder reads the source: in order, reversed (Sutskever et al.) or both ways (bidirectional)."""
    order = "reversed" if model["reverse_source"] else "in order"
    if not model.get("bidirectional"):
        return order
    return "both ways (reversed)" if model["reverse_source"] else "both ways"


def table(root: Path = CHECKPOINT_DIR) -> str:
    """One Markdown row per checkpoint: parameters, training time, scores at beam 1 and 5."""
    rows = [
        "| checkpoint | cell | attention | source read | parameters | training | test, greedy | test, beam 5 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in list_checkpoints(root):
        cfg, state, metrics = _row_facts(Path(root) / name)
        scores = [_fmt(metrics[k], cfg["task"]) if k in metrics else "—" for k in ("beam1", "beam5")]
        params = f"{metrics['parameters']:,}" if "parameters" in metrics else "—"
        rows.append(
            f"| `{name}` | {cfg['cell']} | {'yes' if cfg['attention'] else 'no'} | "
            f"{reading(cfg)} | {params} | {_training(state)} | {scores[0]} | {scores[1]} |"
        )
    return "\n".join(rows)


def reversal_table(root: Path = CHECKPOINT_DIR) -> str:
    """Pairs of finished, evaluated checkpoints whose configs differ only in ``reverse_source``: the measured
    effect of reading the source backwards (Sutskever et al. 2014), one row per pair."""
    done = {}
    for name in list_checkpoints(root):
        folder = Path(root) / name
        cfg, state, metrics = _row_facts(folder)
        if state.get("finished") and "beam1" in metrics:
            history = read_json(folder / "history.json", {"epochs": []})["epochs"]
            done[name] = (cfg, state, metrics, history)
    rows = [
        "| task | in reading order | reversed | test, greedy | test, beam 5 | dev loss after epoch 1 | best dev loss |",
        "|---|---|---|---|---|---|---|",
    ]
    for fwd, (cfg, s1, m1, h1) in done.items():
        if cfg["reverse_source"]:
            continue
        for rev, (cfg2, s2, m2, h2) in done.items():
            if cfg2 != {**cfg, "reverse_source": True}:
                continue
            both = [" → ".join(_fmt(m[k], cfg["task"]) for m in (m1, m2)) for k in ("beam1", "beam5")]
            first = " → ".join(f"{h[0]['dev_loss']:.4g}" if h else "?" for h in (h1, h2))
            best = " → ".join(f"{s['best_dev_loss']:.4g}" for s in (s1, s2))
            rows.append(f"| {cfg['task']} | `{fwd}` | `{rev}` | {both[0]} | {both[1]} | {first} | {best} |")
    return "\n".join(rows)


def _split_scores(m: dict) -> str:
    """chrF / BLEU / exact match of one split at one beam width, as the README's tables write them."""
    return f"{m['chrf']:.2f} / {m['bleu']:.2f} / {m['exact_match']:.1f}%"


def splits_table(task: str, root: Path = CHECKPOINT_DIR) -> str:
    """One Markdown row per finished, evaluated checkpoint of a task with an everyday split (English→Korean):
    the help test split (``beam1``, ``beam5`` of metrics.json) and the everyday test split (``everyday``'s
    ``beam1``, ``beam5`` and ``typed``: each English sentence as a student types it, greedy)."""
    rows = [
        "| checkpoint | attention | source read | help: greedy chrF / BLEU / exact | help: beam 5 chrF | "
        "everyday: greedy chrF / BLEU / exact | everyday: beam 5 chrF | everyday as typed: greedy chrF |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, cfg, metrics in _evaluated(task, root):
        every = metrics["everyday"]
        typed = f"{every['typed']['chrf']:.2f}" if "typed" in every else "—"
        attention = "yes" if cfg["attention"] else "no"
        rows.append(
            f"| `{name}` | {attention} | {reading(cfg)} | {_split_scores(metrics['beam1'])} | "
            f"{metrics['beam5']['chrf']:.2f} | {_split_scores(every['beam1'])} | "
            f"{every['beam5']['chrf']:.2f} | {typed} |"
        )
    return "\n".join(rows)


def length_table(task: str, root: Path = CHECKPOINT_DIR) -> str:
    """chrF by source length in words (greedy), one row per checkpoint and split, the buckets of metrics.json."""
    evaluated = _evaluated(task, root)
    if not evaluated:
        return ""
    buckets = list(evaluated[0][2]["beam1"]["by_source_length"])
    rows = [
        "| checkpoint | split | " + " | ".join(b.replace("-", "–") for b in buckets) + " |",
        "|---|---|" + "---|" * len(buckets),
    ]
    for name, _, metrics in evaluated:
        for split, m in (("help", metrics["beam1"]), ("everyday", metrics["everyday"]["beam1"])):
            cells = " | ".join(f"{m['by_source_length'][b]['chrf']:.1f}" for b in buckets)
            rows.append(f"| `{name}` | {split} | {cells} |")
    return "\n".join(rows)


def _evaluated(task: str, root: Path) -> list[tuple[str, dict, dict]]:
    """(name, model config, metrics) of a task's finished checkpoints evaluated on both test splits."""
    found = []
    for name in list_checkpoints(root):
        cfg, state, metrics = _row_facts(Path(root) / name)
        scored = metrics.get("split") == "test" and "beam5" in metrics and "beam5" in metrics.get("everyday", {})
        if cfg["task"] == task and state.get("finished") and scored:
            found.append((name, cfg, metrics))
    return found


def main(argv: list[str] | None = None) -> None:
    """Command line: write cards, or print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoints", nargs="*", help="checkpoint names (under checkpoints/) or folders")
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--splits", metavar="TASK", help="print a task's two test splits' tables (English→Korean)")
    args = ap.parse_args(argv)
    for name in args.checkpoints:
        folder = resolve(name)
        text = card(folder)
        write_atomic(folder, lambda tmp, t=text: (tmp / "README.md").write_text(t, encoding="utf-8"))
        print(f"wrote {folder / 'README.md'}")
    if args.table:
        print(table(), reversal_table(), sep="\n\n")
    if args.splits:
        if not _evaluated(args.splits, CHECKPOINT_DIR):
            ap.error(f"no finished checkpoint of task {args.splits!r} is scored on both test splits (help, everyday)")
        print(splits_table(args.splits), length_table(args.splits), sep="\n\n")


if __name__ == "__main__":
    main()
