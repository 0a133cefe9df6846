"""The Python API: ``seq2seq.load(path).translate(text)`` and ``.score(text, reference)``."""

from __future__ import annotations

import functools
import json
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .cells import CELLS
from .checkpoints import CHECKPOINT_DIR, CheckpointError, checkpoint_name, read_json, resolve
from .config import MAX_INPUT_CHARS, MAX_SOURCE_PIECES, ModelConfig, TrainConfig
from .decode import beam_search, greedy, steps_of
from .inputs import InputError, whole_number
from .tokenizer import BOS_ID, EOS_ID, UNK_ID, Tokenizer, normalize
from .trace import Intervention, Trace, Weights, collect, replay
from .weightfile import check_layers, read_layers

FLOAT32_MAX = float(np.finfo(np.float32).max)  # the largest value an intervention can pin (traces are float32)


def rounded(a: np.ndarray) -> np.ndarray:
    """``a`` rounded to 6 decimals in float64 (C order), so a value within ±1 prints in at most 9 characters,
    "-0.123456", not the 18 a float32 widened to a Python float needs: what the API sends of an array."""
    return np.round(np.asarray(a, dtype=np.float64, order="C"), 6)


def rounded_lists(a: np.ndarray) -> list:
    """``rounded(a)`` as nested lists of Python floats."""
    return rounded(a).tolist()


@dataclass
class Translation:
    """A translation (or a teacher-forced reference) with its full trace."""

    text: str  # the translation (or the reference, for ``score``)
    source_text: str  # the input after normalisation
    source_pieces: list[str]  # in the order the encoder reads them (reversed if the model reverses)
    source_ids: list[int]
    target_pieces: list[str]  # without <s> and </s>
    target_ids: list[int]
    probs: list[float]  # probability of each target piece, then of </s>
    trace: Trace
    nbest: list[tuple[str, float]] = field(default_factory=list)  # beam: (text, length-normalised score)
    forced: int = 0  # how many leading target pieces were forced (a what-if prefix)

    @property
    def log_prob(self) -> float:
        """log p of the whole output: Σ log p of every piece and of </s>."""
        return float(np.log(np.asarray(self.probs, dtype=np.float64)).sum())

    def to_dict(self, arrays: bool = True, array_json: Callable[[np.ndarray], Any] | None = None) -> dict:
        """Everything as JSON-ready values: arrays become nested lists of numbers rounded to 6 decimals (within
        5e-7 of the trace; ``rounded_lists``). ``arrays=False`` leaves out the per-step arrays (encoder, decoder,
        attention): the translation, pieces, probabilities and top-k only. ``array_json`` replaces how an array
        becomes its JSON value (the server passes one that writes the same rounded numbers straight to JSON
        text as ``orjson.Fragment``s, which orjson writes and the standard ``json`` does not)."""
        t = self.trace
        compact = array_json or rounded_lists

        def layers(side):
            return [{k: compact(v) for k, v in layer.items()} for layer in side] if arrays else None

        return {
            "translation": self.text,
            "source_text": self.source_text,
            "source_pieces": self.source_pieces,
            "target_pieces": self.target_pieces,
            "probabilities": [round(p, 6) for p in self.probs],
            "nbest": [[s, round(v, 6)] for s, v in self.nbest],
            "decoder_inputs": t.decoder_inputs,
            "decoder_outputs": t.decoder_outputs,
            "encoder": layers(t.encoder),
            # a bidirectional encoder's units from here on read the source from its last piece (else null)
            "encoder_backward_from": t.backward_from,
            "decoder": layers(t.decoder),
            "attention": None if t.attention is None or not arrays else compact(t.attention),
            "topk": [[[p, round(v, 6)] for p, v in step] for step in t.topk],
            "forced": self.forced,
            "log_prob": round(self.log_prob, 6),
        }


