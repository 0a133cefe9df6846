"""Handlers by name: a page handler takes keyword arguments and returns ``{name: value}``; ``wire`` connects it
to an event with the components named in two dicts, so nothing depends on the order of an input list.

    wire(btn.click, lesson_view.show, inputs={"number": chapter, "lang": language}, outputs={"body": md, ...},
         message=message)

A handler that raises ``InputError`` puts its message (in the page's language, the ``lang`` argument) on the
``message`` component; anything else is logged and reported as a generic failure — never a traceback.
"""

from __future__ import annotations

import logging

import gradio as gr

from seq2seq.translator import InputError

from . import texts, views

log = logging.getLogger("seq2seq.app")


def failure_text(e: Exception, lang: str) -> str:
    """The message line for a handler that failed."""
    if isinstance(e, InputError):
        return f"⚠️ {views.message(e, lang)}"
    log.exception("handler failed")
    return f"⚠️ {texts.t('error_generic', lang)}"


def by_name(fn, inputs: dict, outputs: dict, message=None):
    """A Gradio handler (one dict argument: Gradio passes ``{component: value}`` when inputs are a set) that
    calls ``fn(**{name: value})`` and maps its ``{name: value}`` answer back onto ``outputs``' components."""
    names = {component: name for name, component in inputs.items()}

    def handler(data: dict):
        kwargs = {names[c]: v for c, v in data.items() if c in names}
        try:
            answer = fn(**kwargs)
        except Exception as e:
            if message is None:
                raise
            return {message: failure_text(e, kwargs.get("lang", "en"))}
        if not answer:  # nothing changes (Gradio refuses an empty dict)
            return {message: gr.skip()} if message is not None else gr.skip()
        unknown = set(answer) - set(outputs)
        if unknown:
            raise KeyError(f"{fn.__name__} answered for outputs it was not wired to: {sorted(unknown)}")
        out = {outputs[n]: v for n, v in answer.items()}
        if message is not None and message not in out:
            out[message] = ""
        return out

    handler.__name__ = getattr(fn, "__name__", "handler")
    return handler


def wire(event, fn, inputs: dict, outputs: dict, message=None, **kwargs):
    """``event(by_name(fn, …), set(inputs), set(outputs) | {message}, **kwargs)``: private unless told."""
    targets = set(outputs.values()) | ({message} if message is not None else set())
    kwargs.setdefault("api_visibility", "private")
    return event(by_name(fn, inputs, outputs, message), set(inputs.values()), targets, **kwargs)
