r"""A state index per checkpoint: where the training sentences' states lie, for nearest neighbours and maps.

    python -m seq2seq.index checkpoints/dates-lstm-attn     # or a name; writes the files below into the folder

For every pair of the task's training split (a fixed sample of ``max_pairs`` when the split is larger:
the dates), teacher-forced through the trained Keras layers in batches:

- ``index_encoder.npy`` (N, U) float16 — the top encoder layer's final h ([→h_S; ←h_1] when bidirectional), the
  vector the decoder starts from; row i belongs to line i of ``index_pairs.tsv.gz`` (source, target).
- ``index_steps.npy`` (K, U) float16 + ``index_steps_meta.npy`` (K, 3) int32 [pair, position, piece id] — the
  top encoder layer's h at every step of a random sample of whole sentences (positions in reading order:
  reversed for a model that reverses), for unit search and the encoder's map.
- ``index_decoder.npy`` (M, U) float16 + ``index_decoder_meta.npy`` (M, 3) int32 [pair, step, next piece id] —
  the top decoder layer's h at every step of a sample of whole sentences: step t has read ``<s> y_1 … y_{t-1}``
  of the reference, and ``y_t`` (``</s>`` at the end) is the piece that followed.
- ``index_pca.npz`` — a 2-D PCA per side (mean (U,), components (2, U), explained variance ratio (2,)):
  encoder fitted on the final states and the step sample together, decoder on the decoder sample;
  the projection of a state h is ``(h − mean) @ componentsᵀ``.
- ``index.json`` — counts, sizes, seconds, the split and the command that built it.

Similarity is cosine: sim(a, b) = a·b / (‖a‖ ‖b‖). Float16 storage keeps 3 significant digits; a training
sentence finds itself at similarity ≥ 0.999.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .checkpoints import CheckpointError, checkpoint_name, read_json, resolve, write_atomic, write_json
from .data import DATA_DIR, load_pairs, write_tsv
from .tokenizer import BOS_ID, EOS_ID, normalize

FILES = (
    "index.json",
    "index_pairs.tsv.gz",
    "index_encoder.npy",
    "index_steps.npy",
    "index_steps_meta.npy",
    "index_decoder.npy",
    "index_decoder_meta.npy",
    "index_pca.npz",
)
MAX_PAIRS = 20_000  # (20,000 × 256 units × 2 bytes = 10.2 MB: a 256-unit split of more pairs is sampled below)
MAX_FILE_BYTES = 9_900_000  # every file a Space receives stays under 10 MB
STEP_SAMPLE = 4_000  # encoder steps (whole sentences) kept for unit search and the map
DECODER_SAMPLE = 4_000  # decoder steps (whole sentences) kept for decoder neighbours and the map


def build_command(name: str) -> str:
    """The command that (re)builds a checkpoint's index."""
    return f"python -m seq2seq.index checkpoints/{name}"


def _states_model(keras_model, cfg):
    """The trained model's own layers, returning the top encoder layer's sequence (B, S, U) and final h (B, U)
    and the top decoder layer's sequence (B, T, U), teacher-forced (dropout is off at inference)."""
    import keras

    from .model import encoder_graph

    by = {layer.name: layer for layer in keras_model.layers}
    src = keras.Input(shape=(None,), dtype="int32")
    tgt = keras.Input(shape=(None,), dtype="int32")
    x, finals = encoder_graph(cfg, by, by["encoder_embedding"](src))  # (B, S, U), per layer [(B, U) …]
    y = by["decoder_embedding"](tgt)
    for li in range(cfg.layers):
        y, *_ = by[f"decoder_rnn_{li}"](y, initial_state=finals[li])  # (B, T, U)
    return keras.Model([src, tgt], [x, finals[-1][0], y])


