"""Configuration dataclasses saved with every checkpoint (``config.json``).

``ModelConfig`` says what the network is; ``TrainConfig`` says how it was trained. A checkpoint is rebuilt
with ``ModelConfig(**json.load(f)["model"])``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from .cells import CELLS

CELL_TYPES = tuple(CELLS)  # "rnn", "lstm", "gru": one spec each in seq2seq.cells
TASKS = ("en-de", "dates", "en-ko")  # built in; `python -m seq2seq.data import` adds others under data/
TASK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")  # a task is a folder name under data/


def headline_metric(task: str) -> str:
    """The score a task is judged by (a key of ``metrics.json``): exact match for the dates, chrF for
    English→Korean (character n-grams suit Korean's particles and endings), BLEU otherwise."""
    return {"dates": "exact_match", "en-ko": "chrf"}.get(task, "bleu")


def valid_task_name(name) -> bool:
    """A task name is a folder name: lower-case letters, digits, '-' and '_', at most 40 characters."""
    return isinstance(name, str) and bool(TASK_NAME.match(name))


# Input limits: the app and the API refuse text beyond these with a clear message.
MAX_INPUT_CHARS = 300
MAX_SOURCE_PIECES = 64


@dataclass
class ModelConfig:
    """The shape of an encoder–decoder. Every field is a plain JSON value."""

    task: str = "dates"  # which corpus: "en-de", "dates", "en-ko" or an imported one (a folder under data/)
    cell: str = "lstm"  # "rnn" (SimpleRNN), "lstm" or "gru"
    units: int = 128  # hidden size of every recurrent layer (encoder and decoder alike)
    layers: int = 1  # stacked recurrent layers in the encoder and in the decoder
    embedding_dim: int = 64  # size of the source and target piece embeddings
    attention: bool = False  # Luong dot attention over the top encoder layer's outputs
    reverse_source: bool = False  # feed the source pieces in reverse order (Sutskever et al. 2014)
    bidirectional: bool = False  # each encoder layer reads both ways, units/2 each way, outputs concatenated
    dropout: float = 0.0  # dropout on embeddings and before the output projection (training only)
    src_vocab_size: int = 0  # filled in from the trained source tokenizer
    tgt_vocab_size: int = 0  # filled in from the trained target tokenizer
    max_target_pieces: int = 64  # decoding stops after this many pieces

    def __post_init__(self) -> None:
        if self.cell not in CELL_TYPES:
            raise ValueError(f"Unknown cell type {self.cell!r}: choose one of {', '.join(CELL_TYPES)}.")
        if not valid_task_name(self.task):
            raise ValueError(f"Invalid task name {self.task!r}: lower-case letters, digits, '-' and '_'.")
        if not 1 <= self.layers <= 4:
            raise ValueError(f"layers must be between 1 and 4, got {self.layers}.")
        if self.units < 1 or self.embedding_dim < 1:
            raise ValueError("units and embedding_dim must be positive.")
        if self.bidirectional and self.units % 2:
            raise ValueError(f"a bidirectional encoder splits units in two halves: {self.units} is odd.")

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        """Rebuild from ``config.json``; unknown keys are an error, so a mismatch is caught early."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"Unknown ModelConfig fields: {sorted(unknown)}")
        return cls(**d)


@dataclass
class TrainConfig:
    """How a checkpoint was trained (recorded for reproducibility)."""

    epochs: int = 20  # upper bound; early stopping may end sooner
    batch_size: int = 64
    learning_rate: float = 1e-3
    clipnorm: float = 1.0  # gradient clipping by global norm
    patience: int = 3  # epochs without a better dev score (see ``select``) before stopping
    lr_decay: float = 0.5  # learning-rate factor after an epoch without a better dev score
    seed: int = 1234
    src_vocab: int = 3000  # sentencepiece vocabulary sizes (upper bounds for tiny corpora)
    tgt_vocab: int = 3000
    spm_model_type: str = "unigram"
    split_digits: bool = False  # one piece per digit (the dates task copies digits)
    phrase_pairs: int = 0  # pairs of extra training material that join the sentences (en-de phrases, en-ko UI)
    sentence_repeat: int = 1  # how many times each training sentence appears per epoch
    everyday_repeat: int = 0  # en-ko: how many times each everyday training pair (seq2seq.everyday) appears per epoch
    gnome_repeat: int = 0  # en-ko: how many times each GNOME help pair (data/en-ko/gnome.tsv.gz) appears per epoch
    everyday_typed: int = 0  # en-ko: copies per epoch of each everyday training pair with its English as typed
    # (seq2seq.everyday.as_typed: lower case, no closing punctuation), beside the everyday_repeat copies as written
    max_train_pairs: int = 0  # 0 = all; tests use a few hundred
    max_source_pieces: int = MAX_SOURCE_PIECES
    subword_dropout: float = 0.0  # BPE-dropout: each epoch re-segments the training pairs (0 = fixed pieces)
    label_smoothing: float = 0.0  # ε: the target distribution is (1-ε)·one-hot + ε/V (0 = plain cross-entropy)
    select: str = "loss"  # which dev score picks the kept weights and drives decay/patience: "loss" or "chrf"
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.label_smoothing < 1.0:
            raise ValueError(f"label_smoothing must be in [0, 1), got {self.label_smoothing}.")
        if self.select not in ("loss", "chrf"):
            raise ValueError(f"select must be 'loss' or 'chrf', got {self.select!r}.")


def kept_by_chrf(select: str, state: dict) -> bool:
    """Whether a checkpoint's kept weights were chosen by dev chrF (``select="chrf"`` and a chrF recorded)."""
    return select == "chrf" and state.get("best_dev_chrf") is not None
