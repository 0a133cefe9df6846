"""Decoding: greedy and beam search through the numpy replay, and the per-step Keras baseline.

All search runs on ``trace.decoder_step``, the same function that produces the trace, so what is shown is
exactly what decided the output. ``keras_greedy`` decodes with the Keras model itself, one call per
output step, as the tutorials do: the tests compare against it and the benchmark measures it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .trace import DecoderStep, EncoderRun, Weights, decoder_step, encode, initial_state


@dataclass
class Hypothesis:
    """One finished (or length-capped) beam entry."""

    ids: list[int]  # target ids without <s> and </s>
    log_prob: float  # Σ log p of the pieces and of </s> when finished
    score: float  # length-normalised log_prob: what the beam ranks by
    finished: bool  # ended with </s> (False: stopped by the maximum length)


def length_penalty(length: int, alpha: float) -> float:
    """GNMT length penalty lp(Y) = ((5 + |Y|) / 6)^α; the beam ranks by log p(Y) / lp(Y)."""
    return ((5.0 + length) / 6.0) ** alpha


def greedy(
    w: Weights, src_ids: list[int], max_len: int, bos_id: int, eos_id: int
) -> tuple[list[int], EncoderRun, list[DecoderStep]]:
    """Pick the most probable piece at each step until ``</s>`` or ``max_len`` pieces.

    Returns the ids (without specials), the encoder run and every decoder step, so the caller can build the
    trace without running the model again.
    """
    enc = encode(w, src_ids)
    state, token, out, steps = initial_state(enc), bos_id, [], []
    for _ in range(max_len + 1):
        step = decoder_step(w, enc, state, np.array([token]))
        steps.append(step)
        state, token = step.state, int(np.argmax(step.log_probs[0]))
        if token == eos_id or len(out) == max_len:
            break
        out.append(token)
    return out, enc, steps


def beam_search(
    w: Weights, src_ids: list[int], beam_size: int, max_len: int, bos_id: int, eos_id: int, alpha: float = 0.6
) -> list[Hypothesis]:
    """Beam search of width ``beam_size``; returns the n-best list, best first, by log p / lp(α).

    Live hypotheses are stepped together as rows of one batch. A hypothesis that emits ``</s>`` is
    finished; search stops after ``max_len`` pieces, or once no live hypothesis can still enter the top
    ``beam_size`` finished ones (its log p only falls as it grows; its best possible score is
    log p / lp(max_len + 1)).
    """
    if beam_size < 1:
        raise ValueError("beam_size must be at least 1.")
    enc = encode(w, src_ids)
    state = initial_state(enc)
    live: list[tuple[list[int], float]] = [([], 0.0)]
    tokens = np.array([bos_id])
    finished: list[Hypothesis] = []
    for t in range(max_len + 1):
        step = decoder_step(w, enc, state, tokens)
        totals = np.array([lp for _, lp in live], dtype=np.float64)[:, None] + step.log_probs  # (B, V)
        if t == max_len:  # no room for more pieces: only </s> may follow
            for b, (ids, _) in enumerate(live):
                lp = float(totals[b, eos_id])
                finished.append(Hypothesis(ids, lp, lp / length_penalty(len(ids) + 1, alpha), True))
            break
        flat = totals.ravel()
        n = min(2 * beam_size, flat.size)
        cand = np.argpartition(-flat, n - 1)[:n]  # the 2k best, then sorted: O(B·V) instead of a full sort
        order = cand[np.argsort(-flat[cand], kind="stable")]
        rows, new_live = [], []
        for idx in order:
            b, tok = divmod(int(idx), totals.shape[1])
            ids, lp = live[b][0], float(flat[idx])
            if tok == eos_id:
                finished.append(Hypothesis(ids, lp, lp / length_penalty(len(ids) + 1, alpha), True))
            elif len(new_live) < beam_size:
                new_live.append(([*ids, tok], lp))
                rows.append(b)
        if not new_live or _settled(finished, new_live, beam_size, length_penalty(max_len + 1, alpha)):
            break
        live = new_live
        state = [tuple(s[rows] for s in st) for st in step.state]
        tokens = np.array([ids[-1] for ids, _ in live])
    if not finished:  # cannot happen with max_len >= 0, kept as a guard
        finished = [Hypothesis(ids, lp, lp / length_penalty(len(ids), alpha), False) for ids, lp in live]
    return sorted(finished, key=lambda h: -h.score)[:beam_size]


def _settled(finished: list[Hypothesis], live: list[tuple[list[int], float]], beam_size: int, best_lp: float) -> bool:
    """True when ``beam_size`` finished hypotheses all score at least what any live one could still reach."""
    if len(finished) < beam_size:
        return False
    kth = sorted((h.score for h in finished), reverse=True)[beam_size - 1]
    return kth >= max(lp for _, lp in live) / best_lp


def keras_greedy(
    model, src_ids: list[int], max_len: int, bos_id: int, eos_id: int, use_predict: bool = False
) -> list[int]:
    """Greedy decoding with the Keras model, re-running it on the whole prefix at every step.

    ``use_predict=True`` calls ``model.predict`` per step, the way the Keras ``lstm_seq2seq`` example and the
    TensorFlow NMT tutorial decode (the benchmark's baseline).
    """
    src = np.array([src_ids], dtype=np.int32)
    out = [bos_id]
    for _ in range(max_len + 1):
        tgt = np.array([out], dtype=np.int32)
        logits = model.predict([src, tgt], verbose=0) if use_predict else model([src, tgt], training=False)
        token = int(np.argmax(np.asarray(logits)[0, -1]))
        if token == eos_id or len(out) - 1 == max_len:
            break
        out.append(token)
    return out[1:]
