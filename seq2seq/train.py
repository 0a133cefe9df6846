"""Train an encoder–decoder with teacher forcing; resumable, one checkpoint folder per model.

    python -m seq2seq.train --task dates --cell lstm --name dates-lstm
    python -m seq2seq.train --task en-de --cell gru --attention --name en-de-gru-attn --phrases 60000

Teacher forcing: the decoder reads the reference shifted right (``<s> y1 … yn``) and learns to predict
``y1 … yn </s>``; the loss ignores padding. Batches are length-bucketed (pairs of similar length share a
batch, padded only to that batch's longest) and reshuffled every epoch from ``seed + epoch``, so a resumed
run sees the same batches it would have seen, and the dropout seed states are saved with the optimizer state,
so it draws the same masks. After every epoch the whole folder is rewritten atomically; re-running the same
command resumes after the last complete epoch.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import everyday
from .cells import CELLS
from .checkpoints import CHECKPOINT_DIR, CheckpointError, read_json, recover, write_atomic, write_description
from .config import TASKS, ModelConfig, TrainConfig, valid_task_name
from .data import DATA_DIR, EXTRA_SPLIT, load_pairs
from .tokenizer import BOS_ID, EOS_ID, Tokenizer, normalize


def machine() -> str:
    """A one-line description of the machine: CPU model, cores, OS."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"


def training_pairs(task: str, tc: TrainConfig, data_dir: Path) -> list[tuple[str, str]]:
    """The training pairs: the train split, repeated, plus ``phrase_pairs`` pairs drawn from the task's extra
    training material (``data.EXTRA_SPLIT``: en-de dictionary phrases, en-ko interface messages)."""
    pairs = load_pairs(task, "train", data_dir)
    if tc.max_train_pairs:
        pairs = pairs[: tc.max_train_pairs]
    pairs = pairs * tc.sentence_repeat
    if task in EXTRA_SPLIT and tc.phrase_pairs:
        phrases = load_pairs(task, EXTRA_SPLIT[task], data_dir)
        rng = np.random.default_rng(tc.seed)
        pick = rng.choice(len(phrases), size=min(tc.phrase_pairs, len(phrases)), replace=False)
        pairs += [phrases[i] for i in sorted(pick)]
    if task == "en-ko" and tc.gnome_repeat:  # GNOME's help: more software instructions, never a held-out sentence
        task_held_out = held_out_english(task, data_dir)
        gnome = [p for p in load_pairs(task, "gnome", data_dir) if p[0].lower() not in task_held_out]
        pairs += gnome * tc.gnome_repeat
    if tc.everyday_typed and not tc.everyday_repeat:
        raise ValueError("--everyday-typed adds typed copies of the everyday pairs: it needs --everyday-repeat.")
    if tc.everyday_repeat:
        # Neither domain may teach the other's dev or test sentences.
        task_held_out = held_out_english(task, data_dir)
        every = [p for p in everyday_pairs("train") if p[0].lower() not in task_held_out]
        held_out = everyday.held_out_english()
        pairs = [p for p in pairs if p[0].lower() not in held_out] + every * tc.everyday_repeat
        if tc.everyday_typed:  # the same pairs as a student types the English; none that is a held-out one typed
            typed_out = {everyday.as_typed(en) for en in held_out | task_held_out}
            typed = [(everyday.as_typed(en), ko) for en, ko in every]
            typed = [(en, ko) for (en, ko), (orig, _) in zip(typed, every, strict=True) if en and en != orig]
            pairs += [p for p in typed if p[0] not in typed_out] * tc.everyday_typed
    return [(normalize(s), normalize(t)) for s, t in pairs]


def held_out_english(task: str, data_dir: Path) -> set[str]:
    """Lower-cased English sides of a task's dev and test splits."""
    return {en.lower() for split in ("dev", "test") for en, _ in load_pairs(task, split, data_dir)}


def everyday_pairs(split: str) -> list[tuple[str, str]]:
    """The everyday pairs of one split; an error naming the missing files when there are none."""
    pairs = everyday.load(split)
    if not pairs:
        raise FileNotFoundError("No everyday pairs to train on: " + "; ".join(everyday.missing() or ["none usable"]))
    return pairs


