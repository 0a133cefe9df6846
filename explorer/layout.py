"""What ``app.py``'s layout is built with: the page's texts (``I18N``), its style and start-up script, the
explanation blocks, and ``translated`` — the components whose label or value is one of the page's texts, which
the language switch redraws (``explorer.page.language``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import gradio as gr
from gradio.i18n import I18nData

from . import figures
from .texts import EN, KO

HERE = Path(__file__).parent
# Gradio's own status line says "common.complete" when an event ends; with the page's English table in place of
# its own, a screen reader heard that raw key (after an example was picked): the page's tables carry it too.
GRADIO_KEYS = {"en": {"common.complete": "Complete"}, "ko": {"common.complete": "완료"}}
# the browser translates these by its own language; the switch redraws them
I18N = gr.I18n(en={**EN, **GRADIO_KEYS["en"]}, ko={**KO, **GRADIO_KEYS["ko"]})
LATEX = [{"left": "$", "right": "$", "display": False}]
LESSON_LATEX = [{"left": "$$", "right": "$$", "display": True}, *LATEX]
CSS = (HERE / "page.css").read_text(encoding="utf-8")


def plotly_chunk() -> str:
    """The file name of Gradio's plotly chunk (``PlotlyPlot-<hash>.js`` among its frontend assets), or ""."""
    assets = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    found = sorted(assets.glob("PlotlyPlot-*.js"))
    return found[0].name if found else ""


# the page's scripts, each a function run once when the page loads: ←/→ between the lesson's chapters (and its
# print view); the tab strip's keys and the folds' aria-expanded; Gradio's plotly chunk fetched before it is needed;
# a figure's title wrapped again where the screen is narrower than the view it was wrapped for (and the two state
# maps stacked there); Gradio's and plotly's own words in Korean on a Korean page
HEAD_JS = (
    "() => {\n"
    + "\n".join(
        f"  ({(HERE / name).read_text(encoding='utf-8').strip()})();"
        for name in ("lesson_keys.js", "keys.js", "plotly_warm.js", "title_fit.js", "gradio_words.js")
    )
    .replace("__PLOTLY_CHUNK__", plotly_chunk())
    .replace("__TITLE_LINE_PX__", str(figures.TITLE_LINE_PX))
    + "\n}"
)
I18N_VALUE = re.compile(r"__i18n__(\{.*\})", re.S)  # how Gradio stores a text key given as a string value


def explanation(key: str, latex: bool = True) -> gr.Markdown:
    """A tab's explanation: the text ``key`` in small print, with inline ``$…$`` maths unless ``latex`` is False."""
    return gr.Markdown(I18N(key), latex_delimiters=LATEX if latex else None, elem_classes="explain")


def text_key(value) -> str | None:
    """The text key a label or value was given as (``I18N("task")``), or None."""
    if isinstance(value, I18nData):
        return value.key
    match = I18N_VALUE.fullmatch(value) if isinstance(value, str) else None
    return json.loads(match.group(1)).get("key") if match else None


def translated(blocks, but=()) -> dict[str, tuple[gr.components.Component, str]]:
    """``{text key: (component, "label" or "value")}`` for every component of ``blocks`` (``demo.blocks``) whose
    label or value is one of the page's texts, except those in ``but`` (a handler sets them itself). One text
    key labels one component: the key names that output of the language switch."""
    found: dict[str, tuple[gr.components.Component, str]] = {}
    for block in blocks.values():
        if any(block is other for other in but):
            continue
        for prop in ("label", "value"):
            key = text_key(getattr(block, prop, None))
            if key is None:
                continue
            if key in found:
                raise ValueError(f"the text {key!r} labels two components: the language switch names outputs by it")
            found[key] = (block, prop)
    return found