def _pca(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean (U,), the top two principal axes (2, U) and their share of the variance, of rows ``x`` (n, U)."""
    x = x.astype(np.float64)
    mean = x.mean(axis=0)
    cov = np.cov(x - mean, rowvar=False)  # (U, U)
    vals, vecs = np.linalg.eigh(cov)  # ascending
    order = np.argsort(vals)[::-1][:2]
    comps = vecs[:, order].T  # (2, U)
    comps *= np.sign(comps[np.arange(2), np.abs(comps).argmax(axis=1)])[:, None]  # a fixed sign per axis
    ratio = vals[order] / max(vals.sum(), 1e-12)
    return mean.astype(np.float32), comps.astype(np.float32), ratio.astype(np.float32)


def _sample_sentences(rng, lengths: np.ndarray, steps: int) -> np.ndarray:
    """Indices of randomly chosen whole sentences whose lengths add up to about ``steps``, in order."""
    order = rng.permutation(len(lengths))
    total = np.cumsum(lengths[order])
    return np.sort(order[: int(np.searchsorted(total, steps)) + 1])


def build(
    checkpoint,
    *,
    max_pairs: int = MAX_PAIRS,
    step_sample: int = STEP_SAMPLE,
    decoder_sample: int = DECODER_SAMPLE,
    seed: int = 0,
    data_dir: Path = DATA_DIR,
    batch_size: int = 256,
    progress=None,
) -> dict:
    """Build the index of ``checkpoint`` (a loaded ``Seq2Seq``, a folder or a name) into its folder; returns
    the contents of ``index.json``. ``progress(done, total)`` is called after every batch."""
    from .translator import Seq2Seq, load

    model = checkpoint if isinstance(checkpoint, Seq2Seq) else load(checkpoint)
    cfg, t0 = model.config, time.time()
    rng = np.random.default_rng(seed)
    pairs = [(normalize(s), normalize(t)) for s, t in load_pairs(cfg.task, "train", data_dir)]
    split_size = len(pairs)
    rows_cap = min(max_pairs, MAX_FILE_BYTES // (2 * cfg.units))
    if len(pairs) > rows_cap:
        pairs = [pairs[i] for i in np.sort(rng.choice(len(pairs), rows_cap, replace=False))]
    src, tgt, kept = [], [], []
    for s, t in pairs:
        s_ids, t_ids = model.src_tokenizer.encode(s), model.tgt_tokenizer.encode(t)
        if s_ids and t_ids and len(t_ids) < cfg.max_target_pieces:
            src.append(s_ids[::-1] if cfg.reverse_source else s_ids)
            tgt.append(t_ids)
            kept.append((s, t))
    n = len(kept)
    s_len = np.array([len(s) for s in src])
    t_len = np.array([len(t) + 1 for t in tgt])
    step_rows = set(_sample_sentences(rng, s_len, step_sample).tolist())
    dec_rows = set(_sample_sentences(rng, t_len, decoder_sample).tolist())

    net = _states_model(model.keras_model, cfg)
    finals = np.zeros((n, cfg.units), np.float32)
    steps, steps_meta, dec, dec_meta = [], [], [], []
    order = np.argsort(np.maximum(s_len, t_len), kind="stable")  # similar lengths share a batch: little padding
    for b in range(0, n, batch_size):
        idx = order[b : b + batch_size]
        S, T = s_len[idx].max(), t_len[idx].max()
        xs = np.zeros((len(idx), S), np.int32)
        ys = np.zeros((len(idx), T), np.int32)
        for r, i in enumerate(idx):
            xs[r, : s_len[i]] = src[i]
            ys[r, : t_len[i]] = [BOS_ID, *tgt[i]]
        enc_seq, enc_h, dec_seq = (np.asarray(a, np.float32) for a in net([xs, ys], training=False))
        finals[idx] = enc_h
        for r, i in enumerate(idx):
            if i in step_rows:
                steps.append((i, enc_seq[r, : s_len[i]], src[i]))
            if i in dec_rows:
                dec.append((i, dec_seq[r, : t_len[i]], [*tgt[i], EOS_ID]))
        if progress:
            progress(min(b + batch_size, n), n)
    steps.sort(key=lambda e: e[0])
    dec.sort(key=lambda e: e[0])
    step_h = np.concatenate([h for _, h, _ in steps])  # (K, U)
    steps_meta = np.array([(i, p, tok) for i, _, ids in steps for p, tok in enumerate(ids)], np.int32)
    dec_h = np.concatenate([h for _, h, _ in dec])  # (M, U)
    dec_meta = np.array([(i, t, tok) for i, _, ids in dec for t, tok in enumerate(ids)], np.int32)
    e_mean, e_comp, e_ratio = _pca(np.concatenate([finals, step_h]))
    d_mean, d_comp, d_ratio = _pca(dec_h)
    info = {
        "checkpoint": checkpoint_name(model.folder),
        "split": "train",
        "split_pairs": split_size,
        "pairs": n,
        "sampled": split_size > rows_cap,  # a fixed sample of the split (else every pair a tokenizer can read)
        "encoder_steps": len(step_h),
        "decoder_steps": len(dec_h),
        "units": cfg.units,
        "seed": seed,
        "seconds": round(time.time() - t0, 1),
        "command": build_command(checkpoint_name(model.folder)),
        "pca_explained": {
            "encoder": [round(float(v), 4) for v in e_ratio],
            "decoder": [round(float(v), 4) for v in d_ratio],
        },
    }

    def fill(tmp: Path) -> None:
        write_tsv(tmp / "index_pairs.tsv.gz", kept)
        np.save(tmp / "index_encoder.npy", finals.astype(np.float16))
        np.save(tmp / "index_steps.npy", step_h.astype(np.float16))
        np.save(tmp / "index_steps_meta.npy", steps_meta)
        np.save(tmp / "index_decoder.npy", dec_h.astype(np.float16))
        np.save(tmp / "index_decoder_meta.npy", dec_meta)
        np.savez(
            tmp / "index_pca.npz",
            encoder_mean=e_mean,
            encoder_components=e_comp,
            encoder_ratio=e_ratio,
            decoder_mean=d_mean,
            decoder_components=d_comp,
            decoder_ratio=d_ratio,
        )
        info["bytes"] = sum((tmp / f).stat().st_size for f in FILES[1:])
        write_json(tmp / "index.json", info)

    write_atomic(model.folder, fill)
    return info


class IndexMissing(LookupError):
    """The checkpoint has no state index (yet): the page says how to build it."""


@dataclass
class StateIndex:
    """A checkpoint's state index, loaded: unit-length copies of the states for cosine similarity."""

    info: dict
    pairs: list[tuple[str, str]]  # (source, target) of each indexed training pair
    encoder_unit: np.ndarray  # (N, U) float32: each final h divided by its norm
    encoder_xy: np.ndarray  # (N, 2) PCA coordinates of the final states
    steps: np.ndarray  # (K, U) float32
    steps_meta: np.ndarray  # (K, 3) int32 [pair, position, piece id]
    decoder_unit: np.ndarray  # (M, U)
    decoder_xy: np.ndarray  # (M, 2)
    decoder_meta: np.ndarray  # (M, 3) int32 [pair, step, next piece id]
    pca: dict[str, np.ndarray]

    @classmethod
    def load(cls, folder: Path) -> StateIndex:
        """Read the index files of a checkpoint folder; ``IndexMissing`` when there is none, ``CheckpointError``
        when it is incomplete or belongs to another model."""
        folder = Path(folder)
        name = checkpoint_name(folder)
        if not (folder / "index.json").exists():
            raise IndexMissing(f"{name} has no state index; build it with: {build_command(name)}")
        try:
            info = read_json(folder / "index.json")
            with gzip.open(folder / "index_pairs.tsv.gz", "rt", encoding="utf-8") as f:
                pairs = [tuple(line.rstrip("\n").split("\t", 1)) for line in f]
            arrays = {k: np.load(folder / f"index_{k}.npy") for k in ("encoder", "steps", "steps_meta", "decoder")}
            arrays["decoder_meta"] = np.load(folder / "index_decoder_meta.npy")
            with np.load(folder / "index_pca.npz") as z:
                pca = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError, EOFError, json.JSONDecodeError) as e:
            raise CheckpointError(
                f"{name}: the state index cannot be read ({e}); rebuild it: {build_command(name)}"
            ) from None
        units = read_json(folder / "config.json")["model"]["units"]
        shapes_ok = (
            len(pairs) == len(arrays["encoder"])
            and all(arrays[k].shape[1] == units for k in ("encoder", "steps", "decoder"))
            and len(arrays["steps"]) == len(arrays["steps_meta"])
            and len(arrays["decoder"]) == len(arrays["decoder_meta"])
        )
        if not shapes_ok:
            raise CheckpointError(
                f"{name}: the state index does not match the model; rebuild it: {build_command(name)}"
            )

        def unit_rows(a: np.ndarray) -> np.ndarray:
            return a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)

        enc, dec = arrays["encoder"].astype(np.float32), arrays["decoder"].astype(np.float32)
        xy = {
            side: (a - pca[f"{side}_mean"]) @ pca[f"{side}_components"].T
            for side, a in (("encoder", enc), ("decoder", dec))
        }
        return cls(
            info,
            pairs,
            unit_rows(enc),
            xy["encoder"],
            arrays["steps"].astype(np.float32),
            arrays["steps_meta"],
            unit_rows(dec),
            xy["decoder"],
            arrays["decoder_meta"],
            pca,
        )

    @staticmethod
    def _top(unit_rows: np.ndarray, h: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the k largest cosine similarities to ``h`` (U,), most similar first, and the similarities."""
        sims = unit_rows @ (h / max(float(np.linalg.norm(h)), 1e-12))  # (N,)
        k = max(1, min(int(k), len(sims)))
        part = np.argpartition(-sims, k - 1)[:k]
        best = part[np.argsort(-sims[part], kind="stable")]
        return best, sims[best]

    def nearest_sentences(self, h: np.ndarray, k: int = 8) -> list[dict]:
        """The k training pairs whose encoder final state is closest (cosine) to ``h`` (U,), most similar first."""
        rows, sims = self._top(self.encoder_unit, np.asarray(h, np.float32).reshape(-1), k)
        return [
            {"source": self.pairs[r][0], "target": self.pairs[r][1], "similarity": round(float(s), 6)}
            for r, s in zip(rows, sims, strict=True)
        ]

    def nearest_steps(self, h: np.ndarray, pieces, k: int = 8) -> list[dict]:
        """The k sampled training decoder steps closest to decoder state ``h`` (U,): the pair, the reference
        pieces read so far and the piece that followed. ``pieces`` maps target ids to display pieces."""
        rows, sims = self._top(self.decoder_unit, np.asarray(h, np.float32).reshape(-1), k)
        out = []
        for r, s in zip(rows, sims, strict=True):
            pair, t, nxt = (int(v) for v in self.decoder_meta[r])
            same = self.decoder_meta[:, 0] == pair
            before = self.decoder_meta[same & (self.decoder_meta[:, 1] < t), 2].tolist()
            out.append(
                {
                    "source": self.pairs[pair][0],
                    "target": self.pairs[pair][1],
                    "prefix": "".join(pieces(before)).replace("▁", " ").strip(),
                    "next": pieces([nxt])[0],
                    "similarity": round(float(s), 6),
                }
            )
        return out

    def project(self, side: str, states: np.ndarray) -> np.ndarray:
        """PCA coordinates (n, 2) of ``states`` (n, U) on ``side`` ("encoder" or "decoder"):
        (h − mean) @ componentsᵀ."""
        return (np.asarray(states, np.float32) - self.pca[f"{side}_mean"]) @ self.pca[f"{side}_components"].T


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build the state index of checkpoints (nearest neighbours, maps).")
    ap.add_argument("checkpoints", nargs="+", help="checkpoint folders or names under checkpoints/")
    ap.add_argument("--max-pairs", type=int, default=MAX_PAIRS, help="sample the training split above this")
    ap.add_argument("--step-sample", type=int, default=STEP_SAMPLE, help="encoder steps kept (whole sentences)")
    ap.add_argument("--decoder-sample", type=int, default=DECODER_SAMPLE, help="decoder steps kept")
    ap.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = ap.parse_args(argv)
    for ck in args.checkpoints:
        try:
            info = build(
                resolve(ck),
                max_pairs=args.max_pairs,
                step_sample=args.step_sample,
                decoder_sample=args.decoder_sample,
                data_dir=args.data_dir,
            )
        except (CheckpointError, FileNotFoundError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            raise SystemExit(2) from None
        print(
            f"{info['checkpoint']}: {info['pairs']} pairs, {info['encoder_steps']} encoder and "
            f"{info['decoder_steps']} decoder steps, {info['bytes'] / 1e6:.1f} MB in {info['seconds']} s"
        )


if __name__ == "__main__":
    main()
