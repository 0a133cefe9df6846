"""The Python API on a checkpoint made by the training CLI: load, translate, score, errors, resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import seq2seq
from seq2seq.checkpoints import CheckpointError
from seq2seq.decode import keras_greedy
from seq2seq.tokenizer import BOS_ID, EOS_ID

from .conftest import ROOT, TINY_ARGS
from .keras_reference import teacher_forced


def test_checkpoint_folder_has_every_file(tiny_checkpoint):
    names = {p.name for p in tiny_checkpoint.iterdir()}
    assert {"model.keras", "config.json", "src.model", "tgt.model", "history.json", "train_state.json"} <= names
    assert "resume.keras" not in names  # finished runs keep only what inference needs
    history = json.loads((tiny_checkpoint / "history.json").read_text())["epochs"]
    assert [h["epoch"] for h in history] == [1, 2]
    assert all(h["dev_loss"] > 0 and h["seconds"] > 0 for h in history)
    cfg = json.loads((tiny_checkpoint / "config.json").read_text())
    assert seq2seq.ModelConfig.from_dict(cfg["model"]).cell == "lstm"


def test_translate_returns_text_pieces_and_trace(tiny_checkpoint):
    model = seq2seq.load(tiny_checkpoint)
    t = model.translate("Wednesday, November 25, 2026")
    assert t.text == model.tgt_tokenizer.decode(t.target_ids)
    assert t.target_pieces == model.tgt_tokenizer.pieces(t.target_ids)
    assert t.source_pieces == model.src_tokenizer.pieces(t.source_ids)
    assert len(t.probs) == len(t.target_ids) + 1
    steps = len(t.target_ids) + 1
    assert set(t.trace.encoder[0]) == {"h", "c", "i", "f", "g", "o"}
    assert t.trace.encoder[0]["h"].shape == (len(t.source_ids), model.config.units)
    assert t.trace.decoder[0]["c"].shape == (steps, model.config.units)
    assert t.trace.attention.shape == (steps, len(t.source_ids))
    assert len(t.trace.topk) == steps and len(t.trace.topk[0]) == 5
    assert t.trace.topk[0][0][1] >= t.trace.topk[0][1][1]
    # the trained model decodes the same through Keras as through the replay
    assert keras_greedy(model.keras_model, t.source_ids, 64, BOS_ID, EOS_ID) == t.target_ids
    d = json.loads(json.dumps(t.to_dict()))  # everything is JSON-serialisable, and reads back as it was
    assert (d["translation"], d["target_pieces"], d["source_pieces"]) == (t.text, t.target_pieces, t.source_pieces)
    assert np.abs(np.array(d["probabilities"]) - t.probs).max() <= 5e-7
    assert np.abs(np.array(d["decoder"][0]["c"]) - t.trace.decoder[0]["c"]).max() <= 5e-7
    assert np.abs(np.array(d["attention"]) - t.trace.attention).max() <= 5e-7


@pytest.mark.parametrize("name", ["en-de-lstm-attn", "dates-gru", "en-ko-rnn-attn"])
def test_the_compact_api_arrays_equal_the_trace_and_can_be_left_out(name):
    folder = ROOT / "checkpoints" / name
    if not folder.exists():
        pytest.skip(f"{name} is not shipped")
    t = seq2seq.load(folder).translate("I have read only ten pages so far." if "en" in name else "Nov 25, 2026")
    d = json.loads(json.dumps(t.to_dict()))  # what a client receives
    for side in ("encoder", "decoder"):
        for sent, layer in zip(d[side], getattr(t.trace, side), strict=True):
            assert sent.keys() == layer.keys()
            for k, v in layer.items():
                assert np.abs(np.array(sent[k]) - v).max() <= 1e-5, (side, k)
    if t.trace.attention is not None:
        assert np.abs(np.array(d["attention"]) - t.trace.attention).max() <= 1e-5
    longest = max(
        len(json.dumps(x))
        for side in ("encoder", "decoder")
        for layer in d[side]
        for row in layer.values()
        for x in row[0]
    )
    assert longest <= 9  # "-0.123456": 6 decimals, not a float32 widened to 17 digits
    light = t.to_dict(arrays=False)
    assert light["encoder"] is None and light["decoder"] is None and light["attention"] is None
    assert light["translation"] == d["translation"] and light["probabilities"] == d["probabilities"]
    assert len(json.dumps(light)) < len(json.dumps(d)) / 10


def test_beam_search_returns_an_nbest_list_best_first(tiny_checkpoint):
    model = seq2seq.load(tiny_checkpoint)
    t = model.translate("Nov 25, 2026", beam_size=4)
    assert 1 <= len(t.nbest) <= 4
    scores = [s for _, s in t.nbest]
    assert scores == sorted(scores, reverse=True)
    assert t.nbest[0][0] == t.text
    # the trace read off the beam equals a fresh teacher-forced replay of the winning hypothesis's own ids
    r = teacher_forced(model, t)
    assert np.abs(r.decoder[0]["c"] - t.trace.decoder[0]["c"]).max() <= 1e-6
    assert np.abs(r.probs - np.array(t.probs)).max() <= 1e-6


def test_score_gives_each_reference_piece_a_probability(tiny_checkpoint):
    model = seq2seq.load(tiny_checkpoint)
    s = model.score("Nov 25, 2026", reference="2026년 11월 25일")
    assert s.target_pieces == model.tgt_tokenizer.pieces(model.tgt_tokenizer.encode("2026년 11월 25일"))
    assert len(s.probs) == len(s.target_ids) + 1 and all(0 < p <= 1 for p in s.probs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \t\n ", "empty"),
        ("\x00\x07", "empty"),
        ("x" * 301, "too long"),
        ("1 " * 100, "too long"),
        ("Привет мир", "cannot read"),
        ("😀😀", "cannot read"),
    ],
)
def test_bad_input_gets_a_clear_message(tiny_checkpoint, text, message):
    model = seq2seq.load(tiny_checkpoint)
    with pytest.raises(seq2seq.InputError, match=message):
        model.translate(text)


def test_the_character_limit_takes_exactly_max_input_chars(tiny_checkpoint, monkeypatch):
    """300 characters (after normalisation) are translated, 301 refused. The piece limit is lifted here, so that
    only the characters decide."""
    from seq2seq import translator

    monkeypatch.setattr(translator, "MAX_SOURCE_PIECES", 10 * seq2seq.MAX_INPUT_CHARS)
    model = seq2seq.load(tiny_checkpoint)
    text = ("Nov 25, 2026 " * 30)[: seq2seq.MAX_INPUT_CHARS]
    assert len(seq2seq.normalize(text)) == seq2seq.MAX_INPUT_CHARS == 300
    assert model.translate(text).source_text == text
    with pytest.raises(seq2seq.InputError, match="Input is too long: 301 characters"):
        model.translate(text + "1")


def test_unknown_cell_name_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown cell type 'transformer'"):
        seq2seq.ModelConfig(cell="transformer")


def test_missing_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(CheckpointError, match="no such checkpoint"):
        seq2seq.load(tmp_path / "nope")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete", "config", "mismatch"])
def test_corrupt_checkpoint_is_reported_by_name(tiny_checkpoint, tmp_path, damage):
    broken = tmp_path / "broken-ckpt"
    shutil.copytree(tiny_checkpoint, broken)
    model_file, cfg_file = broken / "model.keras", broken / "config.json"
    if damage == "truncate":
        model_file.write_bytes(model_file.read_bytes()[: model_file.stat().st_size // 2])
    elif damage == "garbage":
        model_file.write_bytes(b"not a model")
    elif damage == "delete":
        model_file.unlink()
    elif damage == "config":
        cfg_file.write_text("{ not json")
    else:
        cfg = json.loads(cfg_file.read_text())
        cfg["model"]["cell"] = "gru"
        cfg_file.write_text(json.dumps(cfg))
    with pytest.raises(CheckpointError, match="broken-ckpt"):
        seq2seq.load(broken)


def _train_cmd(out, epochs, *extra):
    return [
        sys.executable,
        "-m",
        "seq2seq.train",
        *TINY_ARGS,
        *extra,
        "--max-train-pairs",
        "3000",
        "--batch-size",
        "8",
        "--name",
        "run",
        "--out",
        str(out),
        "--cell",
        "gru",
        "--epochs",
        str(epochs),
    ]


def saved_epochs(folder) -> int:
    """The last complete epoch a run has saved into its folder (0 before the first)."""
    try:
        return json.loads((folder / "train_state.json").read_text())["epoch"]
    except (FileNotFoundError, json.JSONDecodeError):  # not yet, or between the two renames of a save
        return 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "extra", [(), ("--label-smoothing", "0.1"), ("--dropout", "0.3")], ids=["plain", "smoothed", "dropout"]
)
def test_a_run_killed_mid_epoch_resumes_from_its_last_complete_epoch(tmp_path, extra):
    folder = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        _train_cmd(tmp_path, 3, *extra), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.time() + 300
    while saved_epochs(folder) < 1:  # the run's signal: epoch 1 is on disk, so epoch 2 is under way
        assert proc.poll() is None and time.time() < deadline, "the run ended before saving epoch 1"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # at once: epoch 2 takes seconds, so the kill lands inside it
    proc.wait()
    state = json.loads((folder / "train_state.json").read_text())
    assert state["epoch"] == 1 and not state["finished"], "the kill must land during epoch 2"
    assert state["seed_states"], "the dropout masks' seed states travel with resume.keras"
    seq2seq.load(folder).translate("Nov 25, 2026")  # the last complete checkpoint is intact
    epoch1 = json.loads((folder / "history.json").read_text())["epochs"][0]

    out = subprocess.run(
        _train_cmd(tmp_path, 3, *extra), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "resuming after epoch 1" in out.stdout
    history = json.loads((folder / "history.json").read_text())["epochs"]
    assert [h["epoch"] for h in history] == [1, 2, 3] and history[0] == epoch1
    assert not list(tmp_path.glob("run.*")), "no temporary folders are left behind"
    assert "seed_states" not in json.loads((folder / "train_state.json").read_text())
    if "--dropout" in extra:  # the resumed run is the run it would have been: same masks, same losses
        whole = tmp_path / "whole"
        cmd = _train_cmd(whole, 3, *extra)
        subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True)
        uninterrupted = json.loads((whole / "run" / "history.json").read_text())["epochs"]
        losses = [h[k] for h in history for k in ("train_loss", "dev_loss")]
        # equal up to float noise; without the seed states epoch 2 differed by 0.4%
        assert losses == pytest.approx([h[k] for h in uninterrupted for k in ("train_loss", "dev_loss")], rel=1e-6)


def test_the_same_input_gives_the_same_output_in_another_process(tiny_checkpoint):
    code = (
        f"import seq2seq, json, numpy as np; t = seq2seq.load({str(tiny_checkpoint)!r})"
        ".translate('May 1, 1999', beam_size=3);"
        "print(json.dumps([t.text, float(np.sum(t.trace.decoder[0]['h']))]))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
        for _ in range(2)
    ]
    outs = [json.loads(r.stdout.strip().splitlines()[-1]) for r in runs]
    t = seq2seq.load(tiny_checkpoint).translate("May 1, 1999", beam_size=3)
    assert outs[0] == outs[1]
    assert outs[0][0] == t.text and np.isclose(outs[0][1], float(np.sum(t.trace.decoder[0]["h"])))


def test_beam_of_width_one_without_length_penalty_is_greedy(tiny_checkpoint):
    from seq2seq.decode import beam_search, greedy

    model = seq2seq.load(tiny_checkpoint)
    for text in ["Nov 25, 2026", "Monday, March 3, 1980", "July 4, 2049"]:
        _, src = model.source_ids(text)
        ids, _, _ = greedy(model.weights, src, 30, BOS_ID, EOS_ID)
        assert beam_search(model.weights, src, 1, 30, BOS_ID, EOS_ID, alpha=0.0)[0][0].ids == ids


def test_evaluate_writes_scores_overall_and_by_length(tiny_checkpoint):
    from seq2seq import evaluate

    evaluate.main([str(tiny_checkpoint), "--beam", "1", "2", "--limit", "30"])
    metrics = json.loads((tiny_checkpoint / "metrics.json").read_text())
    for key in ("beam1", "beam2"):
        m = metrics[key]
        assert m["sentences"] == 30 and 0 <= m["bleu"] <= 100 and 0 <= m["chrf"] <= 100
        assert sum(b["sentences"] for b in m["by_source_length"].values()) == 30
    assert metrics["parameters"] == seq2seq.load(tiny_checkpoint).keras_model.count_params()


def test_evaluate_takes_a_name_and_writes_into_that_checkpoints_own_folder(tiny_checkpoint, tmp_path, monkeypatch):
    """A name (as ``load()`` accepts) means the checkpoint folder under the checkpoints root, never ./<name>;
    metrics.json is written through the atomic folder writer."""
    from seq2seq import evaluate

    root = tmp_path / "root"
    shutil.copytree(tiny_checkpoint, root / "named")
    (root / "named" / "metrics.json").unlink(missing_ok=True)
    monkeypatch.chdir(tmp_path)
    evaluate.main(["named", "--checkpoints-dir", str(root), "--beam", "1", "--limit", "5"])
    assert json.loads((root / "named" / "metrics.json").read_text())["beam1"]["sentences"] == 5
    assert not (tmp_path / "named").exists() and not list(root.glob("named.*"))


def test_model_card_without_parameters_in_metrics_still_renders(tiny_checkpoint, tmp_path):
    from seq2seq import card

    folder = tmp_path / "no-params"
    shutil.copytree(tiny_checkpoint, folder)
    (folder / "metrics.json").write_text(json.dumps({"split": "test"}))
    text = card.card(folder)
    assert "**Size**: `model.keras`" in text and "Parameters" not in text


@pytest.mark.parametrize("beam", [2.5, "2.5", "5; rm -rf /", True, None, 0, 11, "x"])
def test_beam_size_that_is_not_a_whole_number_from_1_to_10_is_refused(tiny_checkpoint, beam):
    model = seq2seq.load(tiny_checkpoint)
    with pytest.raises(seq2seq.InputError, match="whole number between 1 and 10"):
        model.translate("Nov 25, 2026", beam_size=beam)


@pytest.mark.parametrize("beam", [3, 3.0, "3", np.int64(3)])
def test_beam_size_given_as_a_whole_number_of_any_type_is_taken(tiny_checkpoint, beam):
    model = seq2seq.load(tiny_checkpoint)
    assert model.translate("Nov 25, 2026", beam_size=beam).nbest == model.translate("Nov 25, 2026", beam_size=3).nbest


def test_model_card_and_table_come_from_the_checkpoint_files(tiny_checkpoint):
    from seq2seq import card

    text = card.card(tiny_checkpoint)
    state = json.loads((tiny_checkpoint / "train_state.json").read_text())
    assert text.startswith(f"# {tiny_checkpoint.name}") and "LSTM encoder–decoder" in text
    assert f"{state['epoch']} epochs" in text and "Known weaknesses" in text and "GPL" not in text
    row = card.table(tiny_checkpoint.parent).splitlines()[-1]
    assert row.startswith(f"| `{tiny_checkpoint.name}` | lstm | yes | in order |")
    pairs = ((True, False), (False, True), (True, True))
    assert [card.reading({"reverse_source": r, "bidirectional": b}) for r, b in pairs] == [
        "reversed",
        "both ways",
        "both ways (reversed)",
    ]


def test_reversal_table_pairs_checkpoints_that_differ_only_in_reversal(tiny_checkpoint, tmp_path):
    """Two finished copies that differ only in reverse_source make one row; a third that also differs in
    the cell, and an unfinished one, make none and are marked as such in the main table."""
    from seq2seq import card

    def copy(name, exact, finished=True, **model):
        folder = tmp_path / name
        shutil.copytree(tiny_checkpoint, folder)
        cfg = json.loads((folder / "config.json").read_text())
        cfg["model"].update(model)
        (folder / "config.json").write_text(json.dumps(cfg))
        state = json.loads((folder / "train_state.json").read_text())
        (folder / "train_state.json").write_text(json.dumps({**state, "finished": finished}))
        one = {"bleu": 0.0, "chrf": 0.0, "exact_match": exact}
        (folder / "metrics.json").write_text(json.dumps({"parameters": 7, "beam1": one, "beam5": one}))

    copy("a-fwd", 50.0)
    copy("b-rev", 60.0, reverse_source=True)
    copy("c-gru-rev", 70.0, reverse_source=True, cell="gru")
    copy("d-unfinished", 80.0, finished=False, reverse_source=True)
    rows = card.reversal_table(tmp_path).splitlines()[2:]
    assert len(rows) == 1 and rows[0].startswith("| dates | `a-fwd` | `b-rev` | 50.0% exact → 60.0% exact |")
    assert "in progress" in card.table(tmp_path).splitlines()[-1]


def test_readers_never_touch_a_live_writers_folders(tiny_checkpoint, tmp_path):
    """Loading (the app, a test) while training writes: the writer's temporary folder stays, and a reader
    that arrives between the writer's two renames reads the previous complete version."""
    from seq2seq.checkpoints import recover

    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        shutil.copytree(tiny_checkpoint, tmp_path / "ck")
        shutil.copytree(tiny_checkpoint, tmp_path / f"ck.tmp-{writer.pid}")
        seq2seq.load(tmp_path / "ck")
        assert (tmp_path / f"ck.tmp-{writer.pid}").exists()
        (tmp_path / "ck").rename(tmp_path / f"ck.old-{writer.pid}")  # the writer is between its renames
        model = seq2seq.load(tmp_path / "ck")
        assert model.name == "ck" and (tmp_path / f"ck.old-{writer.pid}").exists()
        recover(tmp_path / "ck")  # another writer leaves a live writer's folders alone too
        assert (tmp_path / f"ck.old-{writer.pid}").exists() and not (tmp_path / "ck").exists()
    finally:
        writer.kill()
        writer.wait()
    recover(tmp_path / "ck")  # its writer is gone: finish the swap, drop its temporary folder
    assert (tmp_path / "ck").is_dir() and not list(tmp_path.glob("ck.*"))