class Seq2Seq:
    """A loaded checkpoint: its config, tokenizers, numpy weights for the replay and its Keras model.

    Translation needs only the numpy weights. ``keras_model`` is the trained Keras model itself: given, or
    loaded from ``model.keras`` when first asked for (saliency, state indices, tests), so that a server that
    only translates never imports TensorFlow.
    """

    def __init__(
        self,
        folder: Path,
        config: ModelConfig,
        train_config: TrainConfig,
        keras_model,
        src: Tokenizer,
        tgt: Tokenizer,
        weights: Weights | None = None,
    ):
        self.folder = Path(folder)
        self.name = checkpoint_name(self.folder)
        self.config = config
        self.train_config = train_config
        self._keras_model = keras_model
        self._keras_lock = threading.Lock()
        self.src_tokenizer = src
        self.tgt_tokenizer = tgt
        self.weights = weights if weights is not None else Weights.from_keras(keras_model, config)

    @property
    def keras_model(self):
        """The Keras model (loaded from ``model.keras`` on first use when not given)."""
        if self._keras_model is None:
            with self._keras_lock:
                if self._keras_model is None:
                    self._keras_model = _load_keras(self.folder, self.name)
        return self._keras_model

    @property
    def parameters(self) -> int:
        """How many numbers the model learned (what Keras' ``count_params`` says)."""
        return self.weights.count()

    def __repr__(self) -> str:
        c = self.config
        return (
            f"<Seq2Seq {self.name}: {c.cell} {c.layers}×{c.units}, attention={c.attention}, reverse={c.reverse_source}>"
        )

    # -- input ---------------------------------------------------------------------------------------
    def source_ids(self, text: str) -> tuple[str, list[int]]:
        """Normalise and tokenise ``text``; raise ``InputError`` with a short message when it cannot be used.

        Returns the normalised text and the ids in the encoder's reading order.
        """
        if not isinstance(text, str):
            raise InputError("Input must be text.", key="not_text")
        if len(text) > 4 * MAX_INPUT_CHARS:  # refuse before spending time on normalising a huge paste
            raise InputError(
                f"Input is too long: {len(text)} characters (limit {MAX_INPUT_CHARS}).",
                key="too_long_chars",
                params={"n": len(text), "limit": MAX_INPUT_CHARS},
            )
        clean = normalize(text)
        if not clean:
            raise InputError("Input is empty: type a sentence to translate.", key="empty")
        if len(clean) > MAX_INPUT_CHARS:
            raise InputError(
                f"Input is too long: {len(clean)} characters (limit {MAX_INPUT_CHARS}).",
                key="too_long_chars",
                params={"n": len(clean), "limit": MAX_INPUT_CHARS},
            )
        ids = self.src_tokenizer.encode(clean)
        if len(ids) > MAX_SOURCE_PIECES:
            raise InputError(
                f"Input is too long: {len(ids)} pieces (limit {MAX_SOURCE_PIECES}).",
                key="too_long_pieces",
                params={"n": len(ids), "limit": MAX_SOURCE_PIECES},
            )
        space = self.src_tokenizer.sp.piece_to_id("▁")
        if all(i in (UNK_ID, space) for i in ids):
            dates = self.config.task == "dates"
            raise InputError(
                "The model cannot read this text: none of its characters are in its vocabulary "
                f"(it was trained on {'English dates' if dates else 'English sentences'}).",
                key="unreadable_dates" if dates else "unreadable_sentences",
            )
        # words written wholly in letters the vocabulary lacks (a rare letter inside a word it can read is fine)
        words = re.findall(r"[^\W\d_]+", clean)  # letters only: "2026년 3월" is Korean, its digits aside
        unknown = sum(all(c not in self._source_chars for c in w) for w in words)
        if words and 2 * unknown > len(words):  # Korean typed into an English model: "▁ <unk> ▁ <unk> ."
            dates = self.config.task == "dates"
            share = round(100 * unknown / len(words))
            raise InputError(
                f"The model cannot read most of this text: {share}% of its words are in letters its vocabulary "
                f"lacks (it was trained on {'English dates' if dates else 'English sentences'}).",
                key="mostly_unreadable_dates" if dates else "mostly_unreadable_sentences",
                params={"share": share},
            )
        if self.config.reverse_source:
            ids = ids[::-1]
        return clean, ids

    @functools.cached_property
    def _source_chars(self) -> frozenset[str]:
        """Every character the source vocabulary's pieces hold (a letter outside it reads as <unk>)."""
        sp = self.src_tokenizer.sp
        return frozenset(c for i in range(sp.get_piece_size()) if not sp.is_unknown(i) for c in sp.id_to_piece(i))

    # -- output ----------------------------------------------------------------------------------------
    def translate(self, text: str, beam_size: int = 1, max_len: int | None = None, topk: int = 5) -> Translation:
        """Translate ``text`` (greedy when ``beam_size`` is 1) and trace every step of the result."""
        return self._decode(text, beam_size, max_len, topk)

    def complete(
        self, text: str, prefix: str, beam_size: int = 1, max_len: int | None = None, topk: int = 5
    ) -> Translation:
        """What if the translation had started with ``prefix``? The decoder is forced through the prefix's
        pieces (target-language text, cut by the target tokenizer), then continues greedily or with the beam.
        ``forced`` on the result says how many pieces were forced."""
        ref = normalize(prefix if isinstance(prefix, str) else "")
        if len(ref) > MAX_INPUT_CHARS:
            raise InputError(
                f"Prefix is too long: {len(ref)} characters (limit {MAX_INPUT_CHARS}).",
                key="prefix_too_long",
                params={"n": len(ref), "limit": MAX_INPUT_CHARS},
            )
        return self._decode(text, beam_size, max_len, topk, prefix=self.tgt_tokenizer.encode(ref) if ref else [])

    def intervene(
        self, text: str, intervention: Intervention | dict | str, max_len: int | None = None, topk: int = 5
    ) -> Translation:
        """Translate greedily with ``intervention`` applied at every step (see ``trace.Intervention`` for what
        clamping a gate, a candidate, c or h means). ``intervention`` may be the JSON spec
        ``{"side": "encoder", "layer": 0, "array": "f", "units": [3, 17], "value": 1.0}``."""
        iv = intervention if isinstance(intervention, Intervention) else self.intervention(intervention)
        return self._decode(text, 1, max_len, topk, intervention=iv)

    def intervention(self, spec: dict | str) -> Intervention:
        """An ``Intervention`` from its JSON spec, checked against this model; ``InputError`` says what is wrong."""
        if isinstance(spec, str):
            try:
                spec = json.loads(spec)
            except ValueError:
                raise InputError("The intervention must be a JSON object.", key="spec_json") from None
        if not isinstance(spec, dict):
            raise InputError("The intervention must be a JSON object.", key="spec_json")
        keys = CELLS[self.config.cell].keys
        side, layer, array = spec.get("side"), whole_number(spec.get("layer", 0)), spec.get("array")
        units, value = spec.get("units", []), spec.get("value", 0.0)

        def bad(what: str, must_be: str, **params):
            """The field ``what`` is wrong: key ``spec_<what>``, with the numbers a translation of it needs."""
            return InputError(f"Intervention {what} must be {must_be}.", key=f"spec_{what}", params=params)

        if side not in ("encoder", "decoder"):
            raise bad("side", '"encoder" or "decoder"')
        if layer is None or not 0 <= layer < self.config.layers:
            raise bad("layer", f"a layer from 0 to {self.config.layers - 1}", hi=self.config.layers - 1)
        if array not in keys:
            raise bad("array", "one of " + ", ".join(keys), allowed=", ".join(keys))
        ints = [whole_number(u) for u in units] if isinstance(units, list | tuple) else [None]
        if any(u is None or not 0 <= u < self.config.units for u in ints) or len(ints) > self.config.units:
            raise bad("units", f"a list of unit numbers from 0 to {self.config.units - 1}", hi=self.config.units - 1)
        if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) <= FLOAT32_MAX:
            raise bad("value", "a finite number")  # finite as the float32 the clamp pins (±3.4e38)
        return Intervention(side, layer, array, tuple(sorted(set(ints))), float(value))

    def saliency(self, text: str) -> tuple[Translation, np.ndarray]:
        """The model's own (greedy) translation and its saliency matrix S (target steps incl. ``</s>`` ×
        source pieces): S[t, s] = ‖∂ log p(y_t | y_<t, x) / ∂ e(x_s)‖₂ (see ``seq2seq.saliency``)."""
        from .saliency import saliency_matrix

        t = self.translate(text)
        return t, saliency_matrix(self, t.source_ids, t.target_ids)

    def _decode(
        self,
        text: str,
        beam_size,
        max_len: int | None,
        topk: int,
        prefix: list[int] = (),
        intervention: Intervention | None = None,
    ) -> Translation:
        """Decode (greedy or beam, forced through ``prefix``, under ``intervention``) and trace the result."""
        beam_size = whole_number(beam_size)
        if beam_size is None or not 1 <= beam_size <= 10:
            raise InputError("Beam size must be a whole number between 1 and 10.", key="beam_size")
        max_len = self.config.max_target_pieces if max_len is None else max(1, min(int(max_len), 256))
        clean, src = self.source_ids(text)
        prefix = list(prefix)[:max_len]
        src_pieces, pieces = self.src_tokenizer.pieces(src), self.tgt_tokenizer.pieces
        nbest = []
        # The trace always ends with </s>: chosen, or forced when the maximum length cut the output.
        if beam_size == 1:
            out, enc, steps = greedy(self.weights, src, max_len, BOS_ID, EOS_ID, prefix, intervention)
        else:
            hyps, enc, beam_steps = beam_search(self.weights, src, beam_size, max_len, BOS_ID, EOS_ID, prefix=prefix)
            out, steps = hyps[0].ids, steps_of(hyps[0], beam_steps)
            nbest = [(self.tgt_tokenizer.decode(h.ids), h.score) for h in hyps]
        trace = collect(self.config.cell, enc, steps, [BOS_ID, *out], [*out, EOS_ID], src_pieces, pieces, topk)
        return Translation(
            self.tgt_tokenizer.decode(out),
            clean,
            src_pieces,
            src,
            pieces(out),
            out,
            trace.probs.astype(float).tolist(),
            trace,
            nbest,
            forced=len(prefix),
        )

    def score(self, text: str, reference: str, topk: int = 5) -> Translation:
        """Teacher-force ``reference`` through the model: the probability of each reference piece, and at
        each step the model's own top choices (``trace.topk``)."""
        clean, src = self.source_ids(text)
        ref = normalize(reference if isinstance(reference, str) else "")
        if not ref:
            raise InputError("Reference is empty: type the translation you expect.", key="reference_empty")
        if len(ref) > MAX_INPUT_CHARS:
            raise InputError(
                f"Reference is too long: {len(ref)} characters (limit {MAX_INPUT_CHARS}).",
                key="reference_too_long",
                params={"n": len(ref), "limit": MAX_INPUT_CHARS},
            )
        tgt = self.tgt_tokenizer.encode(ref)[: self.config.max_target_pieces]
        src_pieces = self.src_tokenizer.pieces(src)
        trace = replay(
            self.weights,
            src,
            tgt,
            bos_id=BOS_ID,
            eos_id=EOS_ID,
            src_pieces=src_pieces,
            pieces=self.tgt_tokenizer.pieces,
            topk=topk,
        )
        return Translation(
            ref, clean, src_pieces, src, self.tgt_tokenizer.pieces(tgt), tgt, trace.probs.astype(float).tolist(), trace
        )


