r"""Saliency: how strongly each source piece's embedding moves the probability of each output piece.

For the model's own translation, teacher-forced through the Keras model (Distill's "memorization in RNNs"
uses the same picture):

    S[t, s] = ‖ ∂ log p(y_t | y_<t, x) / ∂ e(x_s) ‖₂

where e(x_s) is the embedding vector of the s-th source piece (in the encoder's reading order). Every
checkpoint gets one, so models without attention get a picture of where each output piece's probability
comes from. One backward pass: the sentence is repeated as a batch of T rows, row t keeps only output step
t's log-probability, and rows never interact, so row t's gradient is step t's.
"""

from __future__ import annotations

import numpy as np

from .tokenizer import BOS_ID, EOS_ID


def _gradient_fn(model):
    """A compiled (tf.function) gradient of Σ_t log p(y_t) in row t with respect to the embeddings, built
    once per loaded model over the trained layers fed embeddings directly; any sentence length."""
    import tensorflow as tf

    from .model import from_source_embeddings

    sub = from_source_embeddings(model.keras_model, model.config)
    spec = [
        tf.TensorSpec((None, None, model.config.embedding_dim), tf.float32),  # (T, S, E)
        tf.TensorSpec((None, None), tf.int32),  # (T, T) decoder inputs, one copy per row
        tf.TensorSpec((None, 3), tf.int32),  # (T, 3): row t, step t, piece y_t
    ]

    @tf.function(input_signature=spec)
    def grad(emb, tgt, pick):
        with tf.GradientTape() as tape:
            tape.watch(emb)
            logits = sub([emb, tgt], training=False)  # (T, T, V)
            log_p = tf.gather_nd(tf.nn.log_softmax(logits, axis=-1), pick)  # (T,): log p(y_t) in row t
            total = tf.reduce_sum(log_p)
        return tape.gradient(total, emb)  # (T, S, E)

    return grad


def saliency_matrix(model, source_ids: list[int], target_ids: list[int]) -> np.ndarray:
    """S (T, S) for a source (reading order) and a target without specials; T counts ``</s>`` last."""
    import tensorflow as tf

    grad = getattr(model, "_saliency_grad", None)
    if grad is None:
        grad = model._saliency_grad = _gradient_fn(model)
    outputs = [*target_ids, EOS_ID]
    steps = len(outputs)
    src = np.asarray([source_ids], dtype=np.int32)  # (1, S)
    emb = np.asarray(model.keras_model.get_layer("encoder_embedding")(src), dtype=np.float32)  # (1, S, E)
    emb = np.repeat(emb, steps, axis=0)  # (T, S, E): row t is for output step t
    tgt = np.repeat(np.asarray([[BOS_ID, *target_ids]], dtype=np.int32), steps, axis=0)  # (T, T)
    pick = np.asarray([[t, t, y] for t, y in enumerate(outputs)], dtype=np.int32)  # (T, 3)
    g = grad(tf.constant(emb), tf.constant(tgt), tf.constant(pick)).numpy()  # (T, S, E)
    return np.linalg.norm(g.astype(np.float64), axis=-1)  # (T, S)
