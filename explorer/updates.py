"""What an answer sends, kept cheap: Gradio rebuilds a component for every property update and for every output
an answer leaves out, so the page's handlers send a property only when the page lacks it (``settle``), and a
blank rather than nothing for the views they do not draw (``blanked``). Outputs are named as the handlers name
them (see ``explorer.wiring``)."""

from __future__ import annotations

import threading

import gradio as gr


def settle(sent: dict | None, wanted: dict) -> tuple[dict, dict]:
    """Answers for controls whose properties follow the model or the sentence (choices, slider bounds, the
    n-best table's headers): a property update only where the page shows other properties, a plain value
    where it already shows these. Gradio rebuilds a component for every property update (≈ 6 ms of server
    time each, measured); a plain value costs a fraction of that.

    ``wanted`` maps an output's name to ``(properties, value)``; ``sent`` (per page, in a ``gr.State``) maps an
    output's name to the properties it was last sent. Returns the answers and the new ``sent``."""
    sent = dict(sent or {})
    out = {}
    for name, (props, value) in wanted.items():
        if sent.get(name) == props:
            out[name] = value
        else:
            out[name] = gr.update(**props, value=value)
            sent[name] = props
    return out, sent


class Overlaps:
    """Which sessions have had two translations in flight at once. Their answers may reach the page in any
    order, so what ``settle`` remembers could differ from what the page shows: such translations send every
    property and store nothing (the next one then sends every property too)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: dict[str, int] = {}  # session -> translations in flight
        self.mixed: set[str] = set()  # sessions whose translations overlapped since they were last all done

    def start(self, session: str) -> None:
        with self.lock:
            self.running[session] = self.running.get(session, 0) + 1
            if self.running[session] > 1:
                self.mixed.add(session)

    def finish(self, session: str) -> bool:
        """Count one translation done; returns whether it overlapped another."""
        with self.lock:
            mixed = session in self.mixed
            self.running[session] -= 1
            if not self.running[session]:
                del self.running[session]
                self.mixed.discard(session)
            return mixed


def blank_values(outputs: dict) -> dict:
    """``{name: blank}`` for the figures, tables (``None``) and texts (``""``) among ``outputs``
    (``{name: component}``): what an answer may send for a view it does not draw."""
    blanks = {}
    for name, component in outputs.items():
        if isinstance(component, gr.Plot | gr.Dataframe):
            blanks[name] = None
        elif isinstance(component, gr.Markdown | gr.HTML):
            blanks[name] = ""
    return blanks


def blanked(out: dict, blanks: dict) -> dict:
    """``out`` with every output of ``blanks`` it leaves out set to its blank value. Gradio turns a left-out
    output into a skip, and a skip (like any update) costs a component rebuild — about 1.5 ms each, measured:
    with 40 outputs per event that was most of the server's time. Blank figures of hidden tabs are redrawn
    when the tab opens. An answer that draws nothing (no translation yet) blanks nothing: it may race a
    translation's answer."""
    if not set(out) & set(blanks):
        return out
    return {**{name: v for name, v in blanks.items() if name not in out}, **out}