def _describe(name_or_path: str | Path, root: Path = CHECKPOINT_DIR):
    """The cheap half of loading: config and tokenizers read, ``model.keras`` present and a zip archive.
    Returns (folder, name, ModelConfig, TrainConfig, source tokenizer, target tokenizer)."""
    folder = resolve(name_or_path, root)  # reading never changes the folder: a writer may be at work
    name = checkpoint_name(folder)
    cfg = read_json(folder / "config.json")
    try:
        config = ModelConfig.from_dict(cfg["model"])
        train_config = TrainConfig(**cfg.get("train", {}))
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError(f"{name}: config.json is invalid ({e})") from None
    toks = []
    for key in ("src_tokenizer", "tgt_tokenizer"):
        path = folder / cfg.get(key, key[:3] + ".model")
        try:
            toks.append(Tokenizer(path))
        except (OSError, RuntimeError, ValueError) as e:
            raise CheckpointError(f"{name}: {path.name} cannot be read ({str(e).splitlines()[0][:200]})") from None
    model_file = folder / "model.keras"
    if not model_file.exists():
        raise CheckpointError(f"{name}: model.keras is missing")
    if not zipfile.is_zipfile(model_file):
        raise CheckpointError(f"{name}: model.keras is truncated or corrupt (not a valid .keras archive)")
    for tok, vocab, side in ((toks[0], config.src_vocab_size, "source"), (toks[1], config.tgt_vocab_size, "target")):
        if tok.vocab_size != vocab:
            raise CheckpointError(f"{name}: the {side} tokenizer has {tok.vocab_size} pieces, the model {vocab}")
    return folder, name, config, train_config, toks[0], toks[1]


