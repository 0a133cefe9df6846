"""English→Korean pairs from GNOME's help: Mallard pages in English and Korean, aligned element by element.

Debian ships the help of GNOME and its applications as Mallard pages, English under
``usr/share/help/C/<app>/*.page`` and Korean under ``usr/share/help/ko/<app>/*.page``. The Korean pages are
made by itstool from the English ones and the Korean translators' catalogue, so a page's text blocks
(``title``, ``desc``, ``p`` — in the page, its ``info``, a ``note``, a list ``item``, a table cell …) come in
the same order and number in both languages: the n-th block of one is the n-th of the other. A page whose
block sequences differ is skipped, and counted.

Each package is extracted into a folder of its own name (``dpkg -x gnome-user-docs_….deb
SOURCE/gnome-user-docs``): its version comes from its Debian changelog, its licence from its copyright file
and from the ``<license>`` its pages state (mostly CC-BY-SA 3.0, the GNOME Documentation Project).

Only the reading of those files lives here; filtering and writing belong to ``seq2seq.data``.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HELP_DIR = "usr/share/help"
MALLARD = "{http://projectmallard.org/1.0/}"
TEXT_BLOCKS = {"title", "subtitle", "desc", "p"}  # the blocks that carry text (their children are inline)
UNREAD = {"credit", "license", "revision", "comment", "code", "screen"}  # names, legal notes, verbatim text
# Inline elements yelp fills in when they are empty (a link shows its target's title, media an image): an
# empty one leaves a hole in the sentence, so its block gives no pair.
FILLED_IN = {"link", "media"}
SEQUENCE_JOIN = {"keyseq": "+", "guiseq": " ▸ "}  # as yelp renders them: Ctrl+C, Edit ▸ Preferences

Block = tuple[str, str | None]  # (element name, flattened text; None where the text has a hole)


@dataclass
class Package:
    """One extracted package: where it came from, under what licence, and what its pages gave."""

    name: str
    version: str  # from the Debian changelog (a binNMU's own changelog first)
    licence: str  # the help's licence as the Debian copyright file states it
    page_licence: str  # the licence the pages themselves state (<license> in legal.xml or the page)
    pages: int = 0  # English pages with a Korean page
    aligned: int = 0  # … whose block sequences agree
    skipped: list[str] = field(default_factory=list)  # app/page of those whose sequences differ (or do not parse)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (English, Korean) of every aligned block


def _name(el: ET.Element) -> str:
    return el.tag.removeprefix(MALLARD) if isinstance(el.tag, str) else ""


def inline_text(el: ET.Element) -> str | None:
    """An element's text with its inline markup flattened (``<gui>``, ``<key>``, ``<link>``…), or None where
    an empty link or media element leaves a hole. Key and menu sequences are joined as yelp shows them."""
    name = _name(el)
    if name in SEQUENCE_JOIN:
        parts = [inline_text(child) for child in el if _name(child)]
        if None in parts:
            return None
        return SEQUENCE_JOIN[name].join(p for p in parts if p)
    parts = [el.text or ""]
    for child in el:
        if _name(child):  # an element (comments and processing instructions are not kept by the parser)
            text = inline_text(child)
            if text is None or (_name(child) in FILLED_IN and not text.strip()):
                return None
            parts.append(text)
        parts.append(child.tail or "")
    return "".join(parts)


def blocks(page: Path) -> list[Block]:
    """Every text block of a page in document order, ``(name, text)``; raises ``ET.ParseError``."""
    out: list[Block] = []

    def walk(el: ET.Element) -> None:
        for child in el:
            name = _name(child)
            if name in TEXT_BLOCKS:
                text = inline_text(child)
                out.append((name, None if text is None else " ".join(text.split())))  # whitespace collapsed
            elif name and name not in UNREAD:
                walk(child)

    walk(ET.parse(page).getroot())
    return out


def align(en: list[Block], ko: list[Block]) -> list[tuple[str, str]] | None:
    """The (English, Korean) text of each pair of blocks, or None when the two pages' block sequences differ.
    Blocks with a hole on either side give no pair."""
    if [name for name, _ in en] != [name for name, _ in ko]:
        return None
    return [(e, k) for (_, e), (_, k) in zip(en, ko, strict=True) if e and k]


def debian_version(doc: Path) -> str:
    """The version at the top of a package's Debian changelog (``usr/share/doc/<package>/``)."""
    for log in [*sorted(doc.glob("changelog.Debian.*.gz")), doc / "changelog.Debian.gz"]:  # binNMU first
        if log.exists():
            with gzip.open(log, "rt", encoding="utf-8") as fh:
                m = re.match(r"\S+ \(([^)]+)\)", fh.readline())
            if m:
                return m.group(1)
    return "unknown"


