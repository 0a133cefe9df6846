"""The one check that a trace equals the model: the Keras layers' own outputs against the numpy replay.

Used on random weights over the whole option grid (``test_trace.py``) and on every shipped checkpoint's
trained weights (``test_checkpoints.py``).
"""

from __future__ import annotations

import numpy as np

from seq2seq.tokenizer import BOS_ID, EOS_ID
from seq2seq.trace import Trace, replay, softmax
from seq2seq.translator import Seq2Seq, Translation

TOL = 1e-5


def keras_internals(s2s: Seq2Seq, src_ids, tgt_in) -> dict:
    """Every recurrent layer's own outputs (sequence and final states) and the logits, from Keras."""
    import keras

    m = s2s.keras_model
    names = [f"{side}_rnn_{i}" for side in ("encoder", "decoder") for i in range(s2s.config.layers)]
    sub = keras.Model(m.inputs, {n: m.get_layer(n).output for n in names} | {"logits": m.output})
    out = sub([np.array([src_ids], np.int32), np.array([tgt_in], np.int32)])
    return {
        k: [np.asarray(a)[0] for a in v] if isinstance(v, list | tuple) else np.asarray(v)[0] for k, v in out.items()
    }


def assert_trace_equals_keras(s2s: Seq2Seq, t: Translation, tol: float = TOL) -> None:
    """Every h of every layer, each final state (h, and c for LSTM), the attention weights and the
    probability of every chosen piece agree with what the Keras layers compute (≤ ``tol``)."""
    k = keras_internals(s2s, t.source_ids, [BOS_ID, *t.target_ids])
    for side, trace in (("encoder", t.trace.encoder), ("decoder", t.trace.decoder)):
        for i, layer in enumerate(trace):
            seq, *final = k[f"{side}_rnn_{i}"]
            assert np.abs(layer["h"] - seq).max() <= tol, f"{side} layer {i} h"
            if side == "encoder" and s2s.config.bidirectional:  # Keras: →states then ←states, each U/2
                n, half = len(final) // 2, s2s.config.units // 2
                final = [np.concatenate([f, b]) for f, b in zip(final[:n], final[n:], strict=True)]
                last = {
                    key: np.concatenate([layer[key][-1, :half], layer[key][0, half:]])
                    for key in ("h", "c")
                    if key in layer
                }  # →h_S and ←h_1
            else:
                last = {key: layer[key][-1] for key in ("h", "c") if key in layer}
            assert np.abs(last["h"] - final[0]).max() <= tol, f"{side} layer {i} final h"
            if "c" in layer:
                assert np.abs(last["c"] - final[1]).max() <= tol, f"{side} layer {i} final c"
    if s2s.config.attention:
        top = len(t.trace.encoder) - 1
        _, scores = s2s.keras_model.get_layer("attention")(
            [t.trace.decoder[top]["h"][None], t.trace.encoder[top]["h"][None]], return_attention_scores=True
        )
        assert t.trace.attention.shape == (len(t.target_ids) + 1, len(t.source_ids))
        assert np.abs(t.trace.attention - np.asarray(scores)[0]).max() <= tol, "attention"
    else:
        assert t.trace.attention is None
    probs = softmax(k["logits"].astype(np.float64))
    steps = np.arange(len(t.target_ids) + 1)
    assert np.abs(probs[steps, [*t.target_ids, EOS_ID]] - t.probs).max() <= tol, "probabilities"


def teacher_forced(s2s: Seq2Seq, t: Translation) -> Trace:
    """A fresh teacher-forced replay of a translation's own pieces: what its trace must equal."""
    return replay(
        s2s.weights,
        t.source_ids,
        t.target_ids,
        bos_id=BOS_ID,
        eos_id=EOS_ID,
        src_pieces=t.source_pieces,
        pieces=s2s.tgt_tokenizer.pieces,
    )
