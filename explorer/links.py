"""Links a teacher prepares: ``?task=…&checkpoint=…&text=…&beam=…&tab=…&chapter=…&lang=…``.

``read`` checks what a link asks for against what is loaded (a plain function of the query, the browser's
language and the checkpoints' names: no Gradio); ``JS`` builds such a link in the browser from what is on
screen (the copy-link button).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from seq2seq.config import MAX_INPUT_CHARS
from seq2seq.inputs import whole_number

from . import texts
from .lesson import chapter_number

TAB_IDS = (  # the page's tabs, as links name them
    "lesson",
    "playback",
    "states",
    "attention",
    "steps",
    "saturation",
    "compare",
    "tf",
    "why",
    "near",
    "train",
    "card",
)
KOREAN_TASK = "en-ko"  # where a Korean-language browser starts, when its checkpoints are loaded
MAX_BEAM = 10
LANGS = ("en", "ko")


def read(
    query: Mapping[str, str], browser_lang: str, checkpoints: Mapping[str, Sequence[str]], default_task: str
) -> dict:
    """What a page opens with, from a link's ``query`` (``{}`` for none), the browser's language and the names of
    the loaded checkpoints by task (``checkpoints``). Unknown values fall back to the defaults, each with a note.

    Returns ``lang`` (the link's, else the browser's), ``relabel`` (whether it differs from the browser's: every
    label is then redrawn in it), ``task``, and where the link says so and it is valid ``checkpoint`` (one of the
    task's), ``sentence`` (cut at 4 × the input limit), ``decoding`` and ``beam_width`` (from ``beam``, 1–10),
    ``tab``, ``chapter``; ``unknown`` lists ``(what, value)`` refused and ``notice`` says them in ``lang``."""
    lang = query["lang"] if query.get("lang") in LANGS else browser_lang
    link = {"lang": lang, "relabel": lang != browser_lang, "unknown": []}

    def unknown(what: str, value: str) -> None:
        link["unknown"].append((what, value))

    task = KOREAN_TASK if lang == "ko" and checkpoints.get(KOREAN_TASK) else default_task
    if "task" in query:
        if checkpoints.get(query["task"]):
            task = query["task"]
        else:
            unknown("task", query["task"])
    link["task"] = task
    if "chapter" in query:
        link["chapter"] = chapter_number(query["chapter"])
    name = query.get("checkpoint")
    if name is not None:
        if name in checkpoints.get(task, ()):
            link["checkpoint"] = name
        else:
            unknown("checkpoint", name)
    if "text" in query:
        link["sentence"] = query["text"][: 4 * MAX_INPUT_CHARS]
    if "beam" in query:
        beam = whole_number(query["beam"])
        if beam is not None and 1 <= beam <= MAX_BEAM:
            link["decoding"], link["beam_width"] = ("beam" if beam > 1 else "greedy"), max(2, beam)
        else:
            unknown("beam", query["beam"])
    tab = query.get("tab")
    if tab is not None:
        if tab in TAB_IDS:
            link["tab"] = tab
        else:
            unknown("tab", tab)
    link["notice"] = notice(link["unknown"], lang)
    return link


def notice(unknown: Sequence[tuple[str, str]], lang: str = "en") -> str:
    """One line per value a link asked for that is not here (empty when there is none)."""
    return "  \n".join(
        "⚠️ " + texts.t("link_unknown", lang, what=texts.t(f"link_what_{what}", lang), value=value[:60])
        for what, value in unknown
    )


# The tab a copied link names comes from the page itself: the selected tab's label, in either language.
TAB_OF_LABEL = {texts.t(f"tab_{key}", lang): key for key in TAB_IDS for lang in LANGS}
JS = (
    Path(__file__)
    .with_name("link.js")
    .read_text(encoding="utf-8")
    .strip()
    .replace("TAB_OF_LABEL", json.dumps(TAB_OF_LABEL, ensure_ascii=False))
)
