"""The named API endpoints (``gr.api``) and the JSON they answer: their signatures and docstrings are what
``gradio_client`` users and the "Use via API" page see; each answers what the page shows, built here from the
library's results (arrays already written as JSON text, ``explorer.jsonout``). Checkpoint names are looked up in
the registry, never opened as paths."""

from __future__ import annotations

import functools

import gradio as gr
import numpy as np
import orjson

from seq2seq.inputs import InputError, whole_number
from seq2seq.live import LiveSpec, LiveTrainer
from seq2seq.trace import encode

from . import near
from .jsonout import json_fragment, json_text
from .registry import Registry, run_translation


# -- the endpoints' JSON: what the page shows, for a client -------------------------------------------------
def api_result(reg: Registry, text: str, checkpoint: str, beam_size: int = 1, arrays: bool = True) -> dict:
    """The ``/translate`` endpoint's JSON: everything the page shows, arrays as nested lists (or, with
    ``arrays=False``, without the per-step arrays), each already written as JSON text (``jsonout.json_fragment``:
    a client reads the same numbers ``Translation.to_dict`` gives)."""
    written = []  # bytes of JSON text in the answer's arrays

    def compute() -> dict:
        def fragment(a: np.ndarray):
            data = json_text(a)
            written.append(len(data))
            return orjson.Fragment(data)

        return run_translation(reg, text, checkpoint, beam_size).to_dict(arrays=bool(arrays), array_json=fragment)

    def size(answer: dict) -> int:  # the arrays' JSON text as it is; the rest as Python objects, ~4× their JSON
        return sum(written) + 4 * (len(orjson.dumps(answer)) - sum(written)) + 2 * len(str(text))

    # The types are in the key: True == 1, but a beam of True is refused where 1 is not.
    key = (reg.get(checkpoint), type(text), text, type(beam_size), beam_size, bool(arrays))
    out = reg.answers.get(key, compute, size)
    return {**out, "checkpoint": checkpoint}  # a copy: the kept answer is never changed


def api_continue(reg: Registry, text: str, checkpoint: str, prefix: str, beam_size: int = 1) -> dict:
    """The ``/continue`` endpoint's JSON: what ``/translate`` returns, for the translation forced through
    ``prefix`` (``forced`` pieces), with its ``log_prob``."""
    out = reg.get(checkpoint).complete(text, prefix, beam_size=beam_size).to_dict(array_json=json_fragment)
    out["checkpoint"] = checkpoint
    return out


def api_intervene(reg: Registry, text: str, checkpoint: str, spec) -> dict:
    """The ``/intervene`` endpoint's JSON: what ``/translate`` returns, under the intervention, plus
    ``original``: the unclamped translation (``/translate``'s fields)."""
    model = reg.get(checkpoint)
    out = model.intervene(text, spec).to_dict(array_json=json_fragment)
    out["original"] = model.translate(text).to_dict(array_json=json_fragment)
    out["checkpoint"] = checkpoint
    return out


def api_saliency(reg: Registry, text: str, checkpoint: str) -> dict:
    """The ``/saliency`` endpoint's JSON: S unnormalised, one row per target piece and one for ``</s>``."""
    t, S = reg.get(checkpoint).saliency(text)
    return {
        "source_pieces": t.source_pieces,
        "target_pieces": t.trace.decoder_outputs,
        "saliency": np.round(S, 8).tolist(),
        "translation": t.text,
        "checkpoint": checkpoint,
    }


def api_neighbours(reg: Registry, text: str, checkpoint: str, k=8) -> list[dict]:
    """``/neighbours``: the k training pairs whose encoder final state is closest (cosine) to the typed
    sentence's, most similar first: ``[{"source", "target", "similarity"}, …]``."""
    n = whole_number(k)
    if n is None or not 1 <= n <= 100:
        raise InputError(f"k must be a whole number from 1 to 100, got {k!r}.", key="bad_k", params={"k": k})
    index = near.state_index(reg, checkpoint, build=True)  # a live model's is built first, as on the page
    model = reg.get(checkpoint)
    _, ids = model.source_ids(text)
    return index.nearest_sentences(encode(model.weights, ids).final[-1][0][0], n)


def api_errors(fn):
    """A named endpoint's bad input comes back as an error with the library's message, not a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            raise gr.Error(str(e), print_exception=False) from None

    return wrapper


class Endpoints:
    """The endpoints over one registry and one live trainer: ``gr.api(endpoints.translate, api_name="translate")``."""

    def __init__(self, reg: Registry, trainer: LiveTrainer):
        self.reg, self.trainer = reg, trainer

    @api_errors
    def translate(self, text: str, checkpoint: str, beam_size: int = 1, arrays: bool = True) -> dict:
        """Translate `text` with `checkpoint` (a name from the page's picker) and return the translation, source and
        target pieces, per-piece probabilities and every traced array as nested lists (6 decimals); `arrays=False`
        leaves the per-step arrays out (encoder, decoder, attention: null) for a lighter answer."""
        return api_result(self.reg, text, checkpoint, beam_size, arrays)

    @api_errors
    def continue_(self, text: str, checkpoint: str, prefix: str, beam_size: int = 1) -> dict:
        """What if the translation started with `prefix` (target-language text)? The decoder is forced through its
        pieces, then continues (greedy, or a beam of `beam_size`). Returns what /translate returns, plus `forced`
        (how many pieces were forced) and `log_prob`."""
        return api_continue(self.reg, text, checkpoint, prefix, beam_size)

    @api_errors
    def intervene(self, text: str, checkpoint: str, spec: str) -> dict:
        """Translate greedily with units clamped: `spec` is JSON {"side": "encoder"|"decoder", "layer": 0, "array":
        "h"|"c"|"i"|"f"|"g"|"o"|"z"|"r"|"hh", "units": [3, 17], "value": 0.0}. Returns what /translate returns,
        plus `original` (the unclamped translation, same fields)."""
        return api_intervene(self.reg, text, checkpoint, spec)

    @api_errors
    def saliency(self, text: str, checkpoint: str) -> dict:
        """For the model's own (greedy) translation, S[t][s] = ‖∂ log p(y_t | y_<t, x) / ∂ e(x_s)‖₂ (unnormalised),
        one row per target piece and one for </s>: {"source_pieces", "target_pieces", "saliency"}."""
        return api_saliency(self.reg, text, checkpoint)

    @api_errors
    def neighbours(self, text: str, checkpoint: str, k: int = 8) -> list:
        """The k training pairs whose encoder final state is closest (cosine) to the sentence's, most similar
        first: [{"source", "target", "similarity"}, …]. Needs the checkpoint's state index."""
        return api_neighbours(self.reg, text, checkpoint, k)

    @api_errors
    def train_live(
        self,
        cell: str = "lstm",
        units: int = 32,
        attention: bool = True,
        reverse_source: bool = False,
        seconds: float = 60,
        bidirectional: bool = False,
    ) -> dict:
        """Train a small dates model for `seconds` (10–180) in the server's queue (one training at a time) and
        return {"checkpoint", "epochs", "dev_loss", "exact_match", "history": [...]} when it is done; /translate
        and every other endpoint then accept the checkpoint's name (for an hour). `bidirectional`: the encoder
        reads both ways (units/2 each; units even)."""
        job = self.trainer.submit(LiveSpec.checked(cell, units, attention, reverse_source, seconds, bidirectional))
        while not job.wait(1.0):
            job.seen()
        if job.state == "failed":
            raise InputError(job.error, key="live_failed", params={"error": job.error})
        out = job.summary()
        del out["state"]
        return out
