"""The playback payload: every number the browser draws comes from the trace, the diagram's terms from the cell's
spec, the colours from the heatmap figures' own scales — nothing about a cell is restated in playback.js."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from plotly import colors as plotly_colors

from explorer import figures, playback
from explorer.registry import Registry, run_translation
from seq2seq.cells import CELLS

CHECKPOINTS = {"rnn": "dates-rnn", "lstm": "dates-lstm", "gru": "dates-gru"}


@pytest.fixture(scope="module")
def reg():
    return Registry.load_all()


@pytest.mark.parametrize("cell", list(CELLS))
def test_the_diagram_s_terms_are_the_parts_the_model_s_states_are_made_of(reg, cell):
    t = run_translation(reg, "Friday, July 4, 1975", CHECKPOINTS[cell])
    units = np.array([3, 0, 17])
    d = json.loads(playback.to_json(t, units))
    names = [name for name, _ in CELLS[cell].terms]
    assert set(d["enc_terms"]) == set(d["dec_terms"]) == set(names)
    enc, dec = t.trace.encoder[0], t.trace.decoder[0]
    if cell == "lstm":  # c_t = f⊙c₍t−1₎ + i⊙g on both sides; the decoder starts from the encoder's final c
        for side, rec in (("enc", enc), ("dec", dec)):
            total = np.array(d[f"{side}_terms"]["fc"]) + np.array(d[f"{side}_terms"]["ig"])
            np.testing.assert_allclose(total, rec["c"][:, units], atol=1e-4)
            np.testing.assert_allclose(d[f"{side}_terms"]["tanh_c"], np.tanh(rec["c"][:, units]), atol=1e-4)
        np.testing.assert_allclose(d["dec_terms"]["fc"][0], dec["f"][0, units] * enc["c"][-1, units], atol=1e-4)
    if cell == "gru":  # h_t = z⊙h₍t−1₎ + (1−z)⊙h̃
        for side, rec in (("enc", enc), ("dec", dec)):
            total = np.array(d[f"{side}_terms"]["zh"]) + np.array(d[f"{side}_terms"]["zhh"])
            np.testing.assert_allclose(total, rec["h"][:, units], atol=1e-4)
        np.testing.assert_allclose(d["enc_terms"]["zh"][0], 0.0, atol=1e-9)  # the encoder starts from zeros


def test_the_colours_are_the_heatmaps_own_scales():
    d = playback.scales()
    gate, state = plotly_colors.get_colorscale(figures.GATE), plotly_colors.get_colorscale(figures.DIVERGING)
    assert [p for p, _ in d["gate"]] == [float(p) for p, _ in gate]
    assert [p for p, _ in d["state"]] == [2 * float(p) - 1 for p, _ in state]
    assert d["state"][0][1] == "#053061" and d["state"][-1][1] == "#67001f"  # RdBu_r: blue low, red high
    assert d["gate"][0][1] == "#440154" and d["gate"][-1][1] == "#fde725"  # Viridis


def test_playback_js_restates_no_equation_or_colour():
    js = playback.JS
    assert not re.search(r"Math\.tanh|1 - v\.z|v\.[a-z]+ \* v\.", js)  # the terms come with the data
    assert not re.search(r"#440154|#053061|#fde725|#67001f", js)  # so do the colours


def bidirectional_model(cell: str, tokenizers, folder, max_target_pieces: int, seed: int | None = None):
    """A fresh 8-unit bidirectional encoder–decoder with attention on the dates' tokenizers (units 4…7 read ←);
    with ``seed``, every weight drawn from N(0, 0.4²) instead of Keras' initialisers (sharper gates)."""
    import keras

    from seq2seq.config import ModelConfig
    from seq2seq.model import build_model
    from seq2seq.translator import Seq2Seq

    src_tok, tgt_tok = tokenizers
    cfg = ModelConfig(
        task="dates",
        cell=cell,
        units=8,
        embedding_dim=6,
        attention=True,
        bidirectional=True,
        src_vocab_size=src_tok.vocab_size,
        tgt_vocab_size=tgt_tok.vocab_size,
        max_target_pieces=max_target_pieces,
    )
    if seed is not None:
        keras.utils.set_random_seed(seed)
    model = build_model(cfg)
    if seed is not None:
        rng = np.random.default_rng(seed)
        model.set_weights([rng.normal(0, 0.4, w.shape).astype(np.float32) for w in model.get_weights()])
    return Seq2Seq(folder, cfg, None, model, src_tok, tgt_tok)  # reads the weights it replays from ``model``


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_bidirectional_encoder_s_backward_units_are_shown_reading_from_the_end(cell, tokenizers, tmp_path):
    """Units U/2 … U−1 of a bidirectional encoder read the last piece first: the diagram's terms start each of
    their steps from the column after it (zeros at the end), the decoder from [→h_S; ←h_1], and the heatmap
    and the playback mark those rows ←."""
    from explorer import views

    s2s = bidirectional_model(cell, tokenizers, tmp_path, max_target_pieces=12, seed=3)
    t = s2s.translate("Friday, July 4, 1975")
    units = np.array([1, 6, 4])  # forward, backward, backward
    d = json.loads(playback.to_json(t, units))
    assert d["backward_from"] == 4
    enc = t.trace.encoder[0]
    state = "c" if cell == "lstm" else "h"
    prev = np.vstack([enc[state][1:], np.zeros_like(enc[state][:1])])[:, units[1:]]  # the column after
    first = "fc" if cell == "lstm" else "zh"
    gate = enc["f" if cell == "lstm" else "z"][:, units[1:]]
    np.testing.assert_allclose(np.array(d["enc_terms"][first])[:, 1:], gate * prev, atol=1e-4)
    np.testing.assert_allclose(d["dec_init"][state], t.trace.encoder_final(0, state)[units], atol=1e-4)
    f_enc, f_dec, _ = views.state_figures(t, "h", "variance", 8, 0, "en")
    assert set(f_enc.layout.yaxis.ticktext) == {f"{u}→" for u in range(4)} | {f"{u}←" for u in range(4, 8)}
    assert all("←" not in str(x) and "→" not in str(x) for x in f_dec.layout.yaxis.ticktext)
    # the other encoder heatmaps of the page label the rows the same way: unit search, intervention difference
    from explorer import figures
    from explorer.registry import Registry
    from seq2seq.trace import Intervention

    fig = figures.unit_search_heatmap(enc["h"], t.source_pieces, [(1, 0.5), (6, -0.25)], None, "", backward_from=4)
    assert list(fig.layout.yaxis.ticktext) == ["1→ (+0.50)", "6← (-0.25)"]
    reg = Registry(models={"bi": s2s})
    *_, diff = views.intervention_view(reg, "Friday, July 4, 1975", "bi", Intervention("encoder", 0, "h", (5,), 0.0))
    assert {str(x)[-1] for x in diff.layout.yaxis.ticktext} <= {"→", "←"} and "5←" in diff.layout.yaxis.ticktext


def test_the_api_says_which_encoder_units_read_backward(reg, tokenizers, tmp_path):
    """``to_dict`` carries ``encoder_backward_from``: U/2 for a bidirectional encoder, null for one direction."""
    both = bidirectional_model("gru", tokenizers, tmp_path, max_target_pieces=8).translate("July 4, 1975").to_dict()
    assert both["encoder_backward_from"] == 4
    assert run_translation(reg, "July 4, 1975", "dates-gru").to_dict()["encoder_backward_from"] is None
