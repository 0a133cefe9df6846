"""Answers written as JSON once: the arrays of a ``/translate`` answer (~40,000 numbers) as JSON text straight
from numpy, in the worker thread that translated, handed on as ``orjson.Fragment`` values that pydantic passes
through and orjson inserts as they are (the same bytes reach the client: tested). ``JsonWithFragments`` is the
standard ``json`` module taught to write them (Gradio's ``/call`` route uses ``json``); ``without_fragments``
reads them back where a plain value is needed (a deep copy). How Gradio is told to use them: ``serving``.
"""

from __future__ import annotations

import json

import numpy as np
import orjson

from seq2seq.translator import rounded


def json_text(a: np.ndarray) -> bytes:
    """``a``'s numbers as ``rounded_lists`` gives them, written as JSON text (orjson writes a float64 array as it
    writes the same numbers as Python floats)."""
    # (orjson writes C-ordered arrays only: ``rounded`` gives one)
    return orjson.dumps(rounded(a), option=orjson.OPT_SERIALIZE_NUMPY)


def json_fragment(a: np.ndarray) -> orjson.Fragment:
    """``json_text(a)`` as an ``orjson.Fragment``: written into an answer as it is."""
    return orjson.Fragment(json_text(a))


class JsonWithFragments:
    """The standard ``json`` module, whose ``dumps`` also writes ``orjson.Fragment`` values: a call without
    options (the ``/call`` route's) is written by orjson, fragments as they are (compact, UTF-8, NaN as null);
    what orjson refuses (keys that are not strings, integers beyond 64 bits) and calls with options go to
    ``json.dumps``, with fragments read back first."""

    def __getattr__(self, name: str):
        return getattr(json, name)

    @staticmethod
    def dumps(obj, **kwargs) -> str:
        if not kwargs:
            try:
                return orjson.dumps(obj).decode()
            except TypeError:  # orjson.JSONEncodeError is one
                pass
        fallback = kwargs.pop("default", None)

        def default(o):
            if isinstance(o, orjson.Fragment):
                return without_fragments(o)
            if fallback is None:
                raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")
            return fallback(o)

        return json.dumps(obj, default=default, **kwargs)


def without_fragments(value):
    """``value`` with every ``orjson.Fragment`` in its dicts and lists read back into plain values (a copy where
    one is found; ``value`` itself otherwise)."""
    if isinstance(value, orjson.Fragment):
        return orjson.loads(orjson.dumps(value))
    if isinstance(value, dict):
        out = {k: without_fragments(v) for k, v in value.items()}
        return out if any(out[k] is not value[k] for k in value) else value
    if isinstance(value, list):
        out = [without_fragments(v) for v in value]
        return out if any(a is not b for a, b in zip(out, value, strict=True)) else value
    return value
