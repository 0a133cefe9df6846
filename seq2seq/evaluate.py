"""Score a checkpoint on a held-out split: BLEU and chrF (sacrebleu defaults), exact match, by length.

    python -m seq2seq.evaluate checkpoints/en-de-lstm-attn [--beam 1 5] [--split test]

Results go into the checkpoint's ``metrics.json`` (overall and by source-length bucket, in words, as in
Sutskever et al. 2014, Fig. 3), keyed by beam width. English→Korean checkpoints are also scored on the
everyday test split (Tatoeba + textbook sentences, ``seq2seq.everyday``, read from ``../shared``), under
``metrics["everyday"]``, whenever those files are present (``--split everyday`` scores that split alone).
Korean targets (en-ko) get BLEU on sacrebleu's
``ko-mecab`` tokenisation (morphemes: Korean glues particles to words, so whitespace words undercount
matches); chrF, on characters, needs no tokenizer and is the headline there.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import everyday
from .checkpoints import CHECKPOINT_DIR, read_json, resolve, write_atomic, write_json
from .corpus import task_info
from .data import DATA_DIR, load_pairs
from .inputs import InputError
from .translator import Seq2Seq, load

BUCKETS = ((1, 4), (5, 8), (9, 12), (13, 16), (17, 24), (25, 1000))
BLEU_TOKENIZE = {"ko": "ko-mecab", "zh": "zh", "ja": "char"}  # sacrebleu tokenizer by target language; else 13a


def bleu_tokenize(task: str) -> str:
    """The sacrebleu tokenizer for a task's target language (Korean: ko-mecab, when mecab-ko is installed)."""
    name = BLEU_TOKENIZE.get(task_info(task).get("target_lang", ""), "13a") if task != "dates" else "13a"
    if name == "ko-mecab":
        try:
            import mecab_ko  # noqa: F401 - sacrebleu's ko-mecab needs it
        except ImportError:
            return "13a"
    return name


def bucket_name(lo: int, hi: int) -> str:
    """'1-4', …, '25+'."""
    return f"{lo}+" if hi >= 1000 else f"{lo}-{hi}"


def scores(hyps: list[str], refs: list[str], tokenize: str = "13a") -> dict:
    """Corpus BLEU (on ``tokenize``'s tokens), chrF and exact match (percent) against single references."""
    import sacrebleu

    return {
        "bleu": round(sacrebleu.corpus_bleu(hyps, [refs], tokenize=tokenize).score, 2),
        "chrf": round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2),
        "exact_match": round(100.0 * sum(h == r for h, r in zip(hyps, refs, strict=True)) / max(1, len(refs)), 2),
        "sentences": len(refs),
    }


def translations(model: Seq2Seq, sources: list[str], beam_size: int = 1) -> list[str]:
    """The model's translation of each source, decoded as the app decodes; a source the model refuses
    (e.g. over the length limit) counts as an empty translation."""
    hyps = []
    for src in sources:
        try:
            hyps.append(model.translate(src, beam_size=beam_size).text)
        except InputError:
            hyps.append("")
    return hyps


def evaluate(model: Seq2Seq, pairs: list[tuple[str, str]], beam_size: int = 1) -> dict:
    """Translate every source and score the result, overall and by source length in words."""
    tokenize = bleu_tokenize(model.config.task)
    t0 = time.time()
    hyps = translations(model, [s for s, _ in pairs], beam_size)
    refs = [t for _, t in pairs]
    out = scores(hyps, refs, tokenize)
    out["bleu_tokenize"] = tokenize
    out["seconds"] = round(time.time() - t0, 1)
    by_len = {}
    for lo, hi in BUCKETS:
        idx = [i for i, (s, _) in enumerate(pairs) if lo <= len(s.split()) <= hi]
        if idx:
            by_len[bucket_name(lo, hi)] = scores([hyps[i] for i in idx], [refs[i] for i in idx], tokenize)
    out["by_source_length"] = by_len
    out["examples"] = [
        {"source": s, "reference": r, "translation": h} for (s, r), h in list(zip(pairs, hyps, strict=True))[:20]
    ]
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: evaluate checkpoints and update their metrics.json."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoints", nargs="+", help="checkpoint names (under checkpoints/) or folders")
    ap.add_argument("--beam", type=int, nargs="+", default=[1, 5])
    ap.add_argument("--split", default="test", help=f"test, dev, or {everyday.SPLIT_NAME} (English→Korean)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pairs (quick checks)")
    ap.add_argument("--data-dir", type=Path, default=DATA_DIR)
    ap.add_argument("--checkpoints-dir", type=Path, default=CHECKPOINT_DIR, help="where names are looked up")
    args = ap.parse_args(argv)
    for name in args.checkpoints:
        folder = resolve(name, args.checkpoints_dir)  # a name means the checkpoint's own folder, never ./<name>
        model = load(folder)
        metrics = read_json(folder / "metrics.json", {})
        metrics["parameters"] = model.parameters
        for split in splits_to_score(model.config.task, args.split):
            if split == everyday.SPLIT_NAME:
                pairs, into = everyday.load("test"), metrics.setdefault("everyday", {})
                if not pairs:
                    print(f"{model.name}: everyday split skipped: " + "; ".join(everyday.missing()), flush=True)
                    continue
            else:
                pairs, into = load_pairs(model.config.task, split, args.data_dir), metrics
            into["split"] = split
            pairs = pairs[: args.limit] if args.limit else pairs
            for beam in args.beam:
                result = evaluate(model, pairs, beam)
                if split == everyday.SPLIT_NAME:  # their licences keep these sentences out of the repository
                    result.pop("examples", None)
                into[f"beam{beam}"] = result
                report(model.name, f"{split} beam {beam}", result)
            if split == everyday.SPLIT_NAME:  # the same pairs as a student types them, greedy as the page
                result = evaluate(model, [(everyday.as_typed(s), t) for s, t in pairs], 1)
                result.pop("examples", None)
                into["typed"] = result
                report(model.name, f"{split} as typed (lower case, no closing punctuation) beam 1", result)
        write_atomic(folder, lambda tmp, m=metrics: write_json(tmp / "metrics.json", m))


def report(name: str, what: str, result: dict) -> None:
    print(
        f"{name} {what}: BLEU {result['bleu']} chrF {result['chrf']} "
        f"exact {result['exact_match']}% ({result['sentences']} pairs, {result['seconds']}s)",
        flush=True,
    )


def splits_to_score(task: str, split: str) -> list[str]:
    """The test split asked for, and for English→Korean the everyday test split beside it."""
    if split == everyday.SPLIT_NAME:
        return [split]
    return [split, everyday.SPLIT_NAME] if task == "en-ko" and split == "test" else [split]


if __name__ == "__main__":
    main()