def encode_pairs(pairs, src_tok: Tokenizer, tgt_tok: Tokenizer, cfg: ModelConfig, max_src: int, dropout=0.0):
    """Ids of each pair, the source reversed when the model reverses; pairs over the limits are dropped.
    ``dropout`` > 0 samples each side's segmentation (``Tokenizer.encode``)."""
    out = []
    for s, t in pairs:
        src, tgt = src_tok.encode(s, dropout), tgt_tok.encode(t, dropout)
        if 0 < len(src) <= max_src and 0 < len(tgt) < cfg.max_target_pieces:
            out.append((src[::-1] if cfg.reverse_source else src, tgt))
    return out


def make_batches(examples, batch_size: int, seed: int, bucketed: bool = True):
    """Batches of (source, target input, target output) int32 arrays, padded with 0.

    Bucketed: sort by length (with random tie-breaking), cut into batches, shuffle the batches — each batch
    is padded only to its own longest pair. Not bucketed: a random order, every batch padded to the longest
    pair of the whole set (the naive way; the benchmark compares the two).
    """
    rng = np.random.default_rng(seed)
    n = len(examples)
    if bucketed:
        lengths = np.array([max(len(s), len(t) + 1) for s, t in examples])
        order = np.lexsort((rng.random(n), lengths))
        chunks = [order[i : i + batch_size] for i in range(0, n, batch_size)]
        rng.shuffle(chunks)
    else:
        order = rng.permutation(n)
        chunks = [order[i : i + batch_size] for i in range(0, n, batch_size)]
    max_s = max(len(s) for s, _ in examples)
    max_t = max(len(t) for _, t in examples) + 1
    batches = []
    for idx in chunks:
        srcs = [examples[i][0] for i in idx]
        tgts = [examples[i][1] for i in idx]
        s_len = max(map(len, srcs)) if bucketed else max_s
        t_len = max(map(len, tgts)) + 1 if bucketed else max_t
        src = np.zeros((len(idx), s_len), np.int32)
        t_in = np.zeros((len(idx), t_len), np.int32)
        t_out = np.zeros((len(idx), t_len), np.int32)
        for r, (s, t) in enumerate(zip(srcs, tgts, strict=True)):
            src[r, : len(s)] = s
            t_in[r, : len(t) + 1] = [BOS_ID, *t]
            t_out[r, : len(t) + 1] = [*t, EOS_ID]
        batches.append((src, t_in, t_out))
    return batches


def as_dataset(batches):
    """A ``tf.data`` pipeline over prepared batches (one signature, so Keras traces its step once)."""
    import tensorflow as tf

    spec = tf.TensorSpec((None, None), tf.int32)
    return (
        tf.data.Dataset.from_generator(
            lambda: (((s, ti), to) for s, ti, to in batches),
            output_signature=((spec, spec), spec),
        )
        .apply(tf.data.experimental.assert_cardinality(len(batches)))
        .prefetch(2)
    )


def smoothed_loss(epsilon: float):
    """Cross-entropy against a smoothed target (Szegedy et al. 2016), padding (id 0) ignored:

        loss_t = −(1−ε)·log p(y_t) − ε·(1/V)·Σ_v log p(v)      (mean over the non-padding positions)

    ε = 0 is plain cross-entropy. The function is registered with Keras, so ``resume.keras`` reloads it.
    """
    import keras
    from keras import ops

    @keras.saving.register_keras_serializable(package="seq2seq", name=f"smoothed_ce_{epsilon:g}")
    def smoothed_ce(y_true, logits):  # y_true (B, T) int ids, logits (B, T, V)
        y_true = ops.cast(y_true, "int32")
        logp = ops.log_softmax(logits, axis=-1)  # (B, T, V)
        nll = -ops.squeeze(ops.take_along_axis(logp, ops.expand_dims(y_true, -1), axis=-1), -1)  # (B, T)
        uniform = -ops.mean(logp, axis=-1)  # (B, T)
        mask = ops.cast(ops.not_equal(y_true, 0), logp.dtype)
        per_token = (1.0 - epsilon) * nll + epsilon * uniform
        return ops.sum(per_token * mask) / ops.maximum(ops.sum(mask), 1.0)

    return smoothed_ce


def compile_model(model, lr: float, clipnorm: float, label_smoothing: float = 0.0):
    """Adam with gradient clipping; cross-entropy on logits (smoothed when asked), padding (id 0) ignored."""
    import keras

    loss = (
        smoothed_loss(label_smoothing)
        if label_smoothing > 0
        else keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr, clipnorm=clipnorm), loss=loss)


