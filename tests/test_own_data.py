"""Your own sentences: a Tatoeba-format file becomes a task with the CLI alone, a tiny model trains on it, and
the app finds both without a code change."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import urllib.request

import numpy as np
import pytest

from seq2seq.corpus import CorpusError, clean_pairs, data_folders, held_out_fractions, import_corpus, read_parallel

from . import devserver
from .conftest import ROOT

SUBJECTS = {"I": "na", "you": "neo", "the cat": "goyangi", "my friend": "chingu", "the teacher": "seonsaeng"}
VERBS = {"see": "bonda", "like": "joahanda", "have": "itda", "want": "wonhanda", "draw": "geurinda"}
OBJECTS = {"a dog": "gae", "the moon": "dal", "two apples": "sagwa dul", "a red car": "ppalgan cha", "tea": "cha"}


def toy_pairs() -> list[tuple[str, str]]:
    """English → a toy verb-final language: "I see the moon." → "na dal bonda." (subject object verb)."""
    return [
        (f"{s[0].upper()}{s[1:]} {v} {o}.", f"{ts} {to} {tv}.")
        for s, ts in SUBJECTS.items()
        for v, tv in VERBS.items()
        for o, to in OBJECTS.items()
    ]


def write_tatoeba(path, pairs) -> None:
    """English<TAB>Other<TAB>attribution, as the Tatoeba/Anki files are; with the usual mess around them."""
    lines = [
        f"{s}\t{t}\tCC-BY 2.0 (France) Attribution: tatoeba.org #{i} (someone) & #{i + 1} (other)"
        for i, (s, t) in enumerate(pairs)
    ]
    lines += [lines[0], "a line without a tab", f"\t{pairs[0][1]}\tempty source", f"{'word ' * 40}\tlong\tx", ""]
    path.write_text("\ufeff" + "\r\n".join(lines), encoding="utf-8")


def run_cli(*args, cwd=ROOT) -> str:
    out = subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_import_cleans_deduplicates_and_splits_by_source(tmp_path):
    pairs = toy_pairs()
    write_tatoeba(tmp_path / "toy.txt", pairs)
    info = import_corpus(tmp_path / "toy.txt", "toy", target_lang="xx", data_dir=tmp_path / "data")
    assert info["dropped"] == {"empty": 1, "too_long": 1, "duplicate": 1} and info["skipped_lines"] == 1
    splits = {}
    for s in ("train", "dev", "test"):
        with gzip.open(tmp_path / "data" / "toy" / f"{s}.tsv.gz", "rt", encoding="utf-8") as f:
            splits[s] = [tuple(line.rstrip("\n").split("\t")) for line in f]
    assert sorted(p for s in splits.values() for p in s) == sorted(pairs)  # every pair once, third column gone
    sources = [{src.lower() for src, _ in v} for v in splits.values()]
    assert not (sources[0] & sources[1] or sources[0] & sources[2] or sources[1] & sources[2])
    assert len(splits["test"]) >= 0.05 * len(pairs) - 3
    assert json.loads((tmp_path / "data" / "toy" / "task.json").read_text())["label"] == "English → xx (toy)"
    with pytest.raises(CorpusError, match="already exists"):
        import_corpus(tmp_path / "toy.txt", "toy", data_dir=tmp_path / "data")
    with pytest.raises(CorpusError, match="Task name"):
        import_corpus(tmp_path / "toy.txt", "../evil", data_dir=tmp_path / "data")
    (tmp_path / "few.txt").write_text("a\tb\n" * 10, encoding="utf-8")
    with pytest.raises(CorpusError, match="usable pairs"):
        import_corpus(tmp_path / "few.txt", "few", data_dir=tmp_path / "data")


def test_held_out_share_is_five_percent_or_a_thousand_pairs():
    assert held_out_fractions(100_000) == (0.05, 0.05)
    assert held_out_fractions(10_000)[1] == pytest.approx(0.10)
    assert held_out_fractions(15_000)[1] == pytest.approx(1000 / 15_000)
    assert held_out_fractions(300) == (0.10, 0.10)


def test_cleaning_normalises_like_the_models_read(tmp_path):
    (tmp_path / "x.tsv").write_text("Ｈｅｌｌｏ\u200b  world\tＡ\x07b\n", encoding="utf-8")
    pairs, _ = read_parallel(tmp_path / "x.tsv")
    assert clean_pairs(pairs, 30)[0] == [("Hello world", "Ab")]


@pytest.mark.slow
def test_a_tatoeba_file_becomes_a_task_a_checkpoint_and_a_page_entry_with_no_code_change(tmp_path):
    data, ckpts = tmp_path / "data", tmp_path / "checkpoints"
    write_tatoeba(tmp_path / "toy-xx.txt", toy_pairs())
    run_cli(
        "seq2seq.data",
        "import",
        str(tmp_path / "toy-xx.txt"),
        "--task",
        "toy-xx",
        "--target-lang",
        "xx",
        "--data-dir",
        str(data),
    )
    (data / "toy-xx" / "examples.txt").write_text("I see the moon.\nYou like tea.\n", encoding="utf-8")
    (data / "half").mkdir()
    (data / "half" / "train.tsv.gz").write_bytes(gzip.compress(b"a\tb\n"))  # a half-written import
    out = run_cli(
        "seq2seq.train",
        "--task",
        "toy-xx",
        "--name",
        "toy-xx-gru-attn",
        "--data-dir",
        str(data),
        "--out",
        str(ckpts),
        "--cell",
        "gru",
        "--attention",
        "--units",
        "16",
        "--embedding-dim",
        "8",
        "--epochs",
        "2",
        "--batch-size",
        "16",
        "--quiet",
    )
    assert "(from the data)" in out  # vocabulary sizes derived from the corpus
    assert data_folders(data) == (["toy-xx"], {"half": "no dev, test split (half-written? import it again)"})
    from gradio_client import Client

    proc, url, _ = devserver.start_app({"SEQ2SEQ_CHECKPOINTS": str(ckpts), "SEQ2SEQ_DATA": str(data)})
    try:
        got = Client(url, verbose=False).predict("I see the moon.", "toy-xx-gru-attn", 1, api_name="/translate")
        assert got["checkpoint"] == "toy-xx-gru-attn" and got["source_pieces"]
        assert len(got["probabilities"]) == len(got["target_pieces"]) + 1
        config = urllib.request.urlopen(f"{url}/config", timeout=30).read().decode()
        assert "English → xx (toy-xx)" in config and "I see the moon." in config  # picker label, examples.txt
        assert "data/half: no dev, test split" in config  # listed as unavailable, not fatal
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_train_help_names_every_option_with_its_default():
    out = run_cli("seq2seq.train", "--help")
    options = [line.split()[0] for line in out.splitlines() if line.strip().startswith("--")]
    assert len(options) > 25
    flat = " ".join(out.split())
    for opt in ("--units", "--dropout", "--src-vocab", "--patience", "--max-seconds"):
        assert opt in options and "(default:" in flat.split(opt, 2)[-1][:200]
    assert np.all([o in flat for o in ("--task", "--data-dir", "--attention")])
