"""Average the weights of a run's last epochs (checkpoint averaging, as Vaswani et al. 2017 averaged their last
checkpoints) and keep the average only when its dev chrF beats the run's kept weights.

    θ̄_K = (1/K) Σ_{e=E-K+1..E} θ_e          (θ_e: every weight after epoch e; E: the last epoch averaged)

A run trained with ``--snapshots`` leaves ``<out>/<name>.snapshots/epoch-NN.weights.h5``. For each K and each
last epoch E of the list, the averaged model translates the dev split greedily (the mean of the help and everyday
chrF when the run has everyday pairs, as training selects); the best average, if it beats the kept weights,
is written to ``--out`` as a checkpoint folder: the same config, tokenizers and history, model.keras replaced,
without the files that describe the old weights (metrics, card, state index: run ``seq2seq.evaluate``,
``seq2seq.card`` and ``seq2seq.index`` on it next). The result is one ordinary Keras model: its trace, views and
interventions are those of any checkpoint.

Usage: python scripts/average_snapshots.py runs/X/en-ko-gru-attn --k 2 3 4 5 --out runs/X-avg/en-ko-gru-attn
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seq2seq import everyday
from seq2seq.data import load_pairs
from seq2seq.tokenizer import normalize
from seq2seq.train import dev_scores
from seq2seq.translator import Seq2Seq, load


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="the finished run's checkpoint folder")
    ap.add_argument("--k", type=int, nargs="+", default=[2, 3, 4, 5], help="how many last epochs to average")
    ap.add_argument("--ends", type=int, nargs="*", default=None, help="last epochs E to try (default: the last)")
    ap.add_argument("--out", type=Path, required=True, help="where the averaged checkpoint folder goes")
    args = ap.parse_args()

    snaps = args.folder.parent / f"{args.folder.name}.snapshots"
    out, source = args.out.resolve(), args.folder.resolve()
    if out == source or out in source.parents:
        sys.exit(f"--out {args.out} would overwrite the run it averages")
    last = json.loads((args.folder / "train_state.json").read_text())["epoch"]
    files = {int(p.name.split(".")[0].split("-")[1]): p for p in snaps.glob("epoch-*.weights.h5")}
    files = {e: p for e, p in files.items() if e <= last}  # never an epoch the run has not (yet) redone
    if not files:
        sys.exit(f"no snapshots in {snaps} (train with --snapshots)")
    kept_model = load(args.folder)
    km = kept_model.keras_model  # the Keras model of the kept weights; each average is set into it

    def translator():  # the numpy replay the page translates with, built from km's current weights
        m = kept_model
        return Seq2Seq(m.folder, m.config, m.train_config, km, m.src_tokenizer, m.tgt_tokenizer)

    task = kept_model.config.task
    dev_help = [(normalize(s), normalize(t)) for s, t in load_pairs(task, "dev")]
    dev_every = everyday.load("dev") if kept_model.train_config.everyday_repeat else []
    base = dev_scores(translator(), dev_help, dev_every)
    print(f"kept weights: {base}", flush=True)

    def weights_of(epoch):
        km.load_weights(files[epoch])
        return km.get_weights()

    best, best_w = base, None  # scores as training records them: dev_chrf (the mean), dev_chrf_help, …
    for end in args.ends or [max(files)]:
        for k in args.k:
            epochs = list(range(end - k + 1, end + 1))
            if not all(e in files for e in epochs):
                continue
            stacks = [weights_of(e) for e in epochs]
            avg = [np.mean(ws, axis=0) for ws in zip(*stacks, strict=True)]
            km.set_weights(avg)
            score = dev_scores(translator(), dev_help, dev_every)
            print(f"epochs {epochs[0]}–{epochs[-1]} (K={k}): {score}", flush=True)
            if score["dev_chrf"] > best["dev_chrf"]:
                best, best_w = {**score, "epochs": epochs}, avg
    if best_w is None:
        print("no average beats the kept weights; nothing written")
        return
    km.set_weights(best_w)
    if args.out.exists():
        shutil.rmtree(args.out)
    describe_old = ("index*", "metrics.json", "README.md", "resume.keras")  # of the kept weights, not these
    shutil.copytree(args.folder, args.out, ignore=shutil.ignore_patterns(*describe_old))
    km.save(args.out / "model.keras")
    state = json.loads((args.out / "train_state.json").read_text())
    state["averaged_epochs"] = best["epochs"]
    state["best_dev_chrf"] = best["dev_chrf"]
    (args.out / "train_state.json").write_text(json.dumps(state, indent=1))
    print(f"wrote {args.out} (epochs {best['epochs'][0]}–{best['epochs'][-1]} averaged): {best}")
    print("next: " + "; ".join(f"python -m seq2seq.{step} {args.out}" for step in ("evaluate", "card", "index")))


if __name__ == "__main__":
    main()
