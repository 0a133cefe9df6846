r"""One spec per recurrent cell type: what a SimpleRNN, an LSTM and a GRU *are*, in one place.

Each ``CellSpec`` says which stock Keras layer trains the cell, which arrays one step records (in the
trace's order), which of them are the recurrent state handed to the next step, which are gates on a fixed
[0, 1] scale, their names in English and Korean, the step equations in LaTeX for the page, and the numpy
step function that computes them from Keras' weights. The model builder, the replay, the figures, the
views, the model card and the app all read these specs; adding a cell or renaming a gate touches only this
file.

Keras' weight layout: ``kernel`` W (input → gates), ``recurrent_kernel`` U (h → gates), ``bias`` b; LSTM
columns are i, f, c (here g), o; GRU columns are z, r, h with ``reset_after=True`` and a bias of shape
(2, 3U): row 0 for the input part, row 1 for the recurrent part.

Shapes: B = rows stepped together (1, or the beam width), U = units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Array:
    """One array a step records: its key in the trace, how to colour it, and its names."""

    key: str  # key in Trace.encoder[layer] / Trace.decoder[layer]
    scale: str  # "gate": fixed [0, 1]; "bounded": fixed [-1, 1] (tanh outputs); "unbounded": symmetric, ≥ [-1, 1]
    en: str  # display name, English
    ko: str  # display name, Korean (the field's English term beside it)

    @property
    def symbol(self) -> str:
        """The letter the equations use ("h̃" for the key "hh"): the last word of the English name."""
        return self.en.split()[-1]

    @property
    def is_gate(self) -> bool:
        """Gates are sigmoids: always in [0, 1], drawn on a fixed [0, 1] scale."""
        return self.scale == "gate"


# Every array any cell records, by key; a cell's spec lists the ones it has.
ARRAYS: dict[str, Array] = {
    a.key: a
    for a in (
        Array("h", "bounded", "hidden state h", "은닉 상태 h (hidden state)"),
        Array("c", "unbounded", "cell state c", "셀 상태 c (cell state)"),
        Array("i", "gate", "input gate i", "입력 게이트 i (input gate)"),
        Array("f", "gate", "forget gate f", "망각 게이트 f (forget gate)"),
        Array("g", "bounded", "candidate g", "후보 값 g (candidate)"),
        Array("o", "gate", "output gate o", "출력 게이트 o (output gate)"),
        Array("z", "gate", "update gate z", "업데이트 게이트 z (update gate)"),
        Array("r", "gate", "reset gate r", "리셋 게이트 r (reset gate)"),
        Array("hh", "bounded", "candidate h̃", "후보 은닉 상태 h̃ (candidate)"),
    )
}


def _arrays(*keys: str) -> tuple[Array, ...]:
    return tuple(ARRAYS[k] for k in keys)


def split(a: np.ndarray, n: int) -> list[np.ndarray]:
    """``np.split(a, n, axis=-1)`` as views by slicing (a fifth of its cost on one step's small rows)."""
    u = a.shape[-1] // n
    return [a[..., k * u : (k + 1) * u] for k in range(n)]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^(−x)), computed without overflow for large |x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(np.float32)


Clamp = dict  # {key: (unit indices, value)}: arrays pinned to a value at the given units (interventions)


def pin(a: np.ndarray, key: str, clamp: Clamp | None) -> np.ndarray:
    """``a`` with the units ``clamp[key]`` names set to its value; ``a`` itself when nothing is clamped."""
    if not clamp or key not in clamp:
        return a
    units, value = clamp[key]
    a = a.copy()
    a[..., units] = value
    return a


def rnn_step(xw, state, U, b_rec, clamp: Clamp | None = None) -> dict[str, np.ndarray]:
    r"""SimpleRNN: h_t = tanh(x_t W + h_{t-1} U + b).  ``xw`` = x_t W + b, (B, U)."""
    (h_tm1,) = state
    return {"h": pin(np.tanh(xw + h_tm1 @ U), "h", clamp)}


def lstm_step(xw, state, U, b_rec, clamp: Clamp | None = None) -> dict[str, np.ndarray]:
    r"""LSTM, gates in Keras' column order i, f, g (Keras calls it c), o.  ``xw`` = x_t W + b, (B, 4U).

    i = σ(x W_i + h U_i + b_i)     f = σ(x W_f + h U_f + b_f)
    g = tanh(x W_g + h U_g + b_g)  o = σ(x W_o + h U_o + b_o)
    c_t = f ⊙ c_{t-1} + i ⊙ g       h_t = o ⊙ tanh(c_t)

    A clamped gate or candidate replaces its computed value before the cell combines them; a clamped c or h
    replaces the value after it is computed (so h_t = o ⊙ tanh(clamped c_t)).
    """
    h_tm1, c_tm1 = state
    z = xw + h_tm1 @ U  # (B, 4U)
    zi, zf, zg, zo = split(z, 4)
    i, f = pin(sigmoid(zi), "i", clamp), pin(sigmoid(zf), "f", clamp)
    g, o = pin(np.tanh(zg), "g", clamp), pin(sigmoid(zo), "o", clamp)
    c = pin(f * c_tm1 + i * g, "c", clamp)
    h = pin(o * np.tanh(c), "h", clamp)
    return {"h": h, "c": c, "i": i, "f": f, "g": g, "o": o}