def copyright_licence(text: str) -> str:
    """The help's licence as a Debian copyright file states it.

    Machine-readable files: the ``License`` of the ``Files:`` paragraph that names ``help/``, else of
    ``Files: *``. Free-form files: the licences whose texts the file points to in ``/usr/share/common-licenses``.
    """
    if text.startswith("Format:"):
        found: dict[str, str] = {}
        for para in re.split(r"\n[ \t]*\n", text):
            files = re.search(r"^Files:(.*(?:\n[ \t].*)*)", para, re.M)
            licence = re.search(r"^License:[ \t]*(\S.*)", para, re.M)
            if files and licence:
                globs = files.group(1).split()
                if any(g.startswith("help/") for g in globs):
                    found.setdefault("help", licence.group(1).strip())
                elif "*" in globs:
                    found.setdefault("*", licence.group(1).strip())
        return found.get("help") or found.get("*") or "not stated"
    names = dict.fromkeys(re.findall(r"common-licenses/([\w.+-]+)", text))
    return ", ".join(n.rstrip(".") for n in names) or "not stated"


def _licence_names(lic: str) -> list[str]:
    """The licences one ``<license>`` element names: by its links, else by its text."""
    names = []
    for href in re.findall(r'href="([^"]+)"', lic):
        if m := re.search(r"licenses/by-sa/(\d\.\d)(/us)?", href):
            names.append(f"CC-BY-SA-{m[1]}" + ("-US" if m[2] else ""))
        elif "gnu.org/licenses" in href:
            m = re.search(r"General Public License,? version (\d)", lic)
            names.append(f"GPL-{m[1]}" if m else "GPL")
    if not names and (m := re.search(r"Share[ -]?Alike (\d\.\d)", lic, re.I)):
        names.append(f"CC-BY-SA-{m[1]}")
    return names


def page_licence(help_dir: Path) -> str:
    """The licences the English pages of an app state in their ``<license>`` elements (in a ``legal.xml`` they
    include, or inline): one naming two offers either (``"CC-BY-SA-3.0 or GPL-3"``); pages stating different
    ones are ``"; "``-joined."""
    found: dict[str, None] = {}
    for f in sorted(help_dir.glob("*.page")) + sorted(help_dir.glob("*.xml")):
        for lic in re.findall(r"<license[\s>].*?</license>", f.read_text(encoding="utf-8"), re.S):
            if names := _licence_names(lic):
                found[" or ".join(dict.fromkeys(names))] = None
    return "; ".join(found) or "not stated"


def read_package(root: Path) -> Package:
    """Read one extracted package (``root/usr/share/help/{C,ko}/<app>/*.page``), page by page in sorted order."""
    doc = root / "usr/share/doc" / root.name
    copyright_file = doc / "copyright"
    licence = copyright_licence(copyright_file.read_text(encoding="utf-8")) if copyright_file.exists() else "no file"
    en_root, ko_root = root / HELP_DIR / "C", root / HELP_DIR / "ko"
    apps = sorted(d for d in en_root.iterdir() if d.is_dir() and (ko_root / d.name).is_dir())
    pack = Package(root.name, debian_version(doc), licence, " / ".join(sorted({page_licence(d) for d in apps})))
    for app in apps:
        for en_page in sorted(app.glob("*.page")):
            ko_page = ko_root / app.name / en_page.name
            if not ko_page.exists():
                continue
            pack.pages += 1
            try:
                pairs = align(blocks(en_page), blocks(ko_page))
            except ET.ParseError:
                pairs = None
            if pairs is None:
                pack.skipped.append(f"{app.name}/{en_page.name}")
            else:
                pack.aligned += 1
                pack.pairs += pairs
    return pack


def read_packages(source: Path) -> list[Package]:
    """Every package extracted under ``source`` (one folder each) that has English and Korean help."""
    if not source.is_dir():
        return []
    return [
        read_package(d)
        for d in sorted(source.iterdir())
        if (d / HELP_DIR / "C").is_dir() and (d / HELP_DIR / "ko").is_dir()
    ]
