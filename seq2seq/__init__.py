"""Seq2Seq Explorer's core: RNN / LSTM / GRU encoder–decoders trained with Keras, and a step-by-step
replay of their weights that keeps every state and gate.

    import seq2seq
    model = seq2seq.load("dates-lstm")            # a name under checkpoints/, or a path
    t = model.translate("November 25, 2026")
    t.text, t.trace.encoder[0]["c"], t.trace.attention
"""

import os

# The replay multiplies small matrices (≤ 512 × vocabulary) one step at a time: BLAS threads cost more than
# they save there (measured: greedy 12 ms → 5 ms on 2 cores), and the server runs requests side by side.
# Effective when seq2seq is imported before numpy; set OPENBLAS_NUM_THREADS yourself to override.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# Before TensorFlow loads (any seq2seq module imports this package first): Keras on TensorFlow, and no start-up
# INFO noise (oneDNN and CPU-feature notices, absl's "All log messages before absl::InitializeLog()");
# level 1 still shows TensorFlow's warnings and errors.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

from .checkpoints import CheckpointError, list_checkpoints
from .config import MAX_INPUT_CHARS, MAX_SOURCE_PIECES, ModelConfig, TrainConfig
from .inputs import InputError
from .tokenizer import normalize
from .translator import Seq2Seq, Translation, load

__all__ = [
    "MAX_INPUT_CHARS",
    "MAX_SOURCE_PIECES",
    "CheckpointError",
    "InputError",
    "ModelConfig",
    "Seq2Seq",
    "TrainConfig",
    "Translation",
    "list_checkpoints",
    "load",
    "normalize",
]
