"""Read the weights of a ``.keras`` archive by layer name with zipfile, json and h5py: no TensorFlow, no Keras.

A ``.keras`` file is a zip of ``config.json`` (the functional model: its layers in order, each with its name
and class) and ``model.weights.h5``, where Keras 3 stores each layer's variables under
``layers/<key>/vars/<i>`` (an RNN layer's under ``layers/<key>/cell/vars/<i>``). The key is not the layer's
name: it is its class name in snake_case, numbered per class in the order of the layers (``lstm``,
``lstm_1``, …; ``keras.src.saving.saving_lib._save_container_state``). ``read_layers`` replays that naming and
returns each layer's class and arrays in ``get_weights()`` order; the tests check them against Keras for every
shipped checkpoint. The app translates with these arrays and never needs TensorFlow to start.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cells import spec
from .config import ModelConfig


@dataclass
class LayerWeights:
    """One layer of the archive: its Keras class name and its variables, in ``get_weights()`` order."""

    class_name: str
    arrays: list[np.ndarray]


def snake_case(name: str) -> str:
    """Keras' ``naming.to_snake_case``: ``SimpleRNN`` → ``simple_rnn``, ``InputLayer`` → ``input_layer``."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def read_layers(path: str | Path) -> dict[str, LayerWeights]:
    """Every layer of the ``.keras`` archive at ``path``, by its name. Raises ``ValueError`` (or the zip/h5
    reader's own error) when the archive is not what Keras writes."""
    import h5py  # a dependency of Keras; imported here so that importing seq2seq stays light

    with zipfile.ZipFile(path) as z:
        config = json.loads(z.read("config.json"))
        h5_bytes = z.read("model.weights.h5")
    layers = config.get("config", {}).get("layers")
    if not isinstance(layers, list):
        raise ValueError("config.json inside the archive lists no layers")
    out: dict[str, LayerWeights] = {}
    used: dict[str, int] = {}
    with h5py.File(io.BytesIO(h5_bytes), "r") as h5:
        for layer in layers:
            cls = layer["class_name"]
            key = snake_case(cls)
            if key in used:
                used[key] += 1
                key = f"{key}_{used[key]}"
            else:
                used[key] = 0
            group = h5.get(f"layers/{key}")
            arrays = []
            # a Bidirectional wrapper: the forward cell's variables, then the backward's (get_weights() order)
            wrapped = group is not None and "forward_layer" in group
            for sub in ("forward_layer/", "backward_layer/") if wrapped else ("",):
                part = group.get(sub + "cell/vars") if group is not None and sub + "cell" in group else None
                if part is None and group is not None:
                    part = group.get(sub + "vars")
                if part is not None:
                    arrays += [np.asarray(part[str(i)], dtype=np.float32) for i in range(len(part))]
            out[layer["config"]["name"]] = LayerWeights(cls, arrays)
    return out


def check_layers(layers: dict[str, LayerWeights], cfg: ModelConfig) -> None:
    """Raise ``ValueError`` when the archive's layers do not match ``cfg`` (a config.json from another model)."""
    names = set(layers)
    expected = {"encoder_embedding", "decoder_embedding", "output_projection"}
    expected |= {f"{side}_rnn_{i}" for side in ("encoder", "decoder") for i in range(cfg.layers)}
    if cfg.attention:
        expected |= {"attention", "attention_combine"}
    missing = expected - names
    if missing:
        raise ValueError(f"the model has no layer(s) {sorted(missing)} that config.json describes")
    extra = {n for n in names if n.startswith(("encoder_rnn_", "decoder_rnn_"))} - expected
    if extra or ("attention" in names) != cfg.attention:
        raise ValueError("config.json's layers/attention do not match the model's layers")
    rnn = layers["encoder_rnn_0"]
    if (rnn.class_name == "Bidirectional") != cfg.bidirectional:
        raise ValueError(f"config.json says bidirectional={cfg.bidirectional} but the model has {rnn.class_name}")
    for layer in (rnn, layers["decoder_rnn_0"]):  # a Bidirectional wrapper names no cell: its decoder does
        if layer.class_name != spec(cfg.cell).keras_layer and layer.class_name != "Bidirectional":
            raise ValueError(f"config.json says cell={cfg.cell!r} but the model has {layer.class_name}")
    ways = 2 if cfg.bidirectional else 1
    units = ways * rnn.arrays[1].shape[0] if len(rnn.arrays) == 3 * ways else None  # recurrent kernel: (U, n·U)
    if units != cfg.units:
        raise ValueError(f"config.json says units={cfg.units} but the model has {units}")
    for name, vocab in (("encoder_embedding", cfg.src_vocab_size), ("decoder_embedding", cfg.tgt_vocab_size)):
        rows = layers[name].arrays[0].shape[0] if layers[name].arrays else None
        if rows != vocab:
            raise ValueError(f"{name} has {rows} rows, config.json says {vocab}")
