"""The Keras encoder–decoder, built from a ``ModelConfig``.

    source_ids (B, S) ─ encoder_embedding ─ encoder_rnn_0 … encoder_rnn_{L-1} ─┬─ outputs (B, S, U)
                                                                 final states │ of each layer
    (bidirectional: each encoder layer is a Bidirectional wrapper of two U/2-unit cells, forward then backward;
     outputs s_j = [→h_j; ←h_j] and final states [→h_S; ←h_1] are concatenated, U wide as above)
    target_input_ids (B, T) ─ decoder_embedding ─ decoder_rnn_0 … (initial state = encoder layer l's)
        ─ [attention: Luong dot over the encoder outputs, then attention_combine = tanh(W [h; ctx] + b)]
        ─ output_projection ─ logits (B, T, V)

Layers are found by these names, never by position: the trace, the tests and the app rely on them.
Padding (id 0) is masked: the encoder's final state is the state after the last real piece.
"""

from __future__ import annotations

import keras  # seq2seq/__init__.py has set the backend and the log level
from keras import layers, ops

from .cells import spec
from .config import ModelConfig


def keras_class(cell: str) -> type[keras.layers.Layer]:
    """The stock Keras layer class that trains ``cell`` (from its spec in ``seq2seq.cells``)."""
    return getattr(layers, spec(cell).keras_layer)


def recurrent_layer(cell: str, units: int, name: str) -> keras.layers.Layer:
    """A stock Keras recurrent layer returning its full sequence and its final state(s)."""
    kwargs = dict(spec(cell).keras_kwargs)
    return keras_class(cell)(units, return_sequences=True, return_state=True, name=name, **kwargs)


def make_layers(cfg: ModelConfig) -> dict[str, keras.layers.Layer]:
    """Every layer of the encoder–decoder, by name (the names are the contract: see the module docstring)."""
    if cfg.src_vocab_size < 5 or cfg.tgt_vocab_size < 5:
        raise ValueError("src_vocab_size and tgt_vocab_size must be set from the tokenizers first.")
    made = [
        layers.Embedding(cfg.src_vocab_size, cfg.embedding_dim, mask_zero=True, name="encoder_embedding"),
        layers.Dropout(cfg.dropout, name="encoder_dropout"),
        layers.Embedding(cfg.tgt_vocab_size, cfg.embedding_dim, mask_zero=True, name="decoder_embedding"),
        layers.Dropout(cfg.dropout, name="decoder_dropout"),
        layers.Dropout(cfg.dropout, name="output_dropout"),
        layers.Dense(cfg.tgt_vocab_size, name="output_projection"),
    ]
    for i in range(cfg.layers):
        if cfg.bidirectional:
            both = recurrent_layer(cfg.cell, cfg.units // 2, f"encoder_rnn_{i}_cell")
            made.append(layers.Bidirectional(both, merge_mode="concat", name=f"encoder_rnn_{i}"))
        else:
            made.append(recurrent_layer(cfg.cell, cfg.units, f"encoder_rnn_{i}"))
    made += [recurrent_layer(cfg.cell, cfg.units, f"decoder_rnn_{i}") for i in range(cfg.layers)]
    if cfg.attention:
        made += [
            layers.Attention(score_mode="dot", name="attention"),
            layers.Concatenate(name="attention_concat"),
            layers.Dense(cfg.units, activation="tanh", name="attention_combine"),
        ]
    return {layer.name: layer for layer in made}


def encoder_graph(cfg: ModelConfig, by_name, x):
    """The encoder from embeddings ``x`` (B, S, E): the top layer's outputs (B, S, U) and every layer's final
    states, each (B, U), where the decoder's same layer starts."""
    final_states = []
    for layer in range(cfg.layers):
        x, *states = by_name[f"encoder_rnn_{layer}"](x)  # (B, S, U), [(B, U)…] (bidirectional: 2× [(B, U/2)…])
        if cfg.bidirectional:  # [→h_S; ←h_1] (and the same for c): the decoder's U-wide initial state
            n = len(states) // 2
            states = [ops.concatenate([f, b], axis=-1) for f, b in zip(states[:n], states[n:], strict=True)]
        final_states.append(states)
    return x, final_states


def forward(cfg: ModelConfig, by_name, x, tgt):
    """The graph from the source embeddings ``x`` (B, S, E) and the target ids ``tgt`` (B, T) to the logits
    (B, T, V), through the layers ``by_name`` (fresh ones, or a trained model's)."""
    memory, final_states = encoder_graph(cfg, by_name, by_name["encoder_dropout"](x))  # (B, S, U): attention's
    y = by_name["decoder_dropout"](by_name["decoder_embedding"](tgt))  # (B, T, E)
    for layer in range(cfg.layers):
        y, *_ = by_name[f"decoder_rnn_{layer}"](y, initial_state=final_states[layer])
    if cfg.attention:
        # Luong et al. 2015, "dot": score(h_t, s_j) = h_t · s_j; a_t = softmax_j(score); ctx_t = Σ_j a_tj s_j
        ctx = by_name["attention"]([y, memory])  # (B, T, U)
        y = by_name["attention_concat"]([y, ctx])  # (B, T, 2U)
        y = by_name["attention_combine"](y)  # h̃_t = tanh(W [h; ctx] + b), (B, T, U)
    return by_name["output_projection"](by_name["output_dropout"](y))  # (B, T, V)


def build_model(cfg: ModelConfig) -> keras.Model:
    """Build the training/inference graph: ``[source_ids, target_input_ids] -> logits``."""
    by_name = make_layers(cfg)
    src = keras.Input(shape=(None,), dtype="int32", name="source_ids")  # (B, S)
    tgt = keras.Input(shape=(None,), dtype="int32", name="target_input_ids")  # (B, T)
    logits = forward(cfg, by_name, by_name["encoder_embedding"](src), tgt)
    return keras.Model([src, tgt], logits, name=f"seq2seq_{cfg.task}_{cfg.cell}")


def from_source_embeddings(model: keras.Model, cfg: ModelConfig) -> keras.Model:
    """The trained ``model``'s own layers, fed the source embeddings directly: ``[(B, S, E) floats, target ids]
    -> logits``. For gradients with respect to each source position's embedding (one unpadded sentence: no
    mask is needed)."""
    by_name = {layer.name: layer for layer in model.layers}
    emb = keras.Input(shape=(None, cfg.embedding_dim), dtype="float32", name="source_embeddings")
    tgt = keras.Input(shape=(None,), dtype="int32", name="target_input_ids")
    return keras.Model([emb, tgt], forward(cfg, by_name, emb, tgt), name="from_source_embeddings")
