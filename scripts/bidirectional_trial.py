"""Measure what a bidirectional encoder buys an English→Korean model, before anything in the app is changed.

The shipped models read the source in one direction. This trial trains the same recipe with the encoder
replaced by a bidirectional one (Schuster & Paliwal 1997; Bahdanau et al. 2015): a forward and a backward
cell of U/2 units each, their outputs concatenated into the U-wide memory that attention reads, and their
final states concatenated into the decoder's initial state:

    →h_j = cell(x_j, →h_{j−1}),   ←h_j = cell(x_j, ←h_{j+1}),   s_j = [→h_j; ←h_j]   (S, U)
    decoder h_0 = [→h_S; ←h_1]                                                        (1, U)

It patches ``seq2seq.model`` (the Keras graph) and ``seq2seq.trace`` (the numpy replay the translator and the
dev chrF use) in this process only, checks once that the replay equals Keras on a small model, then runs
``seq2seq.train`` and scores both test splits. Nothing here is used by the app; the views show one direction.

    python scripts/bidirectional_trial.py --out runs/bidir -- <the recipe's flags, as in scripts/train_all.sh>
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from seq2seq import decode, model, trace
from seq2seq.cells import spec

_make_layers, _forward, _encode = model.make_layers, model.forward, trace.encode
_from_arrays = trace.Weights.from_arrays.__func__


def make_layers(cfg):
    """The shipped layers, with ``encoder_rnn_0`` a Bidirectional wrapper of two U/2-unit cells."""
    from keras import layers

    made = _make_layers(cfg)
    kwargs = dict(spec(cfg.cell).keras_kwargs)
    inner = model.keras_class(cfg.cell)(cfg.units // 2, return_sequences=True, return_state=True, **kwargs)
    made["encoder_rnn_0"] = layers.Bidirectional(inner, merge_mode="concat", name="encoder_rnn_0")
    return made


def concatenated_states(bidirectional):
    """The Bidirectional layer called as ``seq2seq.model.forward`` calls an encoder layer: its outputs (B, S, U)
    and each final state as [→; ←], (B, U), where the decoder starts."""
    from keras import ops

    def call(x):
        memory, *states = bidirectional(x)  # (B, S, U), the forward states then the backward ones, each (B, U/2)
        n = len(states) // 2
        return memory, *(ops.concatenate([f, b], axis=-1) for f, b in zip(states[:n], states[n:], strict=True))

    return call


def forward(cfg, by_name, x, tgt):
    """``seq2seq.model.forward`` itself, its encoder layer (one) the bidirectional one."""
    return _forward(cfg, {**by_name, "encoder_rnn_0": concatenated_states(by_name["encoder_rnn_0"])}, x, tgt)


@classmethod
def from_arrays(cls, arrays_of, config):
    """The replay's weights: the encoder's six (or more) arrays split into a forward and a backward cell."""

    def patched(name):
        arrays = list(arrays_of(name))
        return arrays[: len(arrays) // 2] if name == "encoder_rnn_0" else arrays

    w = _from_arrays(cls, patched, config)  # its encoder: [the forward cell]
    both = [np.asarray(a, np.float32) for a in arrays_of("encoder_rnn_0")]
    w.encoder.append(trace.CellWeights(spec(config.cell), *both[len(both) // 2 :]))  # then the backward cell
    return w


def encode(w, src_ids, intervention=None):
    """``seq2seq.trace.encode`` once per direction (the backward cell over the reversed source); every array and
    the final state are the two side by side, in source order."""
    fwd_cell, bwd_cell = w.encoder
    fwd = _encode(dataclasses.replace(w, encoder=[fwd_cell]), src_ids)
    bwd = _encode(dataclasses.replace(w, encoder=[bwd_cell]), src_ids[::-1])
    layer = {k: np.concatenate([fwd.layers[0][k], bwd.layers[0][k][::-1]], axis=-1) for k in fwd.layers[0]}  # (S, U)
    final = tuple(np.concatenate(pair, axis=-1) for pair in zip(fwd.final[0], bwd.final[0], strict=True))
    return trace.EncoderRun([layer], layer["h"], [final])


def patch() -> None:
    model.make_layers, model.forward = make_layers, forward
    trace.Weights.from_arrays = from_arrays
    trace.encode = decode.encode = encode


def check(cell: str) -> float:
    """Largest |replay − Keras| of the log-probabilities on a small random model (padding in the batch)."""
    import keras

    from seq2seq.config import ModelConfig

    cfg = ModelConfig(
        task="en-ko",
        cell=cell,
        units=8,
        embedding_dim=6,
        attention=True,
        dropout=0.0,
        src_vocab_size=20,
        tgt_vocab_size=15,
    )
    m = model.build_model(cfg)
    rng = np.random.default_rng(0)  # weights larger than Keras' initial ones, so a wrong step shows
    m.set_weights([rng.normal(0, 0.5, a.shape).astype(np.float32) for a in m.get_weights()])
    w = trace.Weights.from_keras(m, cfg)
    src = np.array([[5, 7, 9, 11, 0, 0], [3, 4, 5, 6, 7, 8]], np.int32)
    tgt = np.array([[1, 6, 7, 8], [1, 9, 10, 11]], np.int32)
    logits = keras.ops.convert_to_numpy(m([src, tgt]))
    shifted = logits - logits.max(-1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))  # (2, T, V)
    worst = 0.0
    for b in range(2):
        ids = [int(i) for i in src[b] if i]
        enc = trace.encode(w, ids)
        state = trace.initial_state(enc)
        for t, tok in enumerate(tgt[b]):
            step = trace.decoder_step(w, enc, state, np.array([tok]))
            state = step.state
            worst = max(worst, float(np.abs(step.log_probs[0] - logp[b, t]).max()))
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", default="en-ko-gru-biattn")
    ap.add_argument("--out", default="runs/bidir")
    ap.add_argument("flags", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    patch()
    flags = [f for f in args.flags if f != "--"]
    cell = flags[flags.index("--cell") + 1] if "--cell" in flags else "lstm"
    err = check(cell)
    print(f"replay vs Keras, bidirectional {cell}: max |Δ log p| = {err:.2e}", flush=True)
    if err > 1e-5:
        raise SystemExit("the replay does not match Keras: not training")
    from seq2seq import evaluate, everyday, train
    from seq2seq.data import load_pairs
    from seq2seq.tokenizer import Tokenizer
    from seq2seq.translator import Seq2Seq

    folder = train.train(["--name", args.name, "--out", args.out, "--quiet", *flags])
    import keras

    saved = json.loads((folder / "config.json").read_text())
    from seq2seq.config import ModelConfig, TrainConfig

    cfg = ModelConfig.from_dict(saved["model"])
    m = keras.saving.load_model(folder / "model.keras", compile=False)  # the replay reads its layers by name
    s2s = Seq2Seq(
        folder, cfg, TrainConfig(**saved["train"]), m, Tokenizer(folder / "src.model"), Tokenizer(folder / "tgt.model")
    )
    metrics = {"parameters": int(m.count_params())}
    for split, pairs in (("test", load_pairs("en-ko", "test")), ("everyday", everyday.load("test"))):
        for beam in (1, 5):
            r = evaluate.evaluate(s2s, pairs, beam)
            r.pop("examples", None)
            metrics[f"{split}_beam{beam}"] = r
            print(
                f"{args.name} {split} beam {beam}: chrF {r['chrf']} BLEU {r['bleu']} exact {r['exact_match']}%",
                flush=True,
            )
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
