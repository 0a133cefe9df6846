r"""Step-by-step replay of a trained model from its Keras weights, keeping every state and gate.

The stock Keras layers compute whole sequences at once and keep no gates; this module reads their weights
(by layer name) and runs the textbook equations in numpy, one step at a time, so every intermediate value
can be shown. ``tests/test_trace.py`` proves the replay equals the Keras layers to ≤ 1e-5.

Each cell's step equations, and Keras' weight layout they read, live with its spec in ``seq2seq.cells``;
this module runs them over a sentence: the encoder, then the decoder with attention and the output layer.

Shapes: B = rows stepped together (1, or beam width), U = units, E = embedding size, S = source steps,
T = target steps, V = target vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .cells import CellSpec, Clamp, spec
from .config import ModelConfig


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(x)_j = e^(x_j − max x) / Σ_k e^(x_k − max x)."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@dataclass
class CellWeights:
    """One recurrent layer: W (in, nU), U (U, nU), b (nU,) or, with a split bias (GRU), (2, 3U)."""

    cell: CellSpec
    W: np.ndarray
    U: np.ndarray
    b: np.ndarray

    def input_part(self, x: np.ndarray) -> np.ndarray:
        """x W + b for the input side, for all rows/steps at once: (..., in) -> (..., nU)."""
        return x @ self.W + (self.b[0] if self.cell.split_bias else self.b)

    def step(self, xw: np.ndarray, state: tuple[np.ndarray, ...], clamp: Clamp | None = None) -> dict[str, np.ndarray]:
        """One step of this layer's cell (equations in ``seq2seq.cells``); ``state`` is (h,) or (h, c); ``clamp``
        pins arrays of chosen units (an intervention)."""
        return self.cell.step(xw, state, self.U, self.b[1] if self.cell.split_bias else None, clamp)

    def zero_state(self, rows: int = 1) -> tuple[np.ndarray, ...]:
        """The state before the first step: zeros, (rows, U) per state array."""
        return tuple(np.zeros((rows, self.U.shape[0]), np.float32) for _ in self.cell.states)


@dataclass(frozen=True)
class Intervention:
    r"""Clamp ``units`` of one ``array`` of one ``layer`` of the encoder or the decoder to ``value`` at every step.

    A clamped gate or candidate (LSTM i, f, g, o; GRU z, r, h̃) replaces the computed value before the cell
    combines them (c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t); h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃). A clamped
    c or h replaces the value after it is computed: it is what the next step, the attention (memory and
    query), the output layer and the decoder's initial state receive.
    """

    side: str  # "encoder" or "decoder"
    layer: int
    array: str  # a key of the cell's spec
    units: tuple[int, ...]
    value: float

    def clamp(self, side: str, layer: int) -> Clamp | None:
        """What to pin in one layer of one side: ``{array: (units, value)}``, or None."""
        if side == self.side and layer == self.layer and self.units:
            return {self.array: (list(self.units), np.float32(self.value))}
        return None


def _clamp(iv: Intervention | None, side: str, layer: int) -> Clamp | None:
    return iv.clamp(side, layer) if iv is not None else None


@dataclass
class Weights:
    """Every weight the replay needs, as float32 numpy arrays, read from the Keras model by layer name."""

    config: ModelConfig
    src_embedding: np.ndarray  # (V_src, E)
    tgt_embedding: np.ndarray  # (V, E)
    encoder: list[CellWeights]
    decoder: list[CellWeights]
    combine_W: np.ndarray | None  # (2U, U) when attention
    combine_b: np.ndarray | None  # (U,)
    out_W: np.ndarray  # (U, V)
    out_b: np.ndarray  # (V,)
    encoder_backward: list[CellWeights] = field(default_factory=list)  # bidirectional: the U/2-unit ←cells

    @property
    def bidirectional(self) -> bool:
        return bool(self.encoder_backward)

    def count(self) -> int:
        """How many numbers these weights hold (Keras' ``count_params`` of the model)."""
        arrays = [self.src_embedding, self.tgt_embedding, self.out_W, self.out_b]
        arrays += [a for cw in (*self.encoder, *self.encoder_backward, *self.decoder) for a in (cw.W, cw.U, cw.b)]
        arrays += [a for a in (self.combine_W, self.combine_b) if a is not None]
        return int(sum(a.size for a in arrays))

    @classmethod
    def from_keras(cls, model, config: ModelConfig) -> Weights:
        """Read the weights of a Keras model built by ``seq2seq.model.build_model``."""
        return cls.from_arrays(lambda name: model.get_layer(name).get_weights(), config)

    @classmethod
    def from_arrays(cls, arrays_of, config: ModelConfig) -> Weights:
        """Build from ``arrays_of(layer name)``: that layer's arrays in Keras' ``get_weights()`` order (from a
        Keras model, or from the archive by ``seq2seq.weightfile.read_layers``)."""

        def arrays(name: str) -> list[np.ndarray]:
            return [np.asarray(a, dtype=np.float32) for a in arrays_of(name)]

        def cells(side: str, part: slice = slice(None)) -> list[CellWeights]:
            return [CellWeights(spec(config.cell), *arrays(f"{side}_rnn_{i}")[part]) for i in range(config.layers)]

        combine = arrays("attention_combine") if config.attention else [None, None]
        both = config.bidirectional  # a Bidirectional layer's arrays: the forward cell's three, the backward's three
        return cls(
            config,
            arrays("encoder_embedding")[0],
            arrays("decoder_embedding")[0],
            cells("encoder", slice(0, 3) if both else slice(None)),
            cells("decoder"),
            *combine,
            *arrays("output_projection"),
            encoder_backward=cells("encoder", slice(3, 6)) if both else [],
        )


@dataclass
class EncoderRun:
    """The encoder's pass over one source: per-layer records, the memory and the decoder's initial state."""

    layers: list[dict[str, np.ndarray]]  # per layer: name -> (S, U)
    memory: np.ndarray  # (S, U), top layer's outputs
    final: list[tuple[np.ndarray, ...]]  # per layer: (h,) or (h, c), each (1, U)
    bidirectional: bool = False  # units U/2 … U−1 of every layer read from the last piece to the first


def run_cell(cw: CellWeights, x: np.ndarray, clamp: Clamp | None) -> tuple[dict[str, np.ndarray], tuple]:
    """One cell over the rows of ``x`` (S, in), first to last: every array by name (S, U) and the last state."""
    xw = cw.input_part(x)  # (S, nU), the input side of every step at once
    state = cw.zero_state()
    steps = []
    for t in range(len(x)):
        rec = cw.step(xw[t : t + 1], state, clamp)
        state = cw.cell.next_state(rec)
        steps.append(rec)
    return {k: np.concatenate([s[k] for s in steps], axis=0) for k in steps[0]}, state


def halves(clamp: Clamp | None, half: int) -> tuple[Clamp | None, Clamp | None]:
    """A clamp of a bidirectional layer's units 0…U−1 as the forward cell's (units < U/2) and the backward
    cell's (units ≥ U/2, renumbered from 0)."""
    if clamp is None:
        return None, None
    fwd, bwd = {}, {}
    for array, (units, value) in clamp.items():
        if lo := [u for u in units if u < half]:
            fwd[array] = (lo, value)
        if hi := [u - half for u in units if u >= half]:
            bwd[array] = (hi, value)
    return fwd or None, bwd or None


def encode(w: Weights, src_ids: list[int], intervention: Intervention | None = None) -> EncoderRun:
    r"""Run the encoder over ``src_ids`` (already in reading order: reversed if the model reverses).

    Bidirectional: a forward cell reads x_1 … x_S and a backward cell x_S … x_1; every array is the two side by
    side in source order, s_j = [→h_j; ←h_j], and the final state is [→h_S; ←h_1] (Schuster & Paliwal 1997).
    """
    x = w.src_embedding[np.asarray(src_ids, dtype=np.int64)]  # (S, E)
    records, finals = [], []
    for li, cw in enumerate(w.encoder):
        clamp = _clamp(intervention, "encoder", li)
        if not w.bidirectional:
            layer, state = run_cell(cw, x, clamp)  # name -> (S, U)
        else:
            fwd_clamp, bwd_clamp = halves(clamp, cw.U.shape[0])
            fwd, fwd_state = run_cell(cw, x, fwd_clamp)  # name -> (S, U/2)
            bwd, bwd_state = run_cell(w.encoder_backward[li], x[::-1], bwd_clamp)  # in reading order: S … 1
            layer = {k: np.concatenate([fwd[k], bwd[k][::-1]], axis=-1) for k in fwd}  # (S, U), source order
            state = tuple(np.concatenate(pair, axis=-1) for pair in zip(fwd_state, bwd_state, strict=True))
        records.append(layer)
        finals.append(state)
        x = layer["h"]
    return EncoderRun(records, x, finals, w.bidirectional)


@dataclass
class DecoderStep:
    """One decoder step for B rows: the new states, log-probabilities and everything worth showing."""

    state: list[tuple[np.ndarray, ...]]  # per layer, each (B, U)
    log_probs: np.ndarray  # (B, V)
    layers: list[dict[str, np.ndarray]]  # per layer: name -> (B, U)
    attention: np.ndarray | None  # (B, S)


def decoder_step(
    w: Weights,
    enc: EncoderRun,
    state: list[tuple[np.ndarray, ...]],
    tokens: np.ndarray,
    intervention: Intervention | None = None,
) -> DecoderStep:
    r"""Feed ``tokens`` (B,) to the decoder in ``state`` and return the next-piece distribution.

    With attention (Luong dot): a_t = softmax(h_t Mᵀ), ctx_t = a_t M, h̃_t = tanh([h_t; ctx_t] W_c + b_c),
    p(y_t) = softmax(h̃_t W_o + b_o). Without: p(y_t) = softmax(h_t W_o + b_o).
    """
    x = w.tgt_embedding[tokens]  # (B, E)
    new_state, records = [], []
    for li, (cw, st) in enumerate(zip(w.decoder, state, strict=True)):
        rec = cw.step(cw.input_part(x), st, _clamp(intervention, "decoder", li))
        new_state.append(cw.cell.next_state(rec))
        records.append(rec)
        x = rec["h"]
    attn = None
    if w.config.attention:
        attn = softmax(x @ enc.memory.T)  # (B, S)
        ctx = attn @ enc.memory  # (B, U)
        x = np.tanh(np.concatenate([x, ctx], axis=-1) @ w.combine_W + w.combine_b)  # (B, U)
    logits = x @ w.out_W + w.out_b  # (B, V)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return DecoderStep(new_state, log_probs, records, attn)


def initial_state(enc: EncoderRun, rows: int = 1) -> list[tuple[np.ndarray, ...]]:
    """The decoder starts from each encoder layer's final state, repeated for ``rows`` rows."""
    return [tuple(np.repeat(s, rows, axis=0) for s in st) for st in enc.final]


@dataclass
class Trace:
    """Everything a figure can show about one (source, target) pair, as plain numpy data.

    Decoder step t reads ``decoder_inputs[t]`` (``<s>`` first) and predicts ``decoder_outputs[t]``
    (``</s>`` last), so there are len(target pieces) + 1 decoder steps.
    """

    encoder: list[dict[str, np.ndarray]]  # per layer: the cell's keys (cells.CellSpec.keys) -> (S, U)
    decoder: list[dict[str, np.ndarray]]  # per layer: same names -> (T, U)
    attention: np.ndarray | None  # (T, S)
    topk: list[list[tuple[str, float]]]  # per decoder step: (piece, probability), best first
    cell: str  # the cell type (a seq2seq.cells.CELLS key): which arrays the records hold
    source_pieces: list[str] = field(default_factory=list)  # in reading order
    decoder_inputs: list[str] = field(default_factory=list)
    decoder_outputs: list[str] = field(default_factory=list)
    probs: np.ndarray | None = None  # (T,) probability of each decoder_outputs piece
    bidirectional: bool = False  # the encoder's units U/2 … U−1 read from the last source piece to the first

    @property
    def backward_from(self) -> int | None:
        """The first encoder unit that reads from the last piece (U/2 when bidirectional), else None."""
        return self.encoder[0]["h"].shape[1] // 2 if self.bidirectional else None

    def encoder_final(self, layer: int, key: str) -> np.ndarray:
        """(U,) the encoder layer's final ``key`` (h or c), where the decoder starts: the last row, or with a
        bidirectional encoder [→ last row; ← first row] (each half's last step)."""
        a = self.encoder[layer][key]
        if not self.bidirectional:
            return a[-1]
        half = a.shape[1] // 2
        return np.concatenate([a[-1, :half], a[0, half:]])

    def encoder_previous(self, layer: int, key: str) -> np.ndarray:
        """(S, U) the state each encoder step started from, in the order each unit read: the row before
        (zeros first) or, for a bidirectional encoder's backward half, the row after (zeros last)."""
        a = self.encoder[layer][key]
        zero = np.zeros_like(a[:1])
        prev = np.vstack([zero, a[:-1]])
        if self.bidirectional:
            half = a.shape[1] // 2
            prev[:, half:] = np.vstack([a[1:], zero])[:, half:]
        return prev


def replay(
    w: Weights,
    src_ids: list[int],
    tgt_ids: list[int],
    *,
    bos_id: int,
    eos_id: int,
    src_pieces: list[str],
    pieces,
    topk: int = 5,
) -> Trace:
    """Teacher-force ``tgt_ids`` (without specials) through the replay and keep every value.

    ``pieces`` maps a list of target ids to display pieces; ``src_pieces`` are the source's. This is the
    trace of a translation the model produced (greedy or beam) as well as the scoring of a reference the user
    typed.
    """
    enc = encode(w, src_ids)
    state = initial_state(enc)
    inputs = [bos_id, *tgt_ids]
    outputs = [*tgt_ids, eos_id]
    steps = []
    for tok in inputs:
        step = decoder_step(w, enc, state, np.array([tok]))
        state = step.state
        steps.append(step)
    return collect(w.config.cell, enc, steps, inputs, outputs, src_pieces, pieces, topk)


def collect(
    cell: str,
    enc: EncoderRun,
    steps: list[DecoderStep],
    inputs: list[int],
    outputs: list[int],
    src_pieces: list[str],
    pieces,
    topk: int,
) -> Trace:
    """Stack the decoder steps into a ``Trace``: per-step records become (T, U) arrays."""
    decoder = [
        {k: np.concatenate([s.layers[li][k] for s in steps], axis=0) for k in steps[0].layers[li]}
        for li in range(len(steps[0].layers))
    ]
    log_probs = np.concatenate([s.log_probs for s in steps], axis=0)  # (T, V)
    probs = np.exp(log_probs)
    part = np.argpartition(-log_probs, topk - 1, axis=-1)[:, :topk]  # (T, k), unordered: O(V) not O(V log V)
    order = np.argsort(-np.take_along_axis(log_probs, part, axis=-1), axis=-1, kind="stable")
    best = np.take_along_axis(part, order, axis=-1)  # (T, k), best first
    top = [list(zip(pieces(row), probs[t, row].astype(float).tolist(), strict=True)) for t, row in enumerate(best)]
    attention = None if steps[0].attention is None else np.concatenate([s.attention for s in steps], axis=0)
    return Trace(
        encoder=enc.layers,
        decoder=decoder,
        attention=attention,
        topk=top,
        cell=cell,
        source_pieces=list(src_pieces),
        decoder_inputs=pieces(inputs),
        decoder_outputs=pieces(outputs),
        probs=probs[np.arange(len(outputs)), outputs].astype(np.float32),
        bidirectional=enc.bidirectional,
    )
