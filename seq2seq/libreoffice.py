"""English→Korean pairs from LibreOffice's help pages and interface messages (MPL-2.0).

The Korean LibreOffice team translated both; Debian ships them as packages:

* ``libreoffice-help-en-us`` and ``libreoffice-help-ko``: HTML help pages under
  ``usr/share/libreoffice/help/{en-US,ko}/text/…``. The same file in both languages carries the same element
  ids (``<p id="par_id3146957">``, ``<h1 id="hd_id3147291">``), so paragraphs align by (file, id).
* ``libreoffice-l10n-ko``: gettext catalogues ``usr/lib/libreoffice/program/resource/ko/LC_MESSAGES/*.mo``,
  msgid → msgstr, where the msgid is ``context\\x04English text`` and both sides carry accelerators
  (``~Open``, ``_Open``, ``열기(~O)``).

Only the reading of those files lives here; splitting and writing belong to ``seq2seq.data``.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

HELP_DIR = "usr/share/libreoffice/help"
MO_DIR = "usr/lib/libreoffice/program/resource/ko/LC_MESSAGES"

MAX_WORDS = 30  # longest English side kept: a 256-unit RNN cannot learn much longer
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SPACE = re.compile(r"\s+")
_ALIGNED_ID = re.compile(r"^(par|hd)_id")
_BLOCKS = {"p", "h", "h1", "h2", "h3", "h4", "h5", "h6"}
# Korean accelerators are appended in brackets: "열기(~O)", "저장(_S)"; English ones mark a letter: "~Open".
_KO_ACCEL = re.compile(r"\s*\((?:~|_)[^)\s]\)")
_ACCEL = re.compile(r"[~_](?=\w)")
_PLACEHOLDER = re.compile(r"%\w+|\$\(\w+\)|\$\w+\$|\{\w*\}|%s|%d|<[^>]+>|\\[nt]")
_MENU_PATH = re.compile(r"^[^.!?]*( - [^.!?]*){2,}$")  # "Tools - Options - Load/Save"


class _ParagraphParser(HTMLParser):
    """Collect the text of every block element whose id starts with ``par_id`` or ``hd_id``.

    Text inside a hidden element is skipped, except the ``default…`` branch of a platform switch (the page's
    script shows one branch: ``Tools - Options`` by default, ``LibreOffice - Preferences`` on a Mac).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: dict[str, str] = {}
        self._id: str | None = None
        self._tag: str | None = None
        self._parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hidden) of the elements open inside a paragraph

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._id is None:
            if tag in _BLOCKS and _ALIGNED_ID.match(a.get("id") or ""):
                self._id, self._tag, self._parts, self._stack = a["id"], tag, [], []
            return
        if tag in ("br", "img", "input", "meta", "link"):  # void elements never close
            return
        hidden = "hidden" in a and not (a.get("id") or "").startswith("default")
        self._stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if self._id is None:
            return
        if tag == self._tag and not any(t == tag for t, _ in self._stack):
            self.paragraphs.setdefault(self._id, clean_text("".join(self._parts)))
            self._id = None
            return
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._id is not None and not any(h for _, h in self._stack):
            self._parts.append(data)


def clean_text(text: str) -> str:
    """Collapse whitespace (the HTML is indented) and tidy spaces before punctuation."""
    text = _SPACE.sub(" ", text).strip()
    return re.sub(r" ([.,;:!?)])", r"\1", text)


def paragraphs(html: str) -> dict[str, str]:
    """``{element id: text}`` of one help page's aligned paragraphs and headings."""
    parser = _ParagraphParser()
    parser.feed(html)
    parser.close()
    return parser.paragraphs


def help_pairs(root: Path) -> Iterator[tuple[str, str]]:
    """Every (English, Korean) paragraph pair of the help, file by file in sorted order, aligned by id."""
    en_root, ko_root = root / HELP_DIR / "en-US" / "text", root / HELP_DIR / "ko" / "text"
    for en_file in sorted(en_root.rglob("*.html")):
        ko_file = ko_root / en_file.relative_to(en_root)
        if not ko_file.exists():
            continue
        en, ko = (paragraphs(f.read_text(encoding="utf-8")) for f in (en_file, ko_file))
        for pid, en_text in en.items():
            if pid in ko:
                yield en_text, ko[pid]


def strip_accelerators(en: str, ko: str) -> tuple[str, str]:
    """``~Open…`` / ``열기(~O)…`` → ``Open…`` / ``열기…``."""
    return _ACCEL.sub("", en.replace("~~", "~")), _ACCEL.sub("", _KO_ACCEL.sub("", ko))


def ui_pairs(root: Path) -> Iterator[tuple[str, str]]:
    """(English, Korean) interface messages of every ``.mo`` catalogue, context prefix and accelerators gone.

    ``%PRODUCTNAME`` becomes ``LibreOffice`` (as in the help); messages with other placeholders are dropped.
    """
    for mo in sorted((root / MO_DIR).glob("*.mo")):
        with open(mo, "rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # msgid → msgstr, as the gettext module reads it
        for msgid, msgstr in catalog.items():
            if not isinstance(msgid, str) or not msgid or not isinstance(msgstr, str):
                continue  # the header, and plural forms (keyed by tuples)
            en = msgid.split("\x04", 1)[-1]
            en, ko = (s.replace("%PRODUCTNAME", "LibreOffice") for s in (en, msgstr))
            if _PLACEHOLDER.search(en) or _PLACEHOLDER.search(ko):
                continue
            en, ko = strip_accelerators(en, ko)
            yield clean_text(en), clean_text(ko)


def keep(en: str, ko: str) -> bool:
    """A pair worth learning from: translated (Hangul on the Korean side), a few words to ``MAX_WORDS``,
    something to read besides a menu path or a placeholder, and no tab (the file separator)."""
    words = len(en.split())
    return (
        bool(_HANGUL.search(ko))
        and 1 <= words <= MAX_WORDS
        and len(ko.split()) <= 2 * MAX_WORDS
        and any(c.isalpha() for c in en)
        and en != ko
        and not _MENU_PATH.match(en)
        and "\t" not in en + ko
    )


def one_translation_each(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One pair per English text: its most frequent Korean translation (ties: the first seen)."""
    counts: dict[str, Counter] = {}
    for en, ko in pairs:
        counts.setdefault(en, Counter())[ko] += 1
    return [(en, c.most_common(1)[0][0]) for en, c in counts.items()]
