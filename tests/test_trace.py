"""The replay equals the Keras model: every state, gate, attention weight and decoded token.

Grid: cell ∈ {rnn, lstm, gru} × attention on/off × source reversal on/off × 1 or 2 layers. Weights are
random but scaled so gates spread over (0, 1) instead of sitting at 0.5; equality must hold for any
weights, trained or not (a trained checkpoint is checked in test_api.py).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from seq2seq.cells import CELLS
from seq2seq.config import ModelConfig
from seq2seq.decode import keras_greedy
from seq2seq.tokenizer import BOS_ID, EOS_ID
from seq2seq.trace import softmax
from seq2seq.translator import Seq2Seq

from .keras_reference import TOL, assert_trace_equals_keras, teacher_forced

GRID = [(*p, False) for p in itertools.product(["rnn", "lstm", "gru"], [False, True], [False, True], [1, 2])]
GRID += [
    (cell, attention, False, layers, True)
    for cell in ("rnn", "lstm", "gru")
    for attention, layers in ((True, 1), (False, 2))
]  # bidirectional encoders
GRID += [("lstm", True, True, 1, True)]  # both ways over a reversed source
TEXT = "Wednesday, November 25, 2026"


def random_model(cfg: ModelConfig, seed: int):
    import keras

    from seq2seq.model import build_model

    keras.utils.set_random_seed(seed)
    model = build_model(cfg)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.35, w.shape).astype(np.float32) for w in model.get_weights()])
    return model


@pytest.fixture(
    scope="module", params=GRID, ids=lambda p: f"{p[0]}-attn{int(p[1])}-rev{int(p[2])}-L{p[3]}" + "-bi" * p[4]
)
def case(request, tokenizers, tmp_path_factory):
    cell, attention, reverse, layers, bidirectional = request.param
    src_tok, tgt_tok = tokenizers
    cfg = ModelConfig(
        task="dates",
        cell=cell,
        units=12,
        layers=layers,
        embedding_dim=6,
        attention=attention,
        reverse_source=reverse,
        bidirectional=bidirectional,
        src_vocab_size=src_tok.vocab_size,
        tgt_vocab_size=tgt_tok.vocab_size,
        max_target_pieces=20,
    )
    model = random_model(cfg, seed=len(request.param_index.__str__()) + request.param_index)
    s2s = Seq2Seq(tmp_path_factory.mktemp("m"), cfg, None, model, src_tok, tgt_tok)
    return s2s, s2s.translate(TEXT)


def test_source_is_read_in_the_configured_order(case):
    s2s, t = case
    ids = s2s.src_tokenizer.encode(TEXT)
    assert t.source_ids == (ids[::-1] if s2s.config.reverse_source else ids)
    assert t.trace.source_pieces == s2s.src_tokenizer.pieces(t.source_ids)


def test_replayed_states_equal_keras_layer_outputs(case):
    s2s, t = case
    assert_trace_equals_keras(s2s, t)


def test_every_step_equals_the_keras_cell(case):
    """Step the layer's own Keras cell through the sequence: h and c (LSTM) agree at every step."""
    s2s, t = case
    m, cfg = s2s.keras_model, s2s.config
    x = np.asarray(m.get_layer("encoder_embedding")(np.array([t.source_ids])))[0]  # (S, E)
    for i, layer in enumerate(t.trace.encoder):
        keras_layer = m.get_layer(f"encoder_rnn_{i}")
        if cfg.bidirectional:  # the forward cell over units 0…U/2−1, the backward one (from the end) over the rest
            half = cfg.units // 2
            ways = [
                (keras_layer.forward_layer.cell, slice(0, half), 1),
                (keras_layer.backward_layer.cell, slice(half, None), -1),
            ]
        else:
            ways = [(keras_layer.cell, slice(None), 1)]
        for cell, units, direction in ways:
            width = layer["h"][:, units].shape[1]
            state = [np.zeros((1, width), np.float32) for _ in CELLS[cfg.cell].states]
            for step in range(len(t.source_ids))[::direction]:
                h, state = cell(x[step : step + 1], state if cfg.cell == "lstm" else state[0])
                state = [np.asarray(s) for s in (state if isinstance(state, list | tuple) else [state])]
                assert np.abs(layer["h"][step, units] - np.asarray(h)[0]).max() <= TOL
                if cfg.cell == "lstm":
                    assert np.abs(layer["c"][step, units] - state[1][0]).max() <= TOL
        x = layer["h"]


