"""A tip under a translation: the sentence as the models' training data writes it, when the typed one is not.

Every training sentence of the sentence tasks starts with a capital letter and ends with its punctuation, and
every date is written with capitals; typed as students type ("i like apples", "where is the library"), the
shipped English→Korean models score far lower (everyday test chrF 9.1 instead of 14.7 greedy, ``evaluate``'s
"as typed" line). The tip shows the written form; it never changes what the model is given.
"""

from __future__ import annotations

import re

SENTENCE_TASKS = ("en-ko", "en-de")  # tasks whose sources are sentences, capitalised and punctuated
SUBJECTS = {*"i you he she it we they my your his her our their this that these those there please".split(), "it's"}
QUESTION_WORDS = {  # a first word that asks: the closing mark is "?"
    *"what where when who whom whose why how which".split(),
    *"is are am was were do does did can could will would shall should may might must have has had".split(),
}


def as_written(text: str, task: str) -> str | None:
    """``text`` as the task's training data writes it, or None when it already is (or the task has no rule).

    Sentences — typed in lower case, or starting with a subject or question word ("I", "you", "where", "can") —
    get a capital first letter, the pronoun "I" capitalised, a closing "." ("?" after a question word) when they
    end in a letter or digit; others ("Insert Table", a name) are left alone. Dates: every word capitalised
    ("november 25, 2026" → "November 25, 2026"), nothing added.
    """
    t = " ".join(text.split()) if isinstance(text, str) else ""
    if not t or not t.isascii():
        return None
    if task == "dates":
        written = re.sub(r"\b[a-z]", lambda m: m.group().upper(), t)
    elif task in SENTENCE_TASKS:
        first = t.split()[0].lower().strip(",")
        # a sentence typed in lower case, or one that starts as everyday sentences do and has no closing mark
        # (an instruction or a heading such as "Insert Table" has none in the help text either)
        if not (t[0].islower() or first in SUBJECTS | QUESTION_WORDS):
            return None
        written = re.sub(r"\bi\b", "I", t[0].upper() + t[1:])
        if written[-1].isalnum():
            written += "?" if first in QUESTION_WORDS else "."
    else:
        return None
    return written if written != t else None