def train_config_from_args(args) -> TrainConfig:
    """The TrainConfig the parsed arguments ask for (what config.json records under ``train``)."""
    return TrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig) if f.name != "extra"})


def config_from_args(args, src_vocab: int, tgt_vocab: int) -> ModelConfig:
    """The ModelConfig the command line asks for, with the tokenizers' vocabulary sizes."""
    return ModelConfig(
        task=args.task,
        cell=args.cell,
        units=args.units,
        layers=args.layers,
        embedding_dim=args.embedding_dim,
        attention=args.attention,
        reverse_source=args.reverse_source,
        bidirectional=args.bidirectional,
        dropout=args.dropout,
        src_vocab_size=src_vocab,
        tgt_vocab_size=tgt_vocab,
        max_target_pieces=args.max_target_pieces,
    )


TRAIN_HELP = {  # TrainConfig field -> what --help says about it
    "epochs": "upper bound on epochs (early stopping may end sooner)",
    "batch_size": "pairs per batch",
    "learning_rate": "Adam's step size",
    "clipnorm": "gradient clipping by global norm",
    "patience": "epochs without a better dev score (--select) before stopping",
    "lr_decay": "learning-rate factor after an epoch without a better dev score (--select)",
    "seed": "random seed (weights, batches, sampling)",
    "src_vocab": "source sentencepiece vocabulary (an upper bound; 0 = derived from the data)",
    "tgt_vocab": "target sentencepiece vocabulary (an upper bound; 0 = derived from the data)",
    "spm_model_type": "sentencepiece model: unigram or bpe",
    "split_digits": "one piece per digit",
    "phrase_pairs": "extra training pairs (en-de phrases, en-ko interface messages) joining the sentences",
    "sentence_repeat": "how often each training sentence appears per epoch",
    "gnome_repeat": "en-ko: how often each GNOME help pair (data/en-ko/gnome.tsv.gz) appears per epoch (0 = none)",
    "everyday_repeat": "en-ko: how often each everyday pair (Tatoeba, textbook; read from ../shared) appears per"
    " epoch (0 = none); dev then scores both domains and --select chrf keeps their mean",
    "everyday_typed": "en-ko: how often each everyday pair appears per epoch a second way, its English as a student"
    " types it (lower case, no closing punctuation; 0 = never; needs --everyday-repeat)",
    "max_train_pairs": "use only the first N training pairs (0 = all)",
    "max_source_pieces": "drop training pairs whose source is longer than this",
    "subword_dropout": "BPE-dropout: re-segment the training pairs every epoch, skipping each merge with this"
    " probability (0 = the same pieces every epoch; dev, test and the app always use the fixed pieces)",
    "label_smoothing": "label smoothing ε: train towards (1-ε)·one-hot + ε/V (0 = plain cross-entropy)",
    "select": "dev score that keeps the best weights and drives decay and patience: loss, or chrf (greedy"
    " translations of the first 1,000 dev pairs, scored with sacrebleu's chrF)",
}