def gru_step(xw, state, U, b_rec, clamp: Clamp | None = None) -> dict[str, np.ndarray]:
    r"""GRU with ``reset_after=True`` (Keras' default), columns z, r, h.  ``xw`` = x_t W + b_i, (B, 3U).

    z = σ(x W_z + b_iz + h U_z + b_rz)        r = σ(x W_r + b_ir + h U_r + b_rr)
    h̃ = tanh(x W_h + b_ih + r ⊙ (h U_h + b_rh))
    h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃

    A clamped z, r or h̃ replaces its computed value before it is used; a clamped h replaces h_t.
    """
    (h_tm1,) = state
    inner = h_tm1 @ U + b_rec  # (B, 3U)
    xz, xr, xh = split(xw, 3)
    hz, hr, hh_in = split(inner, 3)
    z, r = pin(sigmoid(xz + hz), "z", clamp), pin(sigmoid(xr + hr), "r", clamp)
    hh = pin(np.tanh(xh + r * hh_in), "hh", clamp)
    h = pin(z * h_tm1 + (1.0 - z) * hh, "h", clamp)
    return {"h": h, "z": z, "r": r, "hh": hh}


StepFn = Callable[..., dict[str, np.ndarray]]  # (x W + b_in, state, U, recurrent bias, clamp=None) -> arrays


@dataclass(frozen=True)
class CellSpec:
    """Everything about one cell type that the model, the replay and the page need."""

    name: str  # config value: "rnn", "lstm", "gru"
    label: str  # "SimpleRNN", "LSTM", "GRU"
    keras_layer: str  # class name in keras.layers
    keras_kwargs: tuple[tuple[str, object], ...]  # extra constructor arguments
    arrays: tuple[Array, ...]  # what one step records, in the trace's order
    states: tuple[str, ...]  # the recurrent state handed to the next step (Keras' order)
    step: StepFn  # numpy step: (x W + b_in, state, U, recurrent bias or None, clamp) -> {key: (B, U)}
    split_bias: bool  # the bias has separate input and recurrent rows (GRU, reset_after=True)
    equations: str  # LaTeX, as the page shows them
    presets: tuple[tuple[str, str, float], ...] = ()  # interventions worth a click: (name, key, value)
    # The terms colah's diagram writes on its arrows, from one step's arrays and the previous state ("<key>_prev"):
    # (name, function of a dict of arrays); c and h are their sums (LSTM: c = fc + ig; GRU: h = zh + zhh).
    terms: tuple[tuple[str, Callable[[dict], np.ndarray]], ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The trace keys of this cell, in order: ("h",), ("h","c","i","f","g","o"), ("h","z","r","hh")."""
        return tuple(a.key for a in self.arrays)

    @property
    def gates(self) -> tuple[str, ...]:
        """Keys of the arrays that are gates (fixed [0, 1] scale)."""
        return tuple(a.key for a in self.arrays if a.is_gate)

    @property
    def has_gates(self) -> bool:
        return bool(self.gates)

    def inner_order(self) -> tuple[str, ...]:
        """Keys in the order a step computes them: gates and candidates first, then the states (c, then h)."""
        return tuple(k for k in self.keys if k not in self.states) + tuple(reversed(self.states))

    def next_state(self, rec: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """The recurrent state a step hands on: (h, c) for LSTM, (h,) otherwise."""
        return tuple(rec[k] for k in self.states)


CELLS: dict[str, CellSpec] = {
    spec.name: spec
    for spec in (
        CellSpec(
            "rnn",
            "SimpleRNN",
            "SimpleRNN",
            (),
            _arrays("h"),
            ("h",),
            rnn_step,
            False,
            r"h_t = \tanh(x_t W + h_{t-1} U + b)",
        ),
        CellSpec(
            "lstm",
            "LSTM",
            "LSTM",
            (),
            _arrays("h", "c", "i", "f", "g", "o"),
            ("h", "c"),
            lstm_step,
            False,
            r"f, i, o = \sigma(\cdot)$, $g = \tanh(\cdot)$, $c_t = f \odot c_{t-1} + i \odot g$, "
            r"$h_t = o \odot \tanh(c_t)",
            (("forget_1", "f", 1.0), ("forget_0", "f", 0.0)),  # never forget; forget everything
            (  # f⊙c₍t−1₎ + i⊙g = c_t;  h_t = o⊙tanh(c_t)
                ("fc", lambda a: a["f"] * a["c_prev"]),
                ("ig", lambda a: a["i"] * a["g"]),
                ("tanh_c", lambda a: np.tanh(a["c"])),
            ),
        ),
        CellSpec(
            "gru",
            "GRU",
            "GRU",
            (("reset_after", True),),
            _arrays("h", "z", "r", "hh"),
            ("h",),
            gru_step,
            True,
            r"z, r = \sigma(\cdot)$, $\tilde h = \tanh(x W_h + r \odot (h U_h + b))$, "
            r"$h_t = z \odot h_{t-1} + (1-z) \odot \tilde h",
            (("update_1", "z", 1.0),),  # freeze the state
            (  # z⊙h₍t−1₎ + (1−z)⊙h̃ = h_t
                ("zh", lambda a: a["z"] * a["h_prev"]),
                ("zhh", lambda a: (1.0 - a["z"]) * a["hh"]),
            ),
        ),
    )
}


def spec(cell: str) -> CellSpec:
    """The spec of a cell type, with a clear error for an unknown name."""
    try:
        return CELLS[cell]
    except KeyError:
        raise ValueError(f"Unknown cell type {cell!r}: choose one of {', '.join(CELLS)}.") from None