@pytest.mark.slow
def test_subword_dropout_resegments_training_pairs_each_epoch_and_keeps_the_text(tiny_checkpoint, tmp_path):
    import sentencepiece as spm

    from seq2seq.tokenizer import Tokenizer
    from seq2seq.train import train

    tok = Tokenizer(tiny_checkpoint / "src.model")
    text = "Wednesday, November 25, 2026"
    fixed = tok.encode(text)
    spm.set_random_generator_seed(7)
    sampled = [tok.encode(text, 0.3) for _ in range(20)]
    assert all(tok.decode(ids) == tok.decode(fixed) for ids in sampled)  # the same text, other pieces
    assert any(ids != fixed for ids in sampled) and all(len(ids) >= len(fixed) for ids in sampled)
    spm.set_random_generator_seed(7)
    assert [tok.encode(text, 0.3) for _ in range(20)] == sampled  # seeded: a resumed run repeats its epochs
    assert tok.encode(text, 0.0) == fixed

    folder = train([*TINY_ARGS, "--name", "swd", "--out", str(tmp_path), "--epochs", "1", "--subword-dropout", "0.1"])
    saved = json.loads((folder / "config.json").read_text())["train"]
    assert saved["subword_dropout"] == 0.1
    seq2seq.load(folder).translate(text)  # inference uses the fixed pieces


