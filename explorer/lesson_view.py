"""The Lesson view's handlers (by name, see ``explorer.wiring``): draw a chapter, move between chapters, mark
an answer. Every value comes from ``explorer.lesson``, which measures it on the live checkpoints."""

from __future__ import annotations

import gradio as gr

from . import lesson
from .registry import Registry


def chapter_choices(lang: str = "en") -> list[tuple[str, int]]:
    """The chapter picker: each chapter's title, by number."""
    return [(lesson.text(k, lang, "title"), i + 1) for i, k in enumerate(lesson.KEYS)]


def link(number: int, lang: str) -> str:
    """The chapter's own link, relative to the page (the browser completes it)."""
    return f"?tab=lesson&chapter={number}&lang={lang}"


def show(reg: Registry, number, lang: str = "en", sentence: str | None = None, unit=None, reference=None) -> dict:
    """Chapter ``number`` drawn live on its checkpoint (``sentence``, ``unit``, ``reference``: a student's own)."""
    n = lesson.chapter_number(number)
    p = lesson.page(reg, n, lang, sentence, unit, reference)
    head = f"## {p.title}\n[{lesson.ui('link', lang)}]({link(n, lang)}) · {lesson.ui('keys', lang)} · " + lesson.ui(
        "measured", lang, checkpoint=p.checkpoint
    )
    return {
        "number": n,
        "picker": gr.update(value=n, choices=chapter_choices(lang)),
        "head": head,
        "body": p.body,
        "try_it": f"**{lesson.ui('try', lang)}** — {p.try_it}",
        "sentence": gr.update(value=p.sentence, visible=p.takes_sentence),
        "run": gr.update(visible=p.takes_sentence),
        "unit": gr.update(
            value=p.unit if p.unit is not None else 0, visible=p.unit is not None, maximum=max(p.units - 1, 0)
        ),
        "reference": gr.update(value=p.reference or "", visible=p.reference is not None),
        "plot": gr.update(value=p.figure, visible=p.figure is not None),
        "chips": p.html,
        "question": f"**{lesson.ui('question', lang)}** — {p.question}",
        "answers": gr.update(choices=p.choices, value=None),
        "verdict": "",
        "state": {
            "answer": p.answer,
            "why": p.why,
            "checkpoint": p.checkpoint,
            "sentence": p.sentence,
            "task": p.task,
            "view": p.view,
        },
    }


def go(reg: Registry, number, lang: str = "en") -> dict:
    """Open a chapter on its own sentence."""
    return show(reg, number, lang)


def choose(reg: Registry, number, shown, state: dict | None, lang: str = "en") -> dict:
    """A chapter chosen in the list. The one already drawn is left as it is: Gradio's dropdown reports its value
    again whenever it loses focus, and a Tab through the list redrew the chapter, its answers under the reader's
    focus."""
    if state and lesson.chapter_number(number) == lesson.chapter_number(shown):
        return {}
    return show(reg, number, lang)


def step(reg: Registry, number, delta: int, lang: str = "en") -> dict:
    """The previous (``delta`` = −1) or next (+1) chapter; the first and last stay where they are."""
    return show(reg, lesson.chapter_number(number) + delta, lang)


def check(state: dict | None, picked, lang: str = "en") -> dict:
    """Right or wrong, and why."""
    state = state or {}
    return {"verdict": lesson.check(state.get("answer", ""), picked, state.get("why", ""), lang)}


def show_if_open(reg: Registry, tab: str, number, lang: str = "en") -> dict:
    """After a page opens: draw the chapter when a link opened the lesson (``?tab=lesson&chapter=N``)."""
    return show(reg, number, lang) if tab == "lesson" else {}
