"""Handlers by name: a page handler takes keyword arguments and returns ``{name: value}``; ``wire`` connects it
to an event with the components named in two dicts, so nothing depends on the order of an input list.

    wire(btn.click, lesson_view.show, inputs={"number": chapter, "lang": language}, outputs={"body": md, ...},
         message=message)

A handler that raises ``InputError`` puts its message (in the page's language, the ``lang`` argument) on the
``message`` component; anything else is logged and reported as a generic failure — never a traceback. A
handler may answer ``"message"`` itself. A generator handler streams: each ``{name: value}`` it yields goes to
the page. A handler with a ``request`` parameter gets the event's ``gr.Request``; one with a ``progress``
parameter (not a generator) gets a ``gr.Progress`` that shows on the event's outputs.
"""

from __future__ import annotations

import inspect
import logging
from types import SimpleNamespace

import gradio as gr

from seq2seq.inputs import InputError

from . import registry, texts
from .updates import blanked

log = logging.getLogger("seq2seq.app")


def failure_text(e: Exception, lang: str) -> str:
    """The message line for a handler that failed."""
    if isinstance(e, InputError):
        return f"⚠️ {registry.message(e, lang)}"
    log.exception("handler failed")
    return f"⚠️ {texts.t('error_generic', lang)}"


def by_name(
    fn,
    inputs: dict,
    outputs: dict,
    message=None,
    *,
    clear: dict | None = None,
    blanks: dict | None = None,
    clear_message: bool = True,
):
    """A Gradio handler that calls ``fn(**{name: value})`` (Gradio passes the inputs by name, ``inputs_kwargs``)
    and maps its ``{name: value}`` answer back onto ``outputs``' components.

    ``clear``: ``{name: value}`` that an error also sends (what must not keep showing a result the input no
    longer matches). ``blanks``: ``{name: blank}`` filled in for what an answer leaves out (see
    ``updates.blanked``). ``clear_message``: an answer that says nothing on the message line empties it
    (False: leaves it as it is — the page's message belongs to the translation)."""
    named = {**outputs, **({"message": message} if message is not None else {})}
    if len({id(c) for c in named.values()}) < len(named):
        raise ValueError(f"{fn_name(fn)}: a component has two names in its outputs: {sorted(named)}")
    unknown_clear = set(clear or {}) - set(named)
    if unknown_clear:
        raise KeyError(f"{fn_name(fn)} clears outputs it is not wired to: {sorted(unknown_clear)}")
    blanks = {name: v for name, v in (blanks or {}).items() if name in named}  # this event's outputs only
    signature = inspect.signature(fn)
    try:  # every input names a parameter, and every parameter without a default has its input
        signature.bind(**dict.fromkeys(inputs))
    except TypeError as e:
        raise TypeError(f"{fn_name(fn)} cannot take the inputs {sorted(inputs)}: {e}") from None
    wants_request = "request" in signature.parameters
    wants_progress = "progress" in signature.parameters

    def call_args(values: dict, request, progress=None) -> dict:
        extra = {"request": request} if wants_request else {}
        return {**values, **extra, **({"progress": progress} if wants_progress else {})}

    def mapped(answer: dict | None):
        if blanks:
            answer = blanked(answer or {}, blanks)
        if not answer:  # nothing changes (Gradio refuses an empty dict)
            return {message: gr.skip()} if message is not None else (gr.skip() if outputs else None)
        unknown = set(answer) - set(named)
        if unknown:
            raise KeyError(f"{fn_name(fn)} answered for outputs it was not wired to: {sorted(unknown)}")
        out = {named[n]: v for n, v in answer.items()}
        if message is not None and clear_message and message not in out:
            out[message] = ""
        return out

    def failed(e: Exception, values: dict) -> dict:
        if message is None:
            raise e  # unguarded, as Gradio would have it
        lang = values.get("lang")
        cleared = {named[n]: v for n, v in (clear or {}).items()}
        return {**cleared, message: failure_text(e, lang if lang in ("en", "ko") else "en")}

    if inspect.isgeneratorfunction(fn):

        def handler(request: gr.Request = None, **values):
            answers = fn(**call_args(values, request))
            try:
                while True:
                    try:
                        answer = next(answers)
                    except StopIteration:
                        return
                    except Exception as e:
                        yield failed(e, values)
                        return
                    yield mapped(answer)
            finally:
                answers.close()  # the page went away: the handler's own clean-up runs now

    else:

        def answered(values: dict, request, progress=None):
            try:
                answer = fn(**call_args(values, request, progress))
            except Exception as e:
                return failed(e, values)
            return mapped(answer)

        if wants_progress:  # Gradio gives a progress tracker to a parameter whose default is one

            def handler(request: gr.Request = None, progress=gr.Progress(), **values):  # noqa: B008
                return answered(values, request, progress)

        else:

            def handler(request: gr.Request = None, **values):
                return answered(values, request)

    handler.__name__ = f"on_{fn_name(fn)}"  # not an endpoint's name: gr.api's names stay free
    return handler


def fn_name(fn) -> str:
    """A handler's name, also for a ``functools.partial``."""
    return getattr(fn, "__name__", None) or getattr(getattr(fn, "func", None), "__name__", "handler")


def wire(
    event,
    fn,
    inputs: dict,
    outputs: dict,
    message=None,
    *,
    clear: dict | None = None,
    blanks: dict | None = None,
    clear_message: bool = True,
    **kwargs,
):
    """Connect ``fn`` by name (see ``by_name``) to ``event`` — an event listener (``btn.click``, ``dep.then``) or a
    list of them (one ``gr.on`` for several triggers). Inputs reach Gradio in ``inputs``' order (an API caller's
    positional order); the event is private unless told (``api_visibility``)."""
    targets = set(outputs.values()) | ({message} if message is not None else set())
    kwargs.setdefault("api_visibility", "private")
    handler = by_name(fn, inputs, outputs, message, clear=clear, blanks=blanks, clear_message=clear_message)
    if isinstance(event, list | tuple):
        return gr.on(list(event), handler, None, targets or None, inputs_kwargs=dict(inputs), **kwargs)
    return event(handler, None, targets or None, inputs_kwargs=dict(inputs), **kwargs)


class Components(SimpleNamespace):
    """The page's components under the names its handlers use (``ui.sentence = gr.Textbox(…)``);
    ``ui.pick("sentence", "lang")`` gives the ``{name: component}`` that ``wire`` takes."""

    def pick(self, *names: str) -> dict:
        return {name: getattr(self, name) for name in names}