def derived_vocab(texts: list[str]) -> int:
    """A vocabulary size a corpus supports: a quarter of its distinct words, at least every character it uses
    plus 50, rounded up to a hundred, between 100 and 8,000."""
    words = {w for t in texts for w in t.split()}
    chars = {c for t in texts for c in t}
    want = max(len(words) // 4, len(chars) + 50)
    return int(min(8000, max(100, -(-want // 100) * 100)))


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Train a seq2seq checkpoint (re-running the same command resumes it).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument("--task", required=True, help=f"{', '.join(TASKS)}, or a task imported under --data-dir")
    ap.add_argument("--name", required=True, help="checkpoint folder name under --out")
    ap.add_argument("--out", type=Path, default=CHECKPOINT_DIR, help="where checkpoint folders live")
    ap.add_argument("--data-dir", type=Path, default=DATA_DIR, help="where task folders live")
    m = ModelConfig()
    ap.add_argument("--cell", default=m.cell, choices=list(CELLS), help="rnn (SimpleRNN), lstm or gru")
    ap.add_argument("--units", type=int, default=m.units, help="hidden units per recurrent layer")
    ap.add_argument("--layers", type=int, default=m.layers, help="stacked layers in the encoder and the decoder")
    ap.add_argument("--embedding-dim", type=int, default=m.embedding_dim, help="size of the piece embeddings")
    ap.add_argument("--attention", action="store_true", help="Luong dot attention over the encoder outputs")
    ap.add_argument("--reverse-source", action="store_true", help="feed the source reversed (Sutskever et al.)")
    ap.add_argument("--bidirectional", action="store_true", help="encoder layers read both ways (units/2 each way)")
    ap.add_argument("--dropout", type=float, default=m.dropout, help="dropout on embeddings and before the output")
    ap.add_argument("--max-target-pieces", type=int, default=m.max_target_pieces, help="decoding stops after this")
    t = TrainConfig()
    for f in dataclasses.fields(TrainConfig):
        if f.name == "extra":
            continue
        flag = "--" + f.name.replace("_", "-")
        default = 0 if f.name in ("src_vocab", "tgt_vocab") else getattr(t, f.name)
        if f.type in ("bool", bool):
            ap.add_argument(flag, action="store_true", default=default, help=TRAIN_HELP[f.name])
        else:
            choices = ("loss", "chrf") if f.name == "select" else None
            ap.add_argument(
                flag, type=type(getattr(t, f.name)), default=default, choices=choices, help=TRAIN_HELP[f.name]
            )
    ap.add_argument("--no-bucketing", action="store_true", help="pad every batch to the longest pair")
    ap.add_argument("--max-seconds", type=float, default=0, help="stop after the epoch that passes this (0 = none)")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    ap.add_argument(
        "--snapshots",
        action="store_true",
        help="also keep each epoch's weights in <out>/<name>.snapshots/ (for averaging them afterwards)",
    )
    return ap.parse_args(argv)


@dataclass
class Run:
    """Everything one training run carries from epoch to epoch."""

    name: str
    folder: Path
    cfg: ModelConfig
    tc: TrainConfig
    src_tok: Tokenizer
    tgt_tok: Tokenizer
    model: object  # keras.Model being trained (with its optimizer)
    best: object  # keras.Model holding the weights of the best dev score so far (loss, or chrF)
    state: dict  # epoch, best_dev_loss (at the kept epoch), best_dev_chrf, bad_epochs, learning_rate, seconds, …
    history: list[dict] = field(default_factory=list)  # one entry per finished epoch
    train_ex: list = field(default_factory=list)  # encoded training pairs
    train_pairs: list = field(default_factory=list)  # their text, re-segmented each epoch under subword dropout
    dev: object = None  # tf.data.Dataset of the dev split
    dev_pairs: list = field(default_factory=list)  # its text, translated each epoch when select == "chrf"
    dev_everyday: list = field(default_factory=list)  # everyday dev pairs (everyday_repeat > 0), scored beside it


def set_up(args, tc: TrainConfig, folder: Path) -> Run:
    """A fresh run (tokenizers fitted on the training pairs, a new model) or the interrupted one, resumed
    after its last complete epoch with the same tokenizers, config and optimizer state."""
    import keras

    from .model import build_model

    keras.utils.set_random_seed(tc.seed)
    state = read_json(folder / "train_state.json", None)
    pairs = training_pairs(args.task, tc, args.data_dir)
    if state:  # resume: same tokenizers, same config
        cfg = same_settings(args, tc, folder)
        src_tok, tgt_tok = Tokenizer(folder / "src.model"), Tokenizer(folder / "tgt.model")
        if tc.label_smoothing > 0:
            smoothed_loss(tc.label_smoothing)  # registers the loss resume.keras names
        model = keras.saving.load_model(folder / "resume.keras", compile=True)
        model.optimizer.learning_rate.assign(state["learning_rate"])
        if "seed_states" in state:
            restore_seed_states(model, state["seed_states"])
        else:  # written before the states were saved: the dropout masks start again from the seed
            print(f"{args.name}: no dropout seed states saved; its masks restart from the seed")
        print(f"{args.name}: resuming after epoch {state['epoch']} (kept epoch {state.get('best_epoch')})")
    else:
        # Tokenizers see the training pairs only (and the extra pairs used): never dev or test.
        with tempfile.TemporaryDirectory() as tmp_tok:
            src_tok, tgt_tok = (
                Tokenizer.train(
                    [p[side] for p in pairs],
                    Path(tmp_tok) / f"{which}.model",
                    vocab,
                    tc.spm_model_type,
                    tc.split_digits,
                )
                for side, which, vocab in ((0, "src", tc.src_vocab), (1, "tgt", tc.tgt_vocab))
            )
        cfg = config_from_args(args, src_tok.vocab_size, tgt_tok.vocab_size)
        model = build_model(cfg)
        compile_model(model, tc.learning_rate, tc.clipnorm, tc.label_smoothing)
        state = {
            "epoch": 0,
            "best_dev_loss": None,
            "best_dev_chrf": None,
            "bad_epochs": 0,
            "learning_rate": tc.learning_rate,
            "seconds": 0.0,
            "finished": False,
            "machine": machine(),
        }
    best = build_model(cfg)
    if (folder / "model.keras").exists():
        best.set_weights(keras.saving.load_model(folder / "model.keras", compile=False).get_weights())
    dev_pairs = [(normalize(s), normalize(t)) for s, t in load_pairs(args.task, "dev", args.data_dir)]
    dev_everyday = everyday_pairs("dev") if tc.everyday_repeat else []
    return Run(
        name=args.name,
        folder=folder,
        cfg=cfg,
        tc=tc,
        src_tok=src_tok,
        tgt_tok=tgt_tok,
        model=model,
        best=best,
        state=state,
        history=read_json(folder / "history.json", {"epochs": []})["epochs"],
        train_ex=encode_pairs(pairs, src_tok, tgt_tok, cfg, tc.max_source_pieces),
        train_pairs=pairs,
        dev=as_dataset(
            make_batches(encode_pairs(dev_pairs + dev_everyday, src_tok, tgt_tok, cfg, tc.max_source_pieces), 256, 0)
        ),
        dev_pairs=dev_pairs,
        dev_everyday=dev_everyday,
    )


def same_settings(args, tc: TrainConfig, folder: Path) -> ModelConfig:
    """The model config of the run saved in ``folder``, if the arguments ask for exactly its settings (model and
    training); otherwise CheckpointError, so a command never resumes, or reports as done, another run."""
    saved = read_json(folder / "config.json")
    cfg = ModelConfig.from_dict(saved["model"])
    mine = config_from_args(args, cfg.src_vocab_size, cfg.tgt_vocab_size)
    if mine != cfg or TrainConfig(**saved.get("train", {})) != tc:
        raise CheckpointError(f"{folder} holds a run with other settings; pick another --name or delete it.")
    return cfg


def fit_epoch(model, batches, stop=None, verbose: int = 0) -> float | None:
    """One pass over ``batches`` — the one training loop of the shipped and the live trainings. ``stop()`` is
    asked after every batch but the last and ends the pass there (a live training's Stop, a page that went
    away): the mean training loss of the pass, or None when it was cut short (such an epoch does not count;
    a Stop during the last batch leaves a complete epoch)."""
    import keras

    class StopHook(keras.callbacks.Callback):
        stopped = False

        def on_train_batch_end(self, batch, logs=None):
            if batch + 1 < len(batches) and stop():
                self.stopped = True
                self.model.stop_training = True

    hooks = [StopHook()] if stop is not None else []
    fit = model.fit(as_dataset(batches), epochs=1, shuffle=False, verbose=verbose, callbacks=hooks)
    if hooks and hooks[0].stopped:
        return None
    return float(fit.history["loss"][0])


def run_epoch(run: Run, epoch: int, bucketed: bool, verbose: int) -> dict:
    """One pass over the training pairs (batches reshuffled from ``seed + epoch``; under subword dropout the
    pairs re-segmented from the same seed), then the dev loss (and, with ``select="chrf"``, the dev chrF).
    ``seconds`` is the whole epoch; ``target_tokens_per_s`` counts the training pass and the dev loss only."""
    import sentencepiece as spm

    t0 = time.time()
    tc = run.tc
    examples = run.train_ex
    if tc.subword_dropout > 0:
        spm.set_random_generator_seed(tc.seed + epoch)
        examples = encode_pairs(
            run.train_pairs, run.src_tok, run.tgt_tok, run.cfg, tc.max_source_pieces, tc.subword_dropout
        )
    batches = make_batches(examples, tc.batch_size, seed=tc.seed + epoch, bucketed=bucketed)
    train_loss = fit_epoch(run.model, batches, verbose=verbose)
    dev_loss = float(run.model.evaluate(run.dev, verbose=0))
    training_seconds = time.time() - t0  # the speed leaves out the dev translations of select="chrf"
    scores = dev_chrf(run) if tc.select == "chrf" else {}
    seconds = time.time() - t0
    tokens = int(sum((b[2] > 0).sum() for b in batches))
    return {
        "epoch": epoch,
        "train_loss": train_loss,
        "dev_loss": dev_loss,
        **scores,
        "learning_rate": float(run.model.optimizer.learning_rate.numpy()),
        "seconds": round(seconds, 1),
        "target_tokens_per_s": round(tokens / training_seconds),
    }


DEV_CHRF_PAIRS = 1000  # the first this many dev pairs are translated each epoch under select="chrf"


def dev_chrf(run: Run) -> dict:
    """``{"dev_chrf": …}`` of the run's model as it is now (see ``dev_scores``)."""
    from .translator import Seq2Seq

    model = Seq2Seq(run.folder, run.cfg, run.tc, run.model, run.src_tok, run.tgt_tok)
    return dev_scores(model, run.dev_pairs, run.dev_everyday)


def dev_scores(model, dev_pairs: list, dev_everyday: list) -> dict:
    """``{"dev_chrf": …}``: chrF (sacrebleu defaults) of the model's greedy translations of the dev split (its
    first ``DEV_CHRF_PAIRS`` pairs), decoded as the app decodes. With everyday pairs it is the mean of the
    two domains' chrF, dev_chrf = (chrF_help + chrF_everyday) / 2, so neither can be traded for the other
    unseen; both are recorded too."""
    import sacrebleu

    from .evaluate import translations

    def chrf(pairs) -> float:
        hyps = translations(model, [s for s, _ in pairs])
        return round(sacrebleu.corpus_chrf(hyps, [[t for _, t in pairs]]).score, 3)

    help_chrf = chrf(dev_pairs[:DEV_CHRF_PAIRS])
    if not dev_everyday:
        return {"dev_chrf": help_chrf}
    every_chrf = chrf(dev_everyday[:DEV_CHRF_PAIRS])
    return {
        "dev_chrf": round((help_chrf + every_chrf) / 2, 3),
        "dev_chrf_help": help_chrf,
        "dev_chrf_everyday": every_chrf,
    }


def judge(run: Run, entry: dict, max_seconds: float) -> bool:
    """Keep the best weights, halve the step size when the dev score stalls, decide whether to stop; returns
    whether this epoch improved on the best dev score (lower loss, or higher chrF with ``select="chrf"``)."""
    state, tc = run.state, run.tc
    if tc.select == "chrf":
        best = state.get("best_dev_chrf")
        improved = best is None or entry["dev_chrf"] > best + 1e-3
    else:
        improved = state["best_dev_loss"] is None or entry["dev_loss"] < state["best_dev_loss"] - 1e-4
    lr = entry["learning_rate"]
    if improved:
        state["best_dev_loss"], state["bad_epochs"], state["best_epoch"] = entry["dev_loss"], 0, entry["epoch"]
        state["best_dev_chrf"] = entry.get("dev_chrf")
        run.best.set_weights(run.model.get_weights())
    else:
        state["bad_epochs"] += 1
        lr *= tc.lr_decay
        run.model.optimizer.learning_rate.assign(lr)
    state.update(epoch=entry["epoch"], learning_rate=lr, seconds=round(state["seconds"] + entry["seconds"], 1))
    stop = state["bad_epochs"] >= tc.patience or entry["epoch"] >= tc.epochs
    state["finished"] = bool(stop or (max_seconds and state["seconds"] >= max_seconds))
    return improved


def _seed_generators(model) -> list:
    """Every random-seed generator of the model's layers (dropout masks), in layer order."""
    return [sg for layer in model._flatten_layers(include_self=True) for sg in getattr(layer, "_seed_generators", [])]


def seed_states(model) -> list[list[int]]:
    """The state of each seed generator: Keras saves a layer's weights but not these, so a run resumed from
    ``resume.keras`` alone would draw its dropout masks from the start again."""
    return [np.asarray(sg.state.numpy()).tolist() for sg in _seed_generators(model)]


def restore_seed_states(model, states: list[list[int]]) -> None:
    """Put back what ``seed_states`` recorded (same architecture, so the same generators in the same order)."""
    generators = _seed_generators(model)
    if len(generators) != len(states):
        raise CheckpointError(f"resume: {len(states)} recorded seed states for {len(generators)} generators")
    for sg, value in zip(generators, states, strict=True):
        sg.state.assign(np.asarray(value, dtype=sg.state.dtype))


def save(run: Run, improved: bool) -> None:
    """Rewrite the checkpoint folder as one unit: config, history, state, the best model when it improved,
    and the resumable model (with optimizer state) until the run is finished."""

    if run.state["finished"]:
        run.state.pop("seed_states", None)
    else:
        run.state["seed_states"] = seed_states(run.model)  # resume.keras does not hold them

    def fill(tmp: Path) -> None:
        model, tc = dataclasses.asdict(run.cfg), dataclasses.asdict(run.tc)
        write_description(tmp, model, tc, run.src_tok.model_proto, run.tgt_tok.model_proto, run.history, run.state)
        if improved:
            run.best.save(tmp / "model.keras")
        if run.state["finished"]:
            (tmp / "resume.keras").unlink(missing_ok=True)
        else:
            run.model.save(tmp / "resume.keras")

    write_atomic(run.folder, fill)


def train(argv: list[str] | None = None) -> Path:
    """Train (or resume) the checkpoint the arguments describe; returns its folder.

    set up (or resume) → per epoch: run it, judge it on dev, save the folder atomically → stop.
    """
    args = parse_args(argv)
    if not valid_task_name(args.task):
        raise ValueError(f"Invalid task name {args.task!r}: lower-case letters, digits, '-' and '_'.")
    folder = Path(args.out) / args.name
    if not args.src_vocab or not args.tgt_vocab:  # derived from the training split, unless given
        pairs = load_pairs(args.task, "train", args.data_dir)
        args.src_vocab = args.src_vocab or derived_vocab([s for s, _ in pairs])
        args.tgt_vocab = args.tgt_vocab or derived_vocab([t for _, t in pairs])
        print(f"{args.name}: vocabulary {args.src_vocab} source / {args.tgt_vocab} target pieces (from the data)")
    tc = train_config_from_args(args)
    recover(folder)
    state = read_json(folder / "train_state.json", None)
    if state and state.get("finished"):
        same_settings(args, tc, folder)
        print(f"{args.name}: training already finished ({state['epoch']} epochs); nothing to do.")
        return folder

    run = set_up(args, tc, folder)
    snapshots = folder.parent / f"{folder.name}.snapshots"
    if args.snapshots:
        if not state:  # a fresh run: no epoch of an earlier run of this name may be averaged with its own
            shutil.rmtree(snapshots, ignore_errors=True)
        snapshots.mkdir(parents=True, exist_ok=True)
    print(
        f"{run.name}: {len(run.train_ex)} training pairs, {run.model.count_params():,} parameters, "
        f"vocab {run.cfg.src_vocab_size}/{run.cfg.tgt_vocab_size}",
        flush=True,
    )
    while not run.state["finished"] and run.state["epoch"] < tc.epochs:
        entry = run_epoch(run, run.state["epoch"] + 1, bucketed=not args.no_bucketing, verbose=0 if args.quiet else 1)
        run.history.append(entry)
        improved = judge(run, entry, args.max_seconds)
        print(
            f"{run.name}: epoch {entry['epoch']} train {entry['train_loss']:.4f} dev {entry['dev_loss']:.4f} "
            + (f"chrF {entry['dev_chrf']:.2f} " if "dev_chrf" in entry else "")
            + (
                f"(help {entry['dev_chrf_help']:.2f}, everyday {entry['dev_chrf_everyday']:.2f}) "
                if "dev_chrf_everyday" in entry
                else ""
            )
            + f"lr {run.state['learning_rate']:.2e} {entry['seconds']:.0f}s{' (best)' if improved else ''}",
            flush=True,
        )
        if args.snapshots:  # before the folder: a run killed between the two repeats this epoch when resumed
            run.model.save_weights(snapshots / f"epoch-{entry['epoch']:02d}.weights.h5")
        save(run, improved)
    s = run.state
    print(
        f"{run.name}: done after {s['epoch']} epochs, {s['seconds']:.0f}s; kept epoch {s.get('best_epoch')}: "
        + (f"dev chrF {s['best_dev_chrf']:.2f}, " if s.get("best_dev_chrf") is not None else "")
        + f"dev loss {s['best_dev_loss']:.4f}",
        flush=True,
    )
    return folder


def main() -> None:
    """Command-line entry point."""
    try:
        train(sys.argv[1:])
    except (CheckpointError, FileNotFoundError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