@pytest.mark.parametrize("epsilon", [0.0, 0.1])
def test_smoothed_loss_is_keras_cross_entropy_at_zero_and_the_formula_otherwise(epsilon):
    import keras

    from seq2seq.train import smoothed_loss

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(3, 5, 7)).astype(np.float32)  # (B, T, V)
    y = rng.integers(1, 7, size=(3, 5)).astype(np.int32)
    y[0, 3:] = 0  # padding
    y[2, 1:] = 0
    got = float(smoothed_loss(epsilon)(y, logits))
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    nll = -np.take_along_axis(logp, y[..., None], -1)[..., 0]
    per_token = (1 - epsilon) * nll - epsilon * logp.mean(-1)
    mask = y != 0
    assert abs(got - per_token[mask].mean()) < 1e-5
    if epsilon == 0:
        keras_ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)
        assert abs(got - float(keras_ce(y, logits))) < 1e-5


@pytest.mark.slow
def test_select_chrf_keeps_the_weights_of_the_best_dev_chrf(tmp_path):
    import sacrebleu

    from seq2seq.data import load_pairs
    from seq2seq.tokenizer import normalize
    from seq2seq.train import DEV_CHRF_PAIRS, train

    args = ["--name", "sel", "--out", str(tmp_path), "--epochs", "3", "--patience", "3", "--select", "chrf"]
    folder = train([*TINY_ARGS, "--max-train-pairs", "1500", "--batch-size", "16", "--learning-rate", "0.01", *args])
    history = json.loads((folder / "history.json").read_text())["epochs"]
    state = json.loads((folder / "train_state.json").read_text())
    chrfs = [h["dev_chrf"] for h in history]
    assert len(chrfs) == 3 and state["best_dev_chrf"] == max(chrfs)
    assert state["best_epoch"] == 1 + chrfs.index(max(chrfs))
    model = seq2seq.load(folder)  # the kept weights translate dev to the recorded chrF
    dev = [(normalize(s), normalize(t)) for s, t in load_pairs("dates", "dev")][:DEV_CHRF_PAIRS]
    hyps = [model.translate(s).text for s, _ in dev]
    assert abs(sacrebleu.corpus_chrf(hyps, [[t for _, t in dev]]).score - state["best_dev_chrf"]) < 1e-2
    from explorer import views
    from seq2seq.card import card

    chrf = f"{state['best_dev_chrf']:.2f}"
    assert f"kept the best dev chrF, {chrf} (epoch {state['best_epoch']}" in card(folder)  # the model card
    for lang, said in (("en", "best dev chrF"), ("ko", "검증 chrF")):  # the app's card, in both languages
        text = views.model_card(model, lang)[0]
        assert said in text and chrf in text


