"""The state index: nearest training sentences and decoder steps, the PCA map, unit search, and the page's
Neighbours view. Shipped indices are checked against the numpy replay of the same weights; a tiny checkpoint
gets its index built here."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from explorer import endpoints, near, tab_views, texts
from explorer.registry import Registry, run_translation
from seq2seq.data import load_pairs
from seq2seq.index import FILES, MAX_FILE_BYTES, StateIndex, build
from seq2seq.inputs import InputError
from seq2seq.tokenizer import EOS_ID, normalize
from seq2seq.translator import load
from seq2seq.unitsearch import d_scores, matches, position_scores, search, words_of

from .conftest import ROOT

CHECKPOINTS = ROOT / "checkpoints"
INDEXED = sorted(p.parent.name for p in CHECKPOINTS.glob("*/index.json"))  # LSTM, GRU and SimpleRNN among them


def shipped(name):
    if name not in INDEXED:
        pytest.skip(f"{name} has no shipped index")
    return CHECKPOINTS / name


@pytest.fixture(scope="module")
def tiny_indexed(tiny_checkpoint, tmp_path_factory):
    folder = tmp_path_factory.mktemp("idx") / "tiny"
    shutil.copytree(tiny_checkpoint, folder)
    info = build(folder, max_pairs=600, step_sample=300, decoder_sample=300)
    return folder, info


def test_build_writes_every_file_small_and_loadable(tiny_checkpoint, tiny_indexed):
    folder, info = tiny_indexed
    assert all((folder / f).exists() for f in FILES)
    assert info["pairs"] == 600 and info["sampled"] and info["encoder_steps"] >= 300 and info["decoder_steps"] >= 300
    assert info["command"] == "python -m seq2seq.index checkpoints/tiny"
    index = StateIndex.load(folder)
    assert index.encoder_unit.shape == (600, 16) and np.allclose(
        np.linalg.norm(index.encoder_unit, axis=1), 1, atol=1e-3
    )
    for f in ("model.keras", "config.json", "src.model", "tgt.model"):  # the model files are untouched
        assert (folder / f).read_bytes() == (tiny_checkpoint / f).read_bytes(), f


@pytest.mark.parametrize("name", INDEXED or ["none"])
def test_shipped_index_files_stay_under_10_mb(name):
    folder = shipped(name)
    for f in FILES:
        assert (folder / f).stat().st_size < MAX_FILE_BYTES, f


@pytest.mark.parametrize("name", INDEXED or ["none"])
def test_a_training_sentence_is_its_own_first_neighbour_and_states_equal_the_replay(name):
    folder = shipped(name)
    model, index = load(folder), StateIndex.load(folder)
    rng = np.random.default_rng(1)
    for row in rng.choice(len(index.pairs), 5, replace=False):
        src, tgt = index.pairs[row]
        t = model.score(src, tgt)  # the replay, teacher-forced on the reference as the index was built
        h = t.trace.encoder_final(-1, "h")  # where the decoder starts ([→h_S; ←h_1] when bidirectional)
        first = index.nearest_sentences(h, 3)[0]
        assert first["similarity"] >= 0.999
        assert (first["source"], first["target"]) == (src, tgt) or index.encoder_unit[row] @ h / np.linalg.norm(
            h
        ) > 0.999
        # the stored state is the replay's, to float16 precision
        stored = np.load(folder / "index_encoder.npy", mmap_mode="r")[row].astype(np.float32)
        np.testing.assert_allclose(stored, h, atol=2e-3, rtol=2e-3)
    # encoder steps (unit search): a sampled step's stored h is the replay's h at that position, every unit
    # (a bidirectional encoder's backward half too: the padded batch's mask keeps ← from reading padding)
    smeta = np.load(folder / "index_steps_meta.npy")
    k = len(smeta) // 2
    pair, pos, piece = smeta[k]
    t = model.score(*index.pairs[pair])
    assert t.source_ids[pos] == piece
    stored = np.load(folder / "index_steps.npy", mmap_mode="r")[k].astype(np.float32)
    np.testing.assert_allclose(stored, t.trace.encoder[-1]["h"][pos], atol=2e-3, rtol=2e-3)
    # decoder steps: the stored state of a sampled step equals the replay's state at that step
    meta = index.decoder_meta
    pair, step, nxt = meta[len(meta) // 2]
    t = model.score(*index.pairs[pair])
    stored = np.load(folder / "index_decoder.npy", mmap_mode="r")[len(meta) // 2].astype(np.float32)
    np.testing.assert_allclose(stored, t.trace.decoder[-1]["h"][step], atol=2e-3, rtol=2e-3)
    assert model.tgt_tokenizer.pieces([int(nxt)])[0] == t.trace.decoder_outputs[step]


@pytest.mark.parametrize("name", INDEXED or ["none"])
def test_neighbours_come_from_the_training_split_only(name):
    folder = shipped(name)
    index, task = StateIndex.load(folder), load(folder).config.task
    train = {(normalize(s), normalize(t)) for s, t in load_pairs(task, "train")}
    held_out = {normalize(s) for split in ("dev", "test") for s, _ in load_pairs(task, split)}
    assert set(index.pairs) <= train
    assert not {s for s, _ in index.pairs} & held_out


def test_pca_projection_is_the_stored_fit(tiny_indexed):
    folder, _ = tiny_indexed
    index, model = StateIndex.load(folder), load(folder)
    t = model.translate("Friday, July 4, 1975")
    with np.load(folder / "index_pca.npz") as z:
        for side, states in (("encoder", t.trace.encoder[-1]["h"]), ("decoder", t.trace.decoder[-1]["h"])):
            expected = (states - z[f"{side}_mean"]) @ z[f"{side}_components"].T
            np.testing.assert_allclose(index.project(side, states), expected, atol=1e-6)
            comps = z[f"{side}_components"]
            np.testing.assert_allclose(comps @ comps.T, np.eye(2), atol=1e-5)  # orthonormal axes
            assert z[f"{side}_ratio"][0] >= z[f"{side}_ratio"][1] > 0


def test_the_pca_maps_are_centred_on_the_states_they_were_fitted_on(tiny_indexed):
    """Each side's mean is the mean of the states its axes were fitted on (encoder: final states and the step
    sample; decoder: the decoder sample), and the clouds drawn are those states minus it, projected."""
    folder, _ = tiny_indexed
    index = StateIndex.load(folder)
    finals = np.load(folder / "index_encoder.npy").astype(np.float32)
    decoder = np.load(folder / "index_decoder.npy").astype(np.float32)
    encoder = np.concatenate([finals, index.steps])
    np.testing.assert_allclose(index.pca["encoder_mean"], encoder.mean(axis=0), atol=2e-3)
    np.testing.assert_allclose(index.pca["decoder_mean"], decoder.mean(axis=0), atol=2e-3)
    np.testing.assert_allclose(index.encoder_xy, index.project("encoder", finals), atol=1e-5)
    np.testing.assert_allclose(index.decoder_xy, index.project("decoder", decoder), atol=1e-5)
    np.testing.assert_allclose(index.decoder_xy.mean(axis=0), 0.0, atol=2e-3)
    np.testing.assert_allclose(index.project("encoder", encoder).mean(axis=0), 0.0, atol=2e-3)


def test_nearest_steps_name_the_reference_prefix_and_the_next_piece(tiny_indexed):
    """A sampled decoder step t has read <s> y_1 … y_(t-1) of its reference; the prefix shown is those pieces
    and the next piece is y_t (</s> at the end), never part of the prefix."""
    folder, _ = tiny_indexed
    index, model = StateIndex.load(folder), load(folder)
    tok = model.tgt_tokenizer
    row = next(r for r, (_, step, _) in enumerate(index.decoder_meta) if step >= 2)
    pair, step, nxt = (int(v) for v in index.decoder_meta[row])
    source, target = index.pairs[pair]
    ids = [*tok.encode(target), EOS_ID]  # y_1 … y_n </s>
    assert nxt == ids[step]
    t = model.score(source, target)
    found = index.nearest_steps(t.trace.decoder[-1]["h"][step], tok.pieces, 4)
    assert len(found) == 4 and found[0]["similarity"] >= 0.999
    sims = [f["similarity"] for f in found]
    assert sims == sorted(sims, reverse=True)
    mine = [f for f in found if (f["source"], f["target"]) == (source, target)]
    assert mine and mine[0]["similarity"] >= 0.999, found
    assert mine[0]["prefix"] == tok.decode(ids[:step]) and mine[0]["next"] == tok.pieces([ids[step]])[0]


def test_unit_search_ranks_a_unit_that_is_one_exactly_on_the_selected_steps_first():
    rng = np.random.default_rng(0)
    states = rng.normal(0, 1, (400, 32)).astype(np.float32)
    selected = np.zeros(400, bool)
    selected[rng.choice(400, 40, replace=False)] = True
    states[selected, 11] = 1.0
    scores = d_scores(states, selected)
    assert np.argmax(np.abs(scores)) == 11 and scores[11] > 1.0
    positions = np.tile(np.arange(10), 40).astype(float)
    states[:, 5] = positions / 10 + rng.normal(0, 0.01, 400)
    r = position_scores(states, positions)
    assert np.argmax(np.abs(r)) == 5 and r[5] > 0.99


def test_unit_search_lists_units_by_the_size_of_their_score_largest_first():
    """A unit that is high on the digits and one that switches off there, less cleanly: both come first, in
    that order, and every listed unit scores at most as far from 0 as the one before."""
    pieces = ["▁Friday", ",", "▁July", "▁", "4", ",", "▁", "1", "9", "7", "5"]
    digits = matches("digits", pieces)
    rng = np.random.default_rng(0)
    states = rng.normal(0, 0.3, (len(pieces), 8))
    states[:, 6] = np.where(digits, 0.9, -0.9) + rng.normal(0, 0.01, len(pieces))
    states[:, 2] = np.where(digits, -0.5, 0.5) + rng.normal(0, 0.2, len(pieces))
    out = search(None, None, "digits", states, pieces, top=5)
    units, scores = zip(*out["units"], strict=True)
    assert units[:2] == (6, 2) and scores[0] > 0 > scores[1] and len(units) == 5
    assert [abs(s) for s in scores] == sorted((abs(s) for s in scores), reverse=True)
    assert out["sentence_mask"] == digits.tolist() and out["selected"] == int(digits.sum())


def test_patterns_select_the_pieces_they_name():
    pieces = ["▁Friday", ",", "▁July", "▁", "4", ",", "▁", "1", "9", "7", "5"]
    assert words_of(pieces)[7:] == ["1975"] * 4
    assert matches("year", pieces).tolist() == [False] * 7 + [True] * 4
    assert matches("digits", pieces).tolist() == [False] * 4 + [True] + [False] * 2 + [True] * 4
    assert matches("month", pieces).tolist() == [False, False, True] + [False] * 8
    assert matches("punctuation", pieces).tolist() == [False, True, False, False, False, True] + [False] * 5


def test_unit_search_over_a_span_and_a_reversed_model(tiny_indexed):
    folder, _ = tiny_indexed
    index, model = StateIndex.load(folder), load(folder)
    t = model.translate("Friday, July 4, 1975")
    h = t.trace.encoder[-1]["h"]
    out = search(index, model.src_tokenizer.pieces, "span", h, t.source_pieces, span=[0, 1], top=5)
    assert out["sentence_mask"][:2] == [True, True] and out["selected"] == 2 and len(out["units"]) == 5
    # reading order reversed: the mask follows the pieces, not the positions
    rev = search(None, model.src_tokenizer.pieces, "year", h[::-1], t.source_pieces[::-1], reverse=True)
    assert (
        rev["sentence_mask"]
        == search(None, model.src_tokenizer.pieces, "year", h, t.source_pieces)["sentence_mask"][::-1]
    )
    with pytest.raises(InputError, match="Select"):
        search(index, model.src_tokenizer.pieces, "span", h, t.source_pieces, span=[])


def test_the_view_says_how_to_build_a_missing_index_and_reads_a_built_one(tiny_checkpoint, tiny_indexed, tmp_path):
    shutil.copytree(tiny_checkpoint, tmp_path / "plain")
    shutil.copytree(tiny_indexed[0], tmp_path / "indexed")
    shutil.copytree(tiny_indexed[0], tmp_path / "torn")
    (tmp_path / "torn" / "index_encoder.npy").write_bytes(b"\x93NUMPY garbage")
    reg = Registry.load_all(tmp_path)
    t = run_translation(reg, "May 1, 1999", "indexed")
    md, fig, units = near.unit_search_view(reg, "plain", t, "digits", [], "en")  # no index: the sentence alone
    assert "this sentence only" in md and len(units) == 10
    with pytest.raises(InputError, match=r"python -m seq2seq.index checkpoints/plain"):
        near.trajectory_figure(reg, "plain", t)  # a map reads an index; it does not build one
    built = endpoints.api_neighbours(reg, "May 1, 1999", "plain", 3)  # the API builds it, as the page does
    assert len(built) == 3 and (tmp_path / "plain" / "index.json").exists()
    with pytest.raises(InputError, match="rebuild"):
        endpoints.api_neighbours(reg, "May 1, 1999", "torn", 3)
    rows = endpoints.api_neighbours(reg, "May 1, 1999", "indexed", 3)
    assert len(rows) == 3 and set(rows[0]) == {"source", "target", "similarity"}
    for k in (0, 101, "x", 2.5):
        with pytest.raises(InputError, match="k must be"):
            endpoints.api_neighbours(reg, "May 1, 1999", "indexed", k)
    fig = near.trajectory_figure(reg, "indexed", t, "ko")
    assert len(fig.data) == 5 and len(fig.data[1].x) == len(t.source_pieces)
    # the star: the sentence vector (h_S, what the cloud holds), here the path's last point
    index = StateIndex.load(tmp_path / "indexed")
    star = (fig.data[4].x[0], fig.data[4].y[0])
    assert np.allclose(star, index.project("encoder", t.trace.encoder[-1]["h"][-1:])[0], atol=1e-6)
    assert np.allclose(star, (fig.data[1].x[-1], fig.data[1].y[-1]), atol=1e-6) and fig.data[4].xaxis == "x"


def test_the_neighbours_tab_builds_a_missing_index_once_with_progress(tiny_checkpoint, tmp_path):
    shutil.copytree(tiny_checkpoint, tmp_path / "live-like")
    reg = Registry.load_all(tmp_path)
    t = run_translation(reg, "May 1, 1999", "live-like")
    seen = []
    out = tab_views.neighbours(reg, "near", t, "live-like", 3, 0, "ko", progress=lambda *a, **kw: seen.append((a, kw)))
    assert out["near_note"] == "" and len(out["near_sentences"].value["data"]) == 3
    assert out["trajectory"] is not None and len(out["near_steps"].value["data"]) == 3
    info = json.loads((tmp_path / "live-like" / "index.json").read_text())
    assert info["pairs"] <= near.ON_DEMAND_PAIRS and info["sampled"]
    ((done, total),) = seen[-1][0]
    assert done == total == info["pairs"] and seen[-1][1]["desc"] == texts.t("index_building", "ko")
    stamp = (tmp_path / "live-like" / "index.json").stat().st_mtime
    seen.clear()
    tab_views.neighbours(reg, "near", t, "live-like", 3, 0, "ko", progress=lambda *a, **kw: seen.append(a))
    assert seen == [] and (tmp_path / "live-like" / "index.json").stat().st_mtime == stamp  # built once


def test_two_pages_asking_at_once_build_the_index_once(tiny_checkpoint, tmp_path):
    shutil.copytree(tiny_checkpoint, tmp_path / "shared")
    reg = Registry.load_all(tmp_path)
    calls = []
    with ThreadPoolExecutor(2) as pool:
        ask = lambda _: near.state_index(reg, "shared", build=True, progress=lambda d, n: calls.append(d))
        found = list(pool.map(ask, range(2)))
    assert found[0] is found[1]
    assert calls.count(max(calls)) == 1  # one build reached its last batch


def test_without_its_training_data_the_tab_says_the_command_instead(tiny_checkpoint, tmp_path, monkeypatch):
    shutil.copytree(tiny_checkpoint, tmp_path / "ck" / "orphan")
    (tmp_path / "data").mkdir()
    reg = Registry.load_all(tmp_path / "ck", tmp_path / "data")
    t = run_translation(reg, "May 1, 1999", "orphan")
    out = tab_views.neighbours(reg, "near", t, "orphan", 3, 0, "en")
    assert "python -m seq2seq.index checkpoints/orphan" in out["near_note"] and out["near_sentences"] is None
    assert not (tmp_path / "ck" / "orphan" / "index.json").exists()
    tried = []
    monkeypatch.setattr(near, "build_index", lambda *a, **kw: tried.append(a))
    again = tab_views.neighbours(reg, "near", t, "orphan", 3, 0, "en")
    assert tried == [] and again["near_note"] == out["near_note"]  # a failed build is not retried on every view
    near.forget(tmp_path / "ck" / "orphan")  # a dropped model leaves nothing behind
    assert str(tmp_path / "ck" / "orphan") not in near._FAILED | set(near._BUILDING) | set(near._CACHE)


def test_a_bidirectional_map_marks_the_sentence_vector_that_is_not_on_the_path():
    """The encoder cloud holds training sentences' [→h_S; ←h_1]; the path holds [→h_t; ←h_t] at each step, so
    none of its points is the sentence's own vector: the star is, and the neighbours are measured from it."""
    reg = Registry.load_all()
    t = run_translation(reg, "Click the OK button.", "en-ko-rnn-attn")
    assert t.trace.bidirectional
    fig = near.trajectory_figure(reg, "en-ko-rnn-attn", t, "en", points=50)
    h = t.trace.encoder[-1]["h"]
    half = h.shape[1] // 2
    vector = np.concatenate([h[-1, :half], h[0, half:]])
    index = near.state_index(reg, "en-ko-rnn-attn")
    star = np.array([fig.data[4].x[0], fig.data[4].y[0]])
    assert np.allclose(star, index.project("encoder", vector[None, :])[0], atol=1e-5)
    path = np.stack([fig.data[1].x, fig.data[1].y], axis=1)
    assert np.min(np.linalg.norm(path - star, axis=1)) > 1e-3
    (note,) = [a for a in fig.layout.annotations if a.xref == "x"]  # the star's label, on the encoder map
    assert note.text == "[→h_S; ←h_1]<br>(sentence)" and (note.x, note.y) == tuple(star) and note.showarrow