def _unreadable(name: str, e: Exception) -> CheckpointError:
    """The error for a ``model.keras`` that neither h5py nor Keras can read: the checkpoint and the reason."""
    return CheckpointError(f"{name}: model.keras cannot be loaded ({type(e).__name__}: {str(e)[:200]})")


def _load_keras(folder: Path, name: str):
    """The Keras model of a checkpoint (imports TensorFlow); ``load`` has checked its layers already."""
    from . import model as model_module  # imports keras: only when the Keras model itself is asked for

    try:
        return model_module.keras.saving.load_model(folder / "model.keras", compile=False)
    except Exception as e:
        raise _unreadable(name, e) from None


def load(name_or_path: str | Path, root: Path = CHECKPOINT_DIR) -> Seq2Seq:
    """Load a checkpoint folder (a path, or a name under ``checkpoints/``): its weights are read from
    ``model.keras`` without Keras (``seq2seq.weightfile``); the Keras model loads when first asked for.

    Raises ``CheckpointError`` naming the checkpoint and the file when anything is missing, corrupt or
    inconsistent with ``config.json``.
    """
    folder, name, config, train_config, src, tgt = _describe(name_or_path, root)
    try:
        layers = read_layers(folder / "model.keras")
    except Exception as e:
        raise _unreadable(name, e) from None
    try:
        check_layers(layers, config)
        weights = Weights.from_arrays(lambda layer: layers[layer].arrays, config)
    except (ValueError, TypeError, IndexError) as e:
        raise CheckpointError(f"{name}: {e}") from None
    return Seq2Seq(folder, config, train_config, None, src, tgt, weights)


class LazySeq2Seq:
    """A checkpoint whose config and tokenizers are read (and its files checked) but whose weights are read on
    first use — a server with many checkpoints starts fast and holds only the ones in use. Anything a
    ``Seq2Seq`` has is there: reading it loads the checkpoint (once; ``CheckpointError`` if it cannot)."""

    def __init__(self, name_or_path: str | Path, root: Path = CHECKPOINT_DIR):
        self.folder, self.name, self.config, self.train_config, self.src_tokenizer, self.tgt_tokenizer = _describe(
            name_or_path, root
        )
        self._model: Seq2Seq | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def model(self) -> Seq2Seq:
        """The loaded ``Seq2Seq`` (loading it now if needed)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = load(self.folder)
        return self._model

    def __getattr__(self, attr: str):  # only for what is not set above: keras_model, weights, translate …
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self.model(), attr)

    def __repr__(self) -> str:
        return f"<LazySeq2Seq {self.name}: {'loaded' if self.loaded else 'not loaded yet'}>"