def test_attention_weights_sum_to_one(case):
    s2s, t = case
    if s2s.config.attention:
        assert np.allclose(t.trace.attention.sum(axis=1), 1.0, atol=1e-5)
    else:
        assert t.trace.attention is None


def test_gates_are_probabilities_and_lstm_identities_hold(case):
    s2s, t = case
    spec = CELLS[s2s.config.cell]
    gates = spec.gates
    n = len(t.trace.encoder)
    for idx, layer in enumerate([*t.trace.encoder, *t.trace.decoder]):
        for g in gates:
            assert layer[g].min() >= 0.0 and layer[g].max() <= 1.0
        assert set(layer) == set(spec.keys)
        for g in (a.key for a in spec.arrays if a.scale == "bounded"):  # tanh outputs
            assert np.abs(layer[g]).max() <= 1.0
        if s2s.config.cell == "lstm":
            # the encoder starts from zeros, decoder layer l from encoder layer l's final cell state
            c0 = np.zeros_like(layer["c"][:1]) if idx < n else t.trace.encoder[idx - n]["c"][-1:]
            c_prev = np.vstack([c0, layer["c"][:-1]])
            if s2s.config.bidirectional:  # ←units step from the end: c_prev is the row below; →c_S beside ←c_1
                half = s2s.config.units // 2
                if idx < n:
                    c_prev[:, half:] = np.vstack([layer["c"][1:, half:], np.zeros_like(layer["c"][:1, half:])])
                else:
                    enc_c = t.trace.encoder[idx - n]["c"]
                    c_prev[0] = np.concatenate([enc_c[-1, :half], enc_c[0, half:]])
            assert np.abs(layer["c"] - (layer["f"] * c_prev + layer["i"] * layer["g"])).max() <= TOL
            assert np.abs(layer["h"] - layer["o"] * np.tanh(layer["c"])).max() <= TOL
    # Gates must actually move: random weights of this scale spread them well away from 0.5.
    if gates:
        spread = max(float(np.ptp(layer[g])) for layer in t.trace.encoder for g in gates)
        assert spread > 0.3


@pytest.mark.slow
def test_greedy_through_the_replay_equals_greedy_through_keras(case):
    s2s, t = case
    assert keras_greedy(s2s.keras_model, t.source_ids, 20, BOS_ID, EOS_ID) == t.target_ids


def test_padding_in_a_batch_does_not_change_the_result(case):
    """Training pads batches: the mask must make a padded row compute what the sentence alone computes."""
    s2s, t = case
    src = np.zeros((2, len(t.source_ids) + 4), np.int32)
    src[0, : len(t.source_ids)] = t.source_ids
    src[1, :] = 5
    tgt = np.zeros((2, len(t.target_ids) + 4), np.int32)
    tgt[0, : len(t.target_ids) + 1] = [BOS_ID, *t.target_ids]
    tgt[1, :] = 7
    logits = np.asarray(s2s.keras_model([src, tgt]))[0, : len(t.target_ids) + 1]
    steps = np.arange(len(t.target_ids) + 1)
    assert np.abs(softmax(logits.astype(np.float64))[steps, [*t.target_ids, EOS_ID]] - t.probs).max() <= TOL


