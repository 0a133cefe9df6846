"""The shipped checkpoints: complete, small enough for a Space, made by the documented command, comparable
within a task, loadable in a fresh process, and traced faithfully on their trained weights."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from seq2seq import card
from seq2seq.checkpoints import CHECKPOINT_DIR, list_checkpoints

from .conftest import ROOT
from .keras_reference import assert_trace_equals_keras
from .recipe import as_loaded, configs

SHIPPED = list_checkpoints(CHECKPOINT_DIR)
SENTENCE = {
    "dates": "Wednesday, November 25, 2026",
    "en-de": "The weather is nice today.",
    "en-ko": "Click the OK button to close the dialog.",
}
# What a name may say; everything else in a task's configs must be equal.
NAMED = {"cell", "attention", "reverse_source", "bidirectional"}  # bidirectional goes with -attn (below)

pytestmark = pytest.mark.skipif(not SHIPPED, reason="no shipped checkpoints")


def config(name: str) -> dict:
    """A checkpoint's config.json as ``seq2seq.load`` reads it (``recipe.as_loaded``)."""
    return as_loaded(json.loads((CHECKPOINT_DIR / name / "config.json").read_text()))


@pytest.mark.parametrize("name", SHIPPED)
def test_each_checkpoint_is_complete_finished_and_small(name):
    folder = CHECKPOINT_DIR / name
    for f in ("config.json", "metrics.json", "history.json", "README.md", "model.keras", "src.model", "tgt.model"):
        assert (folder / f).is_file(), f
    assert not (folder / "resume.keras").exists(), "optimizer state of an unfinished run"
    state = json.loads((folder / "train_state.json").read_text())
    assert state["finished"] and state["seconds"] <= 45 * 60
    assert (folder / "model.keras").stat().st_size < 10e6
    metrics = json.loads((folder / "metrics.json").read_text())
    task = config(name)["model"]["task"]
    assert metrics["split"] == "test"
    for key in ("beam1", "beam5"):
        m = metrics[key]
        assert m["sentences"] >= (5000 if task == "dates" else 1000)
        assert sum(b["sentences"] for b in m["by_source_length"].values()) == m["sentences"]
    history = json.loads((folder / "history.json").read_text())["epochs"]
    assert [h["epoch"] for h in history] == list(range(1, state["epoch"] + 1))
    # The card is what its generator makes of the folder's files now: a card left stale after a re-evaluation
    # or a retraining fails here.
    assert (folder / "README.md").read_text(encoding="utf-8") == card.card(folder)


def test_all_checkpoints_fit_a_space():
    """Every file < 10 MB is checked per checkpoint (a Space rejects larger files pushed without LFS); the
    whole folder stays small enough that a clone, a Space build and CI stay quick: 16 checkpoints take about
    95 MB and the state indices of all 16 (dates 7.4 MB each, 256-unit sentence models with attention 11–14 MB,
    those without a sample of 4,000 training sentences, 6.5 MB) about 145 MB: the budget is 250 MB."""
    total = sum(p.stat().st_size for p in CHECKPOINT_DIR.rglob("*") if p.is_file() and p.name != "resume.keras")
    assert total < 250e6


@pytest.mark.parametrize("name", SHIPPED)
def test_each_checkpoint_is_what_its_line_in_train_all_says(name):
    """Its line (``run NAME $RECIPE flags``) read as ``seq2seq.train`` reads it gives exactly the model and
    training configs the checkpoint records: ``bash scripts/train_all.sh`` rebuilds what is shipped."""
    asked, recorded = configs(name, json.loads((CHECKPOINT_DIR / name / "config.json").read_text()))
    assert recorded == asked


@pytest.mark.parametrize("task", sorted({config(n)["model"]["task"] for n in SHIPPED}))
def test_within_a_task_checkpoints_differ_only_in_what_their_names_say(task):
    configs = {n: config(n) for n in SHIPPED if config(n)["model"]["task"] == task}
    rest = {n: ({k: v for k, v in c["model"].items() if k not in NAMED}, c["train"]) for n, c in configs.items()}
    first = next(iter(rest.values()))
    assert all(r == first for r in rest.values()), rest
    # a task's encoders read both ways either nowhere or exactly in its models with attention (English→Korean:
    # the trio, not the no-attention baseline that reads the source reversed, as Sutskever et al.)
    both = {n: c["model"]["bidirectional"] for n, c in configs.items()}
    assert not any(both.values()) or all(b == configs[n]["model"]["attention"] for n, b in both.items()), both


