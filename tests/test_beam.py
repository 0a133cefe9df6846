"""Beam search equals a plain reference beam search, and its parts do what they say.

``reference_beam`` below is written from the rule, not from ``seq2seq.decode``: every live hypothesis carries
its own decoder state, every one of its V extensions is scored, all B·V extensions are ranked by a full sort
(total log p, ties by lower flat index row·V + token), and the best 2·beam_size of them are taken in order: an
extension ending in ``</s>`` is finished, the others refill the beam up to beam_size (2·beam_size, as in GNMT
and Hugging Face, so that beam_size live ones remain even when beam_size of them end). Finished hypotheses
score log p / lp(n), lp(n) = ((5 + n) / 6)^α with n = pieces + 1. It uses neither ``top_candidates`` nor
``_settled``. On shipped checkpoints its n-best list must be ``beam_search``'s: same ids in the same order, same
scores.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import seq2seq
from seq2seq import decode
from seq2seq.decode import beam_search, top_candidates
from seq2seq.tokenizer import BOS_ID, EOS_ID
from seq2seq.trace import decoder_step, encode, initial_state

ALPHA = 0.6
MAX_LEN = 40
CHECKPOINTS = ["dates-lstm-attn", "en-de-gru-attn", "en-de-lstm"]
SENTENCES = [
    "I have read only ten pages so far.",
    "Where is the station?",
    "Can you help me, please?",
    "Friday, July 4, 1975",
]
BEAM_SIZES = [2, 3, 5]


@functools.cache
def model(name: str) -> seq2seq.Seq2Seq:
    return seq2seq.load(name)


def lp(n: int, alpha: float) -> float:
    """GNMT length penalty for a hypothesis of n target tokens (pieces and </s>)."""
    return ((5 + n) / 6) ** alpha


def reference_beam(
    w,
    src_ids: list[int],
    beam_size: int,
    max_len: int,
    alpha: float = ALPHA,
    *,
    encode_fn=encode,
    init_fn=initial_state,
    step_fn=decoder_step,
) -> list[tuple[list[int], float, float, bool]]:
    """Slow, plain beam search; returns the n-best list as (ids, log p, score, ended by </s>), best first."""
    enc = encode_fn(w, src_ids)
    live = [([], 0.0, init_fn(enc))]  # (pieces so far, their log p, decoder state before reading the last one)
    finished: list[tuple[list[int], float, float, bool]] = []

    def end(ids: list[int], log_p: float, complete: bool) -> None:
        finished.append((ids, log_p, log_p / lp(len(ids) + 1, alpha), complete))

    for t in range(max_len + 1):  # at step t every live hypothesis has t pieces
        # Each hypothesis carries its own (1, U) state rows; they are stacked into one call only so that float32
        # rounding is beam_search's (stepped alone, log p drifts by ~1e-6 over a dozen steps).
        state = [
            tuple(np.concatenate([h[2][layer][j] for h in live]) for j in range(len(live[0][2][layer])))
            for layer in range(len(live[0][2]))
        ]
        step = step_fn(w, enc, state, np.array([ids[-1] if ids else BOS_ID for ids, _, _ in live]))
        states = [[tuple(s[b : b + 1] for s in st) for st in step.state] for b in range(len(live))]
        totals = np.stack([log_p + step.log_probs[b].astype(np.float64) for b, (_, log_p, _) in enumerate(live)])
        # totals (B, V): the log p of every one-piece extension of every live hypothesis
        vocab = totals.shape[1]
        if t == max_len:  # no room for another piece: every live hypothesis ends here, cut by the length limit
            for b, (ids, _, _) in enumerate(live):
                end(ids, float(totals[b, EOS_ID]), complete=False)
            break
        flat = totals.ravel()
        ranked = np.lexsort((np.arange(flat.size), -flat))  # best total first; ties: lower flat index first
        new_live = []
        for i in ranked[: 2 * beam_size]:
            b, tok = divmod(int(i), vocab)
            ids = live[b][0]
            if tok == EOS_ID:
                end(ids, float(flat[i]), complete=True)
            elif len(new_live) < beam_size:
                new_live.append(([*ids, tok], float(flat[i]), states[b]))
        if not new_live:
            break
        if len(finished) >= beam_size:
            kth = sorted((f[2] for f in finished), reverse=True)[beam_size - 1]
            best_live = max(h[1] for h in new_live)  # it has t + 1 pieces: ended next, n = t + 2
            if not best_live / lp(t + 2, alpha) > kth:  # it could not enter the finished beam_size: stop
                break
        live = new_live
    return sorted(finished, key=lambda f: -f[2])[:beam_size]  # stable: earlier-finished first on equal scores


def as_tuples(hyps: list[decode.Hypothesis]) -> list[tuple[list[int], float, float, bool]]:
    return [(h.ids, h.log_prob, h.score, h.finished) for h in hyps]


def assert_same_nbest(got, want) -> None:
    assert [(ids, done) for ids, _, _, done in got] == [(ids, done) for ids, _, _, done in want]
    for (_, g_lp, g_score, _), (_, w_lp, w_score, _) in zip(got, want, strict=True):
        assert g_score == pytest.approx(w_score, abs=1e-6)
        assert g_lp == pytest.approx(w_lp, abs=1e-6)


# -- 1. beam_search equals the reference on shipped checkpoints ------------------------------------------------


@pytest.mark.parametrize("beam_size", BEAM_SIZES)
@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("name", CHECKPOINTS)
def test_beam_search_nbest_equals_a_plain_reference_beam_search(name, sentence, beam_size):
    m = model(name)
    _, src = m.source_ids(sentence)
    hyps, _, _ = beam_search(m.weights, src, beam_size, MAX_LEN, BOS_ID, EOS_ID, alpha=ALPHA)
    want = reference_beam(m.weights, src, beam_size, MAX_LEN)
    assert len(want) == beam_size
    assert_same_nbest(as_tuples(hyps), want)


@pytest.mark.parametrize("max_len", [1, 4])
@pytest.mark.parametrize("name", CHECKPOINTS)
def test_beam_search_cut_by_max_len_equals_the_reference_with_unfinished_hypotheses(name, max_len):
    m = model(name)
    _, src = m.source_ids(SENTENCES[0])
    hyps, _, _ = beam_search(m.weights, src, 3, max_len, BOS_ID, EOS_ID, alpha=ALPHA)
    want = reference_beam(m.weights, src, 3, max_len)
    assert_same_nbest(as_tuples(hyps), want)
    assert not all(done for *_, done in want)  # the length limit really ended some of them
    assert all(len(ids) <= max_len for ids, *_ in want)


def test_beam_search_keeps_beam_size_hypotheses_live_and_returns_beam_size_of_them():
    """A narrower beam than asked for would return fewer, or worse, hypotheses."""
    m = model("en-de-gru-attn")
    _, src = m.source_ids(SENTENCES[0])
    hyps, _, steps = beam_search(m.weights, src, 5, MAX_LEN, BOS_ID, EOS_ID, alpha=ALPHA)
    assert len(hyps) == 5
    assert [s.log_probs.shape[0] for s in steps[1:]] == [5] * (len(steps) - 1)  # 5 rows stepped after <s>


# -- 2. the length penalty decides the winner ---------------------------------------------------------------------

# Found by searching SENTENCES and two more on the three checkpoints with beams 2, 3, 5: the only cases where the
# α = 0.6 winner is neither the α = 0 winner nor the hypothesis with the highest raw log p in its own n-best list.
LP_CASES = [("en-de-lstm", "Where is the station?", 3), ("en-de-lstm", "Friday, July 4, 1975", 2)]


@pytest.mark.parametrize(("name", "sentence", "beam_size"), LP_CASES)
def test_length_penalty_changes_the_winner_and_beam_search_returns_the_penalised_one(name, sentence, beam_size):
    m = model(name)
    _, src = m.source_ids(sentence)
    hyps, _, _ = beam_search(m.weights, src, beam_size, MAX_LEN, BOS_ID, EOS_ID, alpha=ALPHA)
    raw, _, _ = beam_search(m.weights, src, beam_size, MAX_LEN, BOS_ID, EOS_ID, alpha=0.0)
    assert_same_nbest(as_tuples(hyps), reference_beam(m.weights, src, beam_size, MAX_LEN, alpha=ALPHA))
    assert_same_nbest(as_tuples(raw), reference_beam(m.weights, src, beam_size, MAX_LEN, alpha=0.0))
    assert hyps[0].ids != raw[0].ids
    assert raw[0].score == raw[0].log_prob  # α = 0: no penalty, the score is log p
    # Within the α = 0.6 n-best list the winner is not the one with the highest log p: the penalty decided, in
    # favour of a longer output.
    by_log_p = max(hyps, key=lambda h: h.log_prob)
    assert by_log_p.log_prob > hyps[0].log_prob and len(hyps[0].ids) > len(by_log_p.ids)
    assert by_log_p.log_prob / lp(len(by_log_p.ids) + 1, ALPHA) < hyps[0].log_prob / lp(len(hyps[0].ids) + 1, ALPHA)
    for h in hyps:
        assert h.score == pytest.approx(h.log_prob / lp(len(h.ids) + 1, ALPHA), abs=1e-9)


@pytest.mark.parametrize("alpha", [0.0, 0.6, 1.0, 2.5])
@pytest.mark.parametrize("n", [1, 2, 7, 40])
def test_length_penalty_is_the_gnmt_formula(n, alpha):
    assert decode.length_penalty(n, alpha) == pytest.approx(((5 + n) / 6) ** alpha, rel=1e-12)


def test_length_penalty_grows_with_length_for_positive_alpha():
    values = [decode.length_penalty(n, ALPHA) for n in range(1, 30)]
    assert values[0] == 1.0 and all(a < b for a, b in itertools.pairwise(values))


# -- 3. top_candidates equals a full stable sort --------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 40)),
        elements=st.sampled_from([-np.inf, -7.5, -3.0, -2.0, -1.0, -0.5, 0.0]),  # few values: many ties
    ),
    st.integers(1, 300),
)
def test_top_candidates_equals_a_stable_full_sort_with_ties_and_any_n(totals, n):
    want = np.argsort(-totals.ravel(), kind="stable")[:n]
    assert top_candidates(totals, n).tolist() == want.tolist()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.sampled_from([3, 60, 2800]), st.integers(1, 20))
def test_top_candidates_equals_a_stable_full_sort_on_log_prob_like_rows(seed, rows, vocab, n):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, (rows, vocab)).astype(np.float32).round(1)  # rounding makes ties
    totals = rng.normal(-5, 2, (rows, 1)) + (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True)))
    want = np.argsort(-totals.ravel(), kind="stable")[:n]
    assert top_candidates(totals, n).tolist() == want.tolist()


# -- the stopping rule at an exact tie (a made-up model: real log p never tie exactly) -----------------------------

V_TOY = 6  # 0 <pad>, 1 <unk>, 2 <s>, 3 </s>, 4 "a", 5 "b"
A, B = 4, 5


def toy_table() -> np.ndarray:
    """log p(next | last token) of a bigram 'decoder', built so that with α = 1 and beam 1:

    step 0: </s> at log p −1 finishes [] with score −1 / lp(1) = −1; "a" at log p −7/6 stays live and, ended
    next, would score (−7/6) / lp(2) = −1 exactly: a tie, so it could not enter and the search stops with [].
    Had it gone on, ["a", "b"] would finish at ≈ (−7/6 − 0.01 − 0.01) / lp(3) ≈ −0.89, better than −1.
    """
    rows = np.full((V_TOY, V_TOY), -30.0)
    rows[BOS_ID, [EOS_ID, A]] = [-1.0, -(7 / 6)]
    rows[A, [B, EOS_ID]] = [-0.01, -0.05]
    rows[B, [EOS_ID, B]] = [-0.01, -6.0]
    return rows


def toy_decoder(table: np.ndarray):
    def encode_fn(w, src_ids, intervention=None):
        return None

    def init_fn(enc):
        return [(np.zeros((1, 1)),)]

    def step_fn(w, enc, state, tokens, intervention=None):
        return decode.DecoderStep(
            state=[(np.zeros((len(tokens), 1)),)], log_probs=table[tokens], layers=[], attention=None
        )

    return encode_fn, init_fn, step_fn


def test_search_stops_when_the_best_live_hypothesis_only_ties_the_kth_finished(monkeypatch):
    """``_settled`` uses ≥: a live hypothesis whose best possible score equals the k-th finished score could not
    enter the n-best (a later equal score ranks after), so the search stops instead of going on."""
    encode_fn, init_fn, step_fn = toy_decoder(toy_table())
    assert -(7 / 6) / decode.length_penalty(2, 1.0) == -1.0  # the tie is exact in floating point
    want = reference_beam(None, [], 1, 10, alpha=1.0, encode_fn=encode_fn, init_fn=init_fn, step_fn=step_fn)
    assert [ids for ids, *_ in want] == [[]]
    monkeypatch.setattr(decode, "encode", encode_fn)
    monkeypatch.setattr(decode, "initial_state", init_fn)
    monkeypatch.setattr(decode, "decoder_step", step_fn)
    hyps, _, steps = beam_search(None, [], 1, 10, BOS_ID, EOS_ID, alpha=1.0)
    assert_same_nbest(as_tuples(hyps), want)
    assert len(steps) == 1
    # The toy really hides a better hypothesis behind the tie: with α = 1.5 the live bound (−7/6) / lp(2) ≈ −0.93
    # beats −1, the search goes on and finds ["a", "b"].
    hyps, _, _ = beam_search(None, [], 1, 10, BOS_ID, EOS_ID, alpha=1.5)
    assert hyps[0].ids == [A, B]
    want = reference_beam(None, [], 1, 10, alpha=1.5, encode_fn=encode_fn, init_fn=init_fn, step_fn=step_fn)
    assert_same_nbest(as_tuples(hyps), want)


def test_reference_beam_is_exhaustive_search_when_the_beam_is_wide_enough():
    """Sanity check of the reference itself on the toy model: with a beam wider than every path, the winner is
    the best-scoring sequence over all sequences up to the length limit (enumerated here)."""
    table = toy_table()
    encode_fn, init_fn, step_fn = toy_decoder(table)
    max_len, alpha = 3, 0.6
    best = (-math.inf, None)
    for n in range(max_len + 1):
        for seq in np.ndindex(*([V_TOY] * n)):
            if EOS_ID in seq:
                continue
            path = [BOS_ID, *seq, EOS_ID]
            log_p = sum(table[a, b] for a, b in itertools.pairwise(path))
            best = max(best, (log_p / lp(n + 1, alpha), list(seq)), key=lambda x: x[0])
    want = reference_beam(None, [], V_TOY**3, max_len, alpha, encode_fn=encode_fn, init_fn=init_fn, step_fn=step_fn)
    assert want[0][0] == best[1] and want[0][2] == pytest.approx(best[0], abs=1e-12)


# -- greedy decoding ends at </s> (a made-up model that emits it, and would go on after it) ------------------------


def test_greedy_stops_at_the_first_end_of_sentence_and_does_not_write_it(monkeypatch):
    """<s> → a → b → </s>, and after </s> the toy would write a again: greedy returns [a, b] from three steps,
    the last of which chose </s>; only the length limit cuts a sentence that never ends."""
    table = np.full((V_TOY, V_TOY), -30.0)
    table[BOS_ID, A], table[A, B], table[B, EOS_ID], table[EOS_ID, A] = -0.1, -0.2, -0.3, -0.1
    encode_fn, init_fn, step_fn = toy_decoder(table)
    monkeypatch.setattr(decode, "encode", encode_fn)
    monkeypatch.setattr(decode, "initial_state", init_fn)
    monkeypatch.setattr(decode, "decoder_step", step_fn)
    ids, _, steps = decode.greedy(None, [], 10, BOS_ID, EOS_ID)
    assert ids == [A, B] and len(steps) == 3
    assert [int(np.argmax(s.log_probs[0])) for s in steps] == [A, B, EOS_ID]
    table[B] = -30.0
    table[B, A] = -0.1  # now b → a → b → a …: no </s> ever
    ids, _, steps = decode.greedy(None, [], 5, BOS_ID, EOS_ID)
    assert ids == [A, B, A, B, A] and len(steps) == 6