def test_a_beam_hypothesis_trace_equals_its_teacher_forced_replay(case):
    s2s, _ = case
    t = s2s.translate(TEXT, beam_size=3, max_len=12)
    r = teacher_forced(s2s, t)
    for got, want in zip(t.trace.decoder, r.decoder, strict=True):
        for k in want:
            assert np.abs(got[k] - want[k]).max() <= 1e-6, k
    assert np.abs(t.trace.probs - r.probs).max() <= 1e-6
    for a, b in zip(t.trace.topk, r.topk, strict=True):  # same best pieces, same probabilities
        assert a[0][0] == b[0][0] and np.allclose([p for _, p in a], [p for _, p in b], atol=1e-6)
    if t.trace.attention is not None:
        assert np.abs(t.trace.attention - r.attention).max() <= 1e-6


def test_top_candidates_equals_a_full_sort():
    from seq2seq.decode import top_candidates

    rng = np.random.default_rng(0)
    for rows, vocab, n in [(1, 50, 4), (5, 2800, 10), (3, 7, 6), (4, 5, 20), (2, 30, 8)]:
        totals = rng.normal(size=(rows, vocab)).round(1)  # rounding makes ties
        want = np.argsort(-totals.ravel(), kind="stable")[:n]
        assert top_candidates(totals, n).tolist() == want.tolist()


def test_the_encoder_final_and_previous_states_follow_each_unit_s_reading_direction(case):
    """``Trace.encoder_final`` is Keras' own final state of every encoder layer (concatenated for a
    bidirectional one), and ``Trace.encoder_previous`` is the state each step started from: with it, every
    encoder step of the cell's equations holds (LSTM: c = f ⊙ c_prev + i ⊙ g; GRU: h = z ⊙ h_prev + (1 − z) ⊙ h̃)."""
    from .keras_reference import keras_internals

    s2s, t = case
    k = keras_internals(s2s, t.source_ids, [BOS_ID, *t.target_ids])
    states = CELLS[s2s.config.cell].states
    for i in range(len(t.trace.encoder)):
        _, *final = k[f"encoder_rnn_{i}"]
        if s2s.config.bidirectional:
            n = len(final) // 2
            final = [np.concatenate([f, b]) for f, b in zip(final[:n], final[n:], strict=True)]
        for key, want in zip(states, final, strict=True):
            assert np.abs(t.trace.encoder_final(i, key) - want).max() <= TOL, key
        layer = t.trace.encoder[i]
        if s2s.config.cell == "lstm":
            prev = t.trace.encoder_previous(i, "c")
            assert np.abs(layer["c"] - (layer["f"] * prev + layer["i"] * layer["g"])).max() <= TOL
        if s2s.config.cell == "gru":
            prev = t.trace.encoder_previous(i, "h")
            assert np.abs(layer["h"] - (layer["z"] * prev + (1 - layer["z"]) * layer["hh"])).max() <= TOL


def test_an_intervention_on_a_bidirectional_encoder_pins_the_unit_it_names(case):
    """Unit u of a bidirectional encoder layer is the forward cell's u (u < U/2) or the backward cell's u − U/2:
    clamping it pins that column at every step and leaves the other direction's units as they were."""
    from seq2seq.trace import Intervention, encode

    s2s, t = case
    if not s2s.config.bidirectional:
        pytest.skip("one direction")
    half = s2s.config.units // 2
    plain = encode(s2s.weights, t.source_ids).layers[0]["h"]
    assert len(t.source_ids) >= 2
    for unit, own, other, first, last in (
        (1, slice(0, half), slice(half, None), 0, -1),
        (half + 2, slice(half, None), slice(0, half), -1, 0),
    ):
        run = encode(s2s.weights, t.source_ids, Intervention("encoder", 0, "h", (unit,), 0.5)).layers[0]["h"]
        assert np.all(run[:, unit] == np.float32(0.5))
        np.testing.assert_array_equal(run[:, other], plain[:, other])
        mates = [u for u in range(*own.indices(s2s.config.units)) if u != unit]  # the pinned unit's own direction
        # its first step (column 0 forward, the last column backward) starts from zeros, not from the clamp;
        # every later step reads the clamped unit through U
        np.testing.assert_array_equal(run[first, mates], plain[first, mates])
        assert np.abs(run[last, mates] - plain[last, mates]).max() > 1e-4