def test_every_checkpoint_loads_and_translates_in_a_fresh_process():
    code = (
        "import json, seq2seq\n"
        f"sentence = {SENTENCE!r}\n"
        "out = {}\n"
        f"for name in {SHIPPED!r}:\n"
        "    m = seq2seq.load(name)\n"
        "    out[name] = m.translate(sentence[m.config.task]).text\n"
        "print(json.dumps(out))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(out) == set(SHIPPED) and all(t.strip() for t in out.values()), out


@pytest.mark.parametrize("name", SHIPPED)
def test_the_trace_of_trained_weights_equals_keras(name):
    """On the shipped weights, not only random ones: every h (and final c) of every layer, the attention
    weights and the chosen pieces' probabilities agree with what Keras computes (≤ 1e-5)."""
    import seq2seq

    s2s = seq2seq.load(name)
    assert_trace_equals_keras(s2s, s2s.translate(SENTENCE[s2s.config.task]))


@pytest.mark.parametrize("name", SHIPPED)
def test_weights_read_without_keras_are_the_keras_weights(name):
    """The app translates with weights read from the archive by h5py (seq2seq.weightfile); they are exactly
    the arrays the Keras model itself holds, layer by layer, and so is the parameter count."""
    import numpy as np

    import seq2seq
    from seq2seq.trace import Weights
    from seq2seq.weightfile import read_layers

    s2s = seq2seq.load(name)
    keras_model = s2s.keras_model  # loaded from model.keras only now
    assert_layers_are_keras(read_layers(CHECKPOINT_DIR / name / "model.keras"), keras_model)
    from_keras = Weights.from_keras(keras_model, s2s.config)
    for field in ("src_embedding", "tgt_embedding", "out_W", "out_b", "combine_W", "combine_b"):
        a, b = getattr(s2s.weights, field), getattr(from_keras, field)
        assert (a is None and b is None) or np.array_equal(a, b), field
    assert s2s.parameters == keras_model.count_params()


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_weights_read_without_keras_follow_stacked_layers(cell, bidirectional, tmp_path):
    """Two stacked layers on each side, with attention (and a bidirectional encoder): every layer's arrays by
    name equal Keras' own, and the archive's layers are what config.json says."""
    import dataclasses

    from seq2seq.config import ModelConfig
    from seq2seq.model import build_model
    from seq2seq.weightfile import check_layers, read_layers

    sizes = {"src_vocab_size": 30, "tgt_vocab_size": 20}
    cfg = ModelConfig(
        cell=cell, units=8, layers=2, embedding_dim=4, attention=True, bidirectional=bidirectional, **sizes
    )
    model = build_model(cfg)
    model.save(tmp_path / "model.keras")
    layers = read_layers(tmp_path / "model.keras")
    assert_layers_are_keras(layers, model)
    check_layers(layers, cfg)
    with pytest.raises(ValueError, match="bidirectional"):
        check_layers(layers, dataclasses.replace(cfg, bidirectional=not bidirectional))
    other = {"rnn": "lstm", "lstm": "gru", "gru": "rnn"}[cell]
    with pytest.raises(ValueError, match=f"cell='{other}'"):  # a config of another cell, either way of reading
        check_layers(layers, dataclasses.replace(cfg, cell=other))


def assert_layers_are_keras(layers, keras_model) -> None:
    """Every layer of ``keras_model`` has, by name, exactly its ``get_weights()`` arrays in ``layers``."""
    import numpy as np

    for layer in keras_model.layers:
        want = layer.get_weights()
        assert len(layers[layer.name].arrays) == len(want), layer.name
        assert all(np.array_equal(a, b) for a, b in zip(layers[layer.name].arrays, want, strict=True)), layer.name


@pytest.mark.parametrize(
    ("name", "key"), [("dates-lstm", "exact_match"), ("en-de-lstm-attn", "bleu"), ("en-ko-gru-attn", "chrf")]
)
def test_the_app_card_plots_the_score_each_task_is_judged_by(name, key):
    import seq2seq
    from explorer import views

    if name not in SHIPPED:
        pytest.skip(f"{name} not shipped")
    metrics = json.loads((CHECKPOINT_DIR / name / "metrics.json").read_text())
    _, _, by_length = views.model_card(seq2seq.load(CHECKPOINT_DIR / name), "ko")
    expected = [v[key] for v in metrics["beam1"]["by_source_length"].values()]
    assert list(by_length.data[0].y) == expected


def test_the_readme_s_english_korean_tables_are_the_shipped_checkpoints_scores():
    """Both test splits and chrF by length, as ``python -m seq2seq.card --splits en-ko`` prints them from the
    checkpoints' metrics.json: a retrained checkpoint cannot leave the README's numbers behind."""
    if not any(config(n)["model"]["task"] == "en-ko" for n in SHIPPED):
        pytest.skip("no English→Korean checkpoints")
    readme = (ROOT / "README.md").read_text()
    shipped = [n for n in SHIPPED if config(n)["model"]["task"] == "en-ko"]
    assert [name for name, _, _ in card._evaluated("en-ko", CHECKPOINT_DIR)] == shipped  # none left out
    splits, lengths = card.splits_table("en-ko"), card.length_table("en-ko")
    assert f"\n\n{splits}\n\n" in readme and f"\n\n{lengths}\n\n" in readme  # whole tables, no row more
