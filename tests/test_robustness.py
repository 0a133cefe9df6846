"""Arbitrary input never escapes as an unhandled exception; the server is launched hardened."""

from __future__ import annotations

import ast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import seq2seq
from explorer import figures, views
from seq2seq.cells import CELLS
from seq2seq.inputs import InputError

from .conftest import ROOT


@pytest.fixture(scope="module")
def model(tiny_checkpoint):
    return seq2seq.load(tiny_checkpoint)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=400),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
        st.from_regex(r"[A-Z][a-z]{2,8},? [A-Za-z]{3,9} \d{1,2}, \d{4}", fullmatch=True),
    ),
    beam=st.integers(1, 4),
)
def test_any_unicode_goes_through_the_whole_text_path(model, text, beam):
    clean = seq2seq.normalize(text)
    assert clean == clean.strip() and "  " not in clean
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in clean)
    try:
        t = model.translate(text, beam_size=beam)
    except InputError as e:
        assert 0 < len(str(e)) < 200
        return
    assert len(t.probs) == len(t.target_ids) + 1
    # every view draws the whole of it: one column per source piece or decoder step, one chip per output piece
    cell, n_src, n_out = CELLS[model.config.cell], len(t.source_pieces), len(t.target_ids) + 1
    for key in cell.keys:
        f_enc, f_dec, units = views.state_figures(t, key, "variance", 8)
        assert f_enc.data[0].z.shape == (len(units), n_src) and f_dec.data[0].z.shape == (len(units), n_out)
    bars = figures.topk_bars(t.trace, n_out - 1)
    assert list(bars.data[0].x) == [p for _, p in t.trace.topk[-1]]
    assert figures.step_gates(t.trace, cell, 0).data[0].z.shape == (len(cell.inner_order()), model.config.units)
    assert len(figures.saturation(t.trace, cell).data) == 2 * len(cell.gates)  # encoder and decoder, one layer
    if t.trace.attention is not None:
        assert figures.attention_heatmap(t.trace).data[0].z.shape == (n_out, n_src)
    assert views.pieces_html(t).count('<span class="piece') == n_out


def test_normalisation_is_nfkc_without_controls_and_with_collapsed_space():
    assert seq2seq.normalize("  ﬁne\u200b  day\t\n\x07!  ") == "fine day !"
    assert seq2seq.normalize("Ｎｏｖ　２５") == "Nov 25"


def test_launch_is_hardened():
    """The launch call: host from the environment (127.0.0.1 by default), no share link, no SSR, no run
    history, a small upload limit, no allowed_paths."""
    tree = ast.parse((ROOT / "app.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "launch"]
    assert len(calls) == 1
    kw = {k.arg: k.value for k in calls[0].keywords}
    assert ast.literal_eval(kw["share"]) is False and ast.literal_eval(kw["ssr_mode"]) is False
    assert ast.literal_eval(kw["run_history"]) is False and ast.literal_eval(kw["max_file_size"]) == "1mb"
    assert "allowed_paths" not in kw
    host = ast.unparse(kw["server_name"])
    assert "GRADIO_SERVER_NAME" in host and "127.0.0.1" in host
    queue = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "queue"]
    assert queue and {k.arg for k in queue[0].keywords} >= {"max_size", "default_concurrency_limit"}


def test_a_sentence_in_another_script_is_refused_and_a_stray_emoji_is_not():
    """Korean typed into an English model reads as "▁ <unk> ▁ <unk> ." and came out as confident nonsense
    ("나는 사과를 좋아해요." → "빼자는 빼."); a sentence whose words are mostly in letters the vocabulary lacks is
    refused with the share, one with a stray emoji or name still translates."""
    model = seq2seq.load("en-ko-rnn-attn")
    with pytest.raises(InputError) as e:
        model.translate("나는 사과를 좋아해요.")
    assert e.value.key == "mostly_unreadable_sentences" and e.value.params == {"share": 100}
    with pytest.raises(InputError) as e:
        model.translate("Tom 사과를 정말 좋아해.")  # 3 of 4 words in letters the vocabulary lacks
    assert e.value.params == {"share": 75}
    assert model.translate("I like 🍎 apples 😀.").text and model.translate("Tom and 영희 go to school.").text
