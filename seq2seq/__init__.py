"""Seq2Seq Explorer's core: RNN / LSTM / GRU encoder–decoders trained with Keras, and a step-by-step
replay of their weights that keeps every state and gate.

    import seq2seq
    model = seq2seq.load("dates-lstm")            # a name under checkpoints/, or a path
    t = model.translate("November 25, 2026")
    t.text, t.trace.encoder[0]["c"], t.trace.attention
"""

from .checkpoints import CheckpointError, list_checkpoints
from .config import MAX_INPUT_CHARS, MAX_SOURCE_PIECES, ModelConfig, TrainConfig
from .tokenizer import normalize
from .translator import InputError, Seq2Seq, Translation, load

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
