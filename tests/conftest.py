"""Shared fixtures: tiny tokenizers and a tiny checkpoint trained by the real CLI in seconds."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY_ARGS = [
    "--task",
    "dates",
    "--units",
    "16",
    "--embedding-dim",
    "8",
    "--spm-model-type",
    "bpe",
    "--src-vocab",
    "100",
    "--tgt-vocab",
    "60",
    "--split-digits",
    "--max-train-pairs",
    "400",
    "--batch-size",
    "32",
    "--quiet",
]


@pytest.fixture(scope="session")
def tokenizers(tmp_path_factory):
    """Source and target tokenizers trained on a slice of the dates training split."""
    from seq2seq.data import load_pairs
    from seq2seq.tokenizer import Tokenizer

    d = tmp_path_factory.mktemp("tok")
    pairs = load_pairs("dates", "train")[:2000]
    src = Tokenizer.train([s for s, _ in pairs], d / "src.model", 100, "bpe", split_digits=True)
    tgt = Tokenizer.train([t for _, t in pairs], d / "tgt.model", 60, "bpe", split_digits=True)
    return src, tgt


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory) -> Path:
    """A checkpoint made by ``python -m seq2seq.train`` on 400 pairs, 2 epochs, with attention."""
    from seq2seq.train import train

    out = tmp_path_factory.mktemp("ckpt")
    return train([*TINY_ARGS, "--name", "tiny", "--out", str(out), "--cell", "lstm", "--attention", "--epochs", "2"])