def test_loading_a_checkpoint_to_translate_imports_no_tensorflow(tiny_checkpoint):
    code = (
        "import json, sys, seq2seq; m = seq2seq.load(sys.argv[1]); t = m.translate('Monday, March 3, 2025'); "
        "print(json.dumps([t.probs, sorted(k for k in ('tensorflow', 'keras') if k in sys.modules)]))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tiny_checkpoint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    probs, imported = json.loads(out.stdout.strip().splitlines()[-1])
    assert imported == [] and probs == seq2seq.load(tiny_checkpoint).translate("Monday, March 3, 2025").probs


@pytest.mark.slow
def test_snapshots_keep_each_epoch_s_weights_beside_the_checkpoint(tmp_path):
    """``--snapshots`` (for averaging a run's last epochs, scripts/average_snapshots.py) leaves one weights file
    per epoch beside the folder, which stays a checkpoint as any other: the kept epoch's snapshot holds the
    weights of model.keras."""
    import shutil

    import keras

    from seq2seq.model import build_model
    from seq2seq.train import train

    folder = train([*TINY_ARGS, "--name", "snap", "--out", str(tmp_path), "--epochs", "2", "--snapshots"])
    snaps = sorted(p.name for p in (tmp_path / "snap.snapshots").iterdir())
    assert snaps == ["epoch-01.weights.h5", "epoch-02.weights.h5"]
    assert not any(p.name.endswith(".weights.h5") for p in folder.iterdir())
    kept = json.loads((folder / "train_state.json").read_text())["best_epoch"]
    model = seq2seq.load(folder)
    snapshot = build_model(model.config)
    snapshot.load_weights(tmp_path / "snap.snapshots" / f"epoch-{kept:02d}.weights.h5")
    saved = keras.saving.load_model(folder / "model.keras", compile=False)
    for a, b in zip(snapshot.get_weights(), saved.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    other = build_model(model.config)  # the other epoch's snapshot holds that epoch's weights, not the kept ones
    other.load_weights(tmp_path / "snap.snapshots" / f"epoch-{3 - kept:02d}.weights.h5")
    assert any(not np.array_equal(a, b) for a, b in zip(other.get_weights(), saved.get_weights(), strict=True))
    # a fresh run of the same name starts its snapshots again: none of the earlier run's epochs are left
    (tmp_path / "snap.snapshots" / "epoch-07.weights.h5").write_bytes(b"")
    shutil.rmtree(folder)
    train([*TINY_ARGS, "--name", "snap", "--out", str(tmp_path), "--epochs", "1", "--snapshots"])
    assert sorted(p.name for p in (tmp_path / "snap.snapshots").iterdir()) == ["epoch-01.weights.h5"]


def test_dev_scores_are_the_mean_of_the_two_domains_chrf():
    """The dev score that keeps weights (and that scripts/average_snapshots.py compares) is
    (chrF_help + chrF_everyday) / 2, each chrF sacrebleu's over the model's greedy translations."""
    import sacrebleu

    from seq2seq.data import load_pairs
    from seq2seq.evaluate import translations
    from seq2seq.train import dev_scores

    model = seq2seq.load("dates-lstm")
    first = load_pairs("dates", "dev")[:20]
    second = [(s, t[::-1]) for s, t in load_pairs("dates", "dev")[20:40]]  # references it cannot match

    def chrf(ps):
        return sacrebleu.corpus_chrf(translations(model, [s for s, _ in ps]), [[t for _, t in ps]]).score

    one = dev_scores(model, first, [])
    assert one == {"dev_chrf": round(chrf(first), 3)}
    both = dev_scores(model, first, second)
    assert both["dev_chrf_help"] == round(chrf(first), 3) and both["dev_chrf_everyday"] == round(chrf(second), 3)
    assert both["dev_chrf"] == round((both["dev_chrf_help"] + both["dev_chrf_everyday"]) / 2, 3)
    assert both["dev_chrf_help"] != both["dev_chrf_everyday"]  # two domains that differ: the mean is seen


def test_a_finished_run_is_done_only_for_its_own_settings(tiny_checkpoint, tmp_path):
    """Re-running the command of a finished run does nothing; the same name with other settings (another recipe
    trained into the same folder) is refused instead of being reported as done."""
    from seq2seq.train import train

    from .conftest import TINY_ARGS

    shutil.copytree(tiny_checkpoint, tmp_path / "tiny")
    same = [*TINY_ARGS, "--name", "tiny", "--out", str(tmp_path), "--cell", "lstm", "--attention", "--epochs", "2"]
    assert train(same) == tmp_path / "tiny"
    with pytest.raises(CheckpointError, match="other settings"):
        train([*same[:-1], "3"])
    with pytest.raises(CheckpointError, match="other settings"):
        train([*same, "--dropout", "0.2"])
