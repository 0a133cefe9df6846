"""Asking the model why: forced prefixes and interventions, checked against the model itself.

An intervention is checked against Keras by changing the Keras weights so that the layer computes the
clamped value itself: a gate pinned to 1 or 0 is a unit whose gate column has no weights and a bias of ±100
(σ(±100) is 1 or 0 in float32); a candidate pinned to 0 has no weights and no bias (tanh(0) = 0); c = 0 is
f = i = 0; h = 0 is o = 0 (LSTM), z = 0 with h̃ = 0 (GRU), or no weights (SimpleRNN). The Keras model with
those weights must compute what the replay computes under the intervention (≤ 1e-5).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import seq2seq
from seq2seq.config import ModelConfig
from seq2seq.inputs import InputError
from seq2seq.translator import Seq2Seq

from .keras_reference import assert_trace_equals_keras
from .test_trace import TEXT, random_model

BLOCKS = {"lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "hh"), "rnn": ("h",)}
BIG = 100.0  # σ(100) == 1.0 and σ(−100) ≈ 4e-44 in float32


def _zero_unit(weights: list[np.ndarray], cell: str, key: str, unit: int, units: int, bias: float = 0.0) -> None:
    """No input, no recurrent weight into ``key`` of ``unit``; its bias ``bias`` (GRU: input row only)."""
    kernel, recurrent, b = weights
    col = BLOCKS[cell].index(key) * units + unit
    kernel[:, col] = 0.0
    recurrent[:, col] = 0.0
    if cell == "gru":
        b[0, col], b[1, col] = bias, 0.0
    else:
        b[col] = bias


def keras_equivalent(model, cell: str, side: str, key: str, unit: int, value: float, units: int):
    """A copy of ``model`` whose ``side`` layer 0 computes ``key`` = ``value`` for ``unit`` by its weights."""
    import keras

    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    layer = clone.get_layer(f"{side}_rnn_0")
    both = [np.array(a) for a in layer.get_weights()]
    if len(both) == 6:  # a bidirectional encoder: unit u is the forward cell's u or the backward cell's u − U/2
        units //= 2
        w = both[3:] if unit >= units else both[:3]
        unit %= units
    else:
        w = both
    gate_bias = BIG if value == 1.0 else -BIG
    if key in ("i", "f", "o", "z", "r"):
        _zero_unit(w, cell, key, unit, units, gate_bias)
    elif key in ("g", "hh"):
        _zero_unit(w, cell, key, unit, units)
    elif key == "c":  # c = f ⊙ c_prev + i ⊙ g with f = i = 0
        _zero_unit(w, cell, "f", unit, units, -BIG)
        _zero_unit(w, cell, "i", unit, units, -BIG)
    elif key == "h" and cell == "lstm":  # h = o ⊙ tanh(c) with o = 0
        _zero_unit(w, cell, "o", unit, units, -BIG)
    elif key == "h" and cell == "gru":  # h = z ⊙ h_prev + (1 − z) ⊙ h̃ with z = 0, h̃ = 0
        _zero_unit(w, cell, "z", unit, units, -BIG)
        _zero_unit(w, cell, "hh", unit, units)
    else:  # SimpleRNN h = tanh(0)
        _zero_unit(w, cell, "h", unit, units)
    layer.set_weights(both if len(both) == 6 else w)  # w is a view of the arrays in both
    return clone


CASES = [
    (cell, attention, side, key, value)
    for cell, attention in (("rnn", True), ("lstm", True), ("lstm", False), ("gru", True), ("gru", False))
    for side in ("encoder", "decoder")
    for key, value in {
        "rnn": [("h", 0.0)],
        "lstm": [("f", 1.0), ("f", 0.0), ("i", 0.0), ("o", 1.0), ("g", 0.0), ("c", 0.0), ("h", 0.0)],
        "gru": [("z", 1.0), ("z", 0.0), ("r", 0.0), ("hh", 0.0), ("h", 0.0)],
    }[cell]
]


@pytest.fixture(scope="module")
def models(tokenizers, tmp_path_factory):
    src_tok, tgt_tok = tokenizers
    out = {}
    for cell, attention in {(c, a) for c, a, *_ in CASES}:
        cfg = ModelConfig(
            task="dates",
            cell=cell,
            units=12,
            embedding_dim=6,
            attention=attention,
            src_vocab_size=src_tok.vocab_size,
            tgt_vocab_size=tgt_tok.vocab_size,
            max_target_pieces=20,
        )
        model = random_model(cfg, seed=7)
        out[cell, attention] = Seq2Seq(tmp_path_factory.mktemp("m"), cfg, None, model, src_tok, tgt_tok)
    return out


@pytest.mark.parametrize(("cell", "attention", "side", "key", "value"), CASES)
def test_a_clamped_unit_equals_keras_computing_that_value_itself(models, cell, attention, side, key, value):
    s2s = models[cell, attention]
    unit = 5
    t = s2s.intervene(TEXT, {"side": side, "layer": 0, "array": key, "units": [unit], "value": value})
    rec = (t.trace.encoder if side == "encoder" else t.trace.decoder)[0]
    assert np.all(rec[key][:, unit] == np.float32(value))  # the trace shows the clamped value
    clone = keras_equivalent(s2s.keras_model, cell, side, key, unit, value, s2s.config.units)
    twin = Seq2Seq(s2s.folder, s2s.config, None, clone, s2s.src_tokenizer, s2s.tgt_tokenizer)
    assert_trace_equals_keras(twin, t)


@pytest.mark.parametrize(
    ("cell", "key", "value"), [("lstm", "f", 0.0), ("lstm", "h", 0.0), ("gru", "z", 1.0), ("rnn", "h", 0.0)]
)
@pytest.mark.parametrize("unit", [4, 9])  # of 12: forward, backward
def test_a_clamped_unit_of_a_bidirectional_encoder_equals_keras_computing_it(
    models, tokenizers, tmp_path, cell, key, value, unit
):
    cfg = dataclasses.replace(models[cell, True].config, bidirectional=True)
    s2s = Seq2Seq(tmp_path, cfg, None, random_model(cfg, seed=11), *tokenizers)
    t = s2s.intervene(TEXT, {"side": "encoder", "layer": 0, "array": key, "units": [unit], "value": value})
    assert np.all(t.trace.encoder[0][key][:, unit] == np.float32(value))
    clone = keras_equivalent(s2s.keras_model, cell, "encoder", key, unit, value, cfg.units)
    assert_trace_equals_keras(Seq2Seq(tmp_path, cfg, None, clone, *tokenizers), t)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_an_intervention_with_no_units_is_the_plain_translation(models, cell):
    s2s = models[cell, True]
    plain = s2s.translate(TEXT)
    same = s2s.intervene(TEXT, {"side": "decoder", "layer": 0, "array": "h", "units": [], "value": 0.0})
    assert same.target_ids == plain.target_ids and same.probs == plain.probs
    for a, b in zip(same.trace.decoder, plain.trace.decoder, strict=True):
        assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    ("spec", "what"),
    [
        ({"side": "middle", "array": "h", "units": [1]}, "side"),
        ({"side": "encoder", "layer": 3, "array": "h", "units": [1]}, "layer"),
        ({"side": "encoder", "array": "q", "units": [1]}, "array"),
        ({"side": "encoder", "array": "h", "units": [99]}, "units"),
        ({"side": "encoder", "array": "h", "units": "1"}, "units"),
        ({"side": "encoder", "array": "h", "units": [1], "value": float("nan")}, "value"),
        ({"side": "encoder", "array": "h", "units": [1], "value": 1e39}, "value"),  # inf as a float32
    ],
)
def test_a_bad_intervention_spec_says_which_field(models, spec, what):
    with pytest.raises(InputError, match=what):
        models["lstm", True].intervene(TEXT, spec)
    with pytest.raises(InputError, match="JSON"):
        models["lstm", True].intervene(TEXT, "{not json")


def test_a_forced_prefix_has_the_teacher_forced_probabilities_of_score(tiny_checkpoint):
    model = seq2seq.load(tiny_checkpoint)
    for prefix, beam in (("2026년 11월", 1), ("1999년", 3)):
        c = model.complete("Nov 25, 2026", prefix, beam_size=beam)
        n = len(model.tgt_tokenizer.encode(prefix))
        s = model.score("Nov 25, 2026", prefix)
        assert c.forced == n and c.target_ids[:n] == s.target_ids
        assert np.abs(np.array(c.probs[:n]) - np.array(s.probs[:n])).max() <= 1e-6
        assert c.log_prob == pytest.approx(float(np.log(np.array(c.probs, dtype=np.float64)).sum()))


def test_a_forced_prefix_on_a_trained_model_steers_the_continuation():
    model = seq2seq.load("dates-lstm-attn")
    assert model.translate("Nov 25, 2026").text == "2026년 11월 25일"
    what_if = model.complete("Nov 25, 2026", "2027년")
    assert what_if.text == "2027년 11월 25일" and what_if.forced == len(model.tgt_tokenizer.encode("2027년"))
    assert what_if.log_prob < model.translate("Nov 25, 2026").log_prob


@pytest.mark.slow
@pytest.mark.parametrize(
    ("cell", "attention", "bidirectional"),
    [("lstm", True, False), ("gru", False, False), ("rnn", True, False), ("gru", True, True)],
)
def test_saliency_equals_a_finite_difference_estimate(models, tokenizers, tmp_path, cell, attention, bidirectional):
    """S[t, s] = ‖∂ log p(y_t) / ∂ e(x_s)‖₂ against central differences of the model's own log p (and, for a
    bidirectional encoder, the embeddings-fed graph gives the full model's log p)."""
    from seq2seq.model import from_source_embeddings
    from seq2seq.tokenizer import BOS_ID, EOS_ID

    s2s = models[cell, attention]
    if bidirectional:
        cfg = dataclasses.replace(s2s.config, bidirectional=True)
        s2s = Seq2Seq(tmp_path, cfg, None, random_model(cfg, seed=8), *tokenizers)
    t, S = s2s.saliency(TEXT)
    outputs = [*t.target_ids, EOS_ID]
    assert S.shape == (len(outputs), len(t.source_ids)) and np.isfinite(S).all() and S.max() > 0
    sub = from_source_embeddings(s2s.keras_model, s2s.config)
    emb = np.asarray(s2s.keras_model.get_layer("encoder_embedding")(np.array([t.source_ids])), dtype=np.float64)
    tgt = np.array([[BOS_ID, *t.target_ids]], dtype=np.int32)

    def log_p(e):  # (T,) log p of each output piece
        logits = np.asarray(sub([e.astype(np.float32), tgt], training=False), dtype=np.float64)[0]
        logits -= logits.max(axis=-1, keepdims=True)
        lp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
        return lp[np.arange(len(outputs)), outputs]

    full = np.log(np.asarray(t.probs, dtype=np.float64))  # the replay's own p of each piece it chose
    assert len(full) in (len(outputs), len(outputs) - 1) and np.abs(log_p(emb)[: len(full)] - full).max() <= 1e-5
    h = 1e-2
    for s in range(len(t.source_ids)):
        grads = []
        for d in range(emb.shape[-1]):
            up, down = emb.copy(), emb.copy()
            up[0, s, d] += h
            down[0, s, d] -= h
            grads.append((log_p(up) - log_p(down)) / (2 * h))
        estimate = np.linalg.norm(np.array(grads), axis=0)  # (T,)
        assert np.allclose(S[:, s], estimate, rtol=0.03, atol=2e-3), (s, S[:, s], estimate)
