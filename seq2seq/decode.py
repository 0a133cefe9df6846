"""Decoding: greedy and beam search through the numpy replay, and the per-step Keras baseline.

All search runs on ``trace.decoder_step``, the same function that produces the trace, so what is shown is
exactly what decided the output. ``keras_greedy`` decodes with the Keras model itself, one call per
output step, as the tutorials do: the tests compare against it and the benchmark measures it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .trace import DecoderStep, EncoderRun, Intervention, Weights, decoder_step, encode, initial_state


@dataclass
class Hypothesis:
    """One finished (or length-capped) beam entry."""

    ids: list[int]  # target ids without <s> and </s>
    log_prob: float  # Σ log p of the pieces and of </s> when finished
    score: float  # length-normalised log_prob: what the beam ranks by
    finished: bool  # ended with </s> (False: stopped by the maximum length)
    rows: tuple[int, ...] = ()  # the batch row this hypothesis occupied at each decoder step (for its trace)


def length_penalty(length: int, alpha: float) -> float:
    """GNMT length penalty lp(Y) = ((5 + |Y|) / 6)^α; the beam ranks by log p(Y) / lp(Y)."""
    return ((5.0 + length) / 6.0) ** alpha


def greedy(
    w: Weights,
    src_ids: list[int],
    max_len: int,
    bos_id: int,
    eos_id: int,
    prefix: list[int] = (),
    intervention: Intervention | None = None,
) -> tuple[list[int], EncoderRun, list[DecoderStep]]:
    """Pick the most probable piece at each step until ``</s>`` or ``max_len`` pieces; the first pieces are
    ``prefix`` when one is given (forced, whatever the model prefers), and ``intervention`` clamps units.

    Returns the ids (without specials), the encoder run and every decoder step, so the caller can build the
    trace without running the model again.
    """
    enc = encode(w, src_ids, intervention)
    state, token, out, steps = initial_state(enc), bos_id, [], []
    for t in range(max_len + 1):
        step = decoder_step(w, enc, state, np.array([token]), intervention)
        steps.append(step)
        state, token = step.state, (prefix[t] if t < len(prefix) else int(np.argmax(step.log_probs[0])))
        if token == eos_id or len(out) == max_len:
            break
        out.append(token)
    return out, enc, steps


def beam_search(
    w: Weights,
    src_ids: list[int],
    beam_size: int,
    max_len: int,
    bos_id: int,
    eos_id: int,
    alpha: float = 0.6,
    prefix: list[int] = (),
) -> tuple[list[Hypothesis], EncoderRun, list[DecoderStep]]:
    """Beam search of width ``beam_size``; returns the n-best list (best first, by log p / lp(α)), the encoder
    run and every decoder step, so the trace of any hypothesis can be read off without running again.

    Live hypotheses are stepped together as rows of one batch. At each step only the 2·``beam_size`` best
    extensions (by total log p) are considered, as in GNMT and Hugging Face: enough to refill the beam even
    if half of them end. One of those that emits ``</s>`` is finished; search stops after ``max_len`` pieces, or
    once ``beam_size`` hypotheses are finished and the best live one, ended now, would not enter them (log p / lp
    at its current length: the usual heuristic, as in GNMT and Hugging Face's ``early_stopping=False``).
    With a ``prefix``, every hypothesis starts with it: its pieces are forced one step at a time (their log p
    counts), then the beam opens.
    """
    if beam_size < 1:
        raise ValueError("beam_size must be at least 1.")
    enc = encode(w, src_ids)
    state = initial_state(enc)
    live: list[tuple[list[int], float, tuple[int, ...]]] = [([], 0.0, ())]  # (ids, log p, rows so far)
    tokens = np.array([bos_id])
    finished: list[Hypothesis] = []
    steps: list[DecoderStep] = []

    def finish(ids, lp, rows, b, complete=True):
        finished.append(Hypothesis(ids, lp, lp / length_penalty(len(ids) + 1, alpha), complete, (*rows, b)))

    for t in range(max_len + 1):
        step = decoder_step(w, enc, state, tokens)
        steps.append(step)
        totals = np.array([lp for _, lp, _ in live], dtype=np.float64)[:, None] + step.log_probs  # (B, V)
        if t == max_len:  # no room for more pieces: end every live hypothesis here
            for b, (ids, _, rows) in enumerate(live):
                finish(ids, float(totals[b, eos_id]), rows, b, complete=False)
            break
        if t < len(prefix):  # a forced piece: one hypothesis, whatever the model prefers
            ids, _, rows = live[0]
            live, state = [([*ids, prefix[t]], float(totals[0, prefix[t]]), (*rows, 0))], step.state
            tokens = np.array([prefix[t]])
            continue
        new_live, picked = [], []
        for idx in top_candidates(totals, 2 * beam_size):
            b, tok = divmod(int(idx), totals.shape[1])
            ids, _, rows = live[b]
            lp = float(totals[b, tok])
            if tok == eos_id:
                finish(ids, lp, rows, b)
            elif len(new_live) < beam_size:
                new_live.append(([*ids, tok], lp, (*rows, b)))
                picked.append(b)
        if not new_live or _settled(finished, new_live, beam_size, length_penalty(t + 2, alpha)):
            break
        live = new_live
        state = [tuple(s[picked] for s in st) for st in step.state]
        tokens = np.array([ids[-1] for ids, _, _ in live])
    return sorted(finished, key=lambda h: -h.score)[:beam_size], enc, steps


def top_candidates(totals: np.ndarray, n: int) -> np.ndarray:
    """Flat indices of the ``n`` largest entries of ``totals`` (B, V), best first (ties: lower index first).

    Exact and cheaper than partitioning all B·V scores: the n-th best of any single row is a lower bound
    for the n-th best overall, so only entries at or above the best row's n-th best can qualify.
    """
    flat = totals.ravel()
    v = totals.shape[1]
    if n >= v:
        return np.argsort(-flat, kind="stable")[:n]
    row = totals[int(np.argmax(totals.max(axis=1)))]
    bound = np.partition(row, v - n)[v - n]  # the n-th largest of that row
    cand = np.flatnonzero(flat >= bound)  # ascending indices: a stable sort breaks ties by index
    return cand[np.argsort(-flat[cand], kind="stable")][:n]


def steps_of(hyp: Hypothesis, steps: list[DecoderStep]) -> list[DecoderStep]:
    """The decoder steps of one beam hypothesis: at step t, the batch row it occupied then."""
    return [
        DecoderStep(
            state=[],
            log_probs=s.log_probs[r : r + 1],
            layers=[{k: v[r : r + 1] for k, v in layer.items()} for layer in s.layers],
            attention=None if s.attention is None else s.attention[r : r + 1],
        )
        for s, r in zip(steps, hyp.rows, strict=False)
    ]


def _settled(finished: list[Hypothesis], live: list[tuple], beam_size: int, next_penalty: float) -> bool:
    """True when ``beam_size`` finished hypotheses all score at least what the best live one would score if
    it ended at the next step: its log p divided by ``next_penalty``, the length penalty lp(Y) at that length."""
    if len(finished) < beam_size:
        return False
    kth = sorted((h.score for h in finished), reverse=True)[beam_size - 1]
    return kth >= max(log_p for _, log_p, _ in live) / next_penalty


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
