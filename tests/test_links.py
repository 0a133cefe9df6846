"""Links a teacher prepares (``?task=…&checkpoint=…&text=…&beam=…&tab=…&chapter=…&lang=…``), read as a plain
function of the query, the browser's language and the loaded checkpoints' names: no server, milliseconds."""

from __future__ import annotations

import json
import re

import pytest

from explorer import lesson, links
from seq2seq.config import MAX_INPUT_CHARS

LOADED = {"en-de": ["en-de-lstm-attn", "en-de-gru"], "dates": ["dates-lstm", "dates-gru"], "en-ko": ["en-ko-lstm-attn"]}


def read(query: dict, browser: str = "en", loaded: dict = LOADED, default: str = "en-de") -> dict:
    return links.read(query, browser, loaded, default)


def test_no_link_opens_the_default_task_in_the_browsers_language():
    link = read({})
    assert (link["lang"], link["task"], link["relabel"], link["notice"], link["unknown"]) == (
        "en",
        "en-de",
        False,
        "",
        [],
    )
    assert not {"checkpoint", "sentence", "decoding", "beam_width", "tab", "chapter"} & set(link)


def test_a_korean_browser_starts_on_english_to_korean_when_it_is_loaded():
    assert read({}, "ko")["task"] == "en-ko"
    assert read({}, "ko", {k: v for k, v in LOADED.items() if k != "en-ko"})["task"] == "en-de"
    assert read({"task": "dates"}, "ko")["task"] == "dates"  # a link's task wins over the browser's


def test_the_links_language_wins_and_relabels_the_page():
    link = read({"lang": "ko"}, "en")
    assert link["lang"] == "ko" and link["relabel"] and link["task"] == "en-ko"
    assert not read({"lang": "ko"}, "ko")["relabel"]
    assert read({"lang": "fr"}, "ko")["lang"] == "ko"  # not a page language: the browser's


def test_a_known_task_and_checkpoint_are_taken():
    link = read({"task": "dates", "checkpoint": "dates-gru"})
    assert (link["task"], link["checkpoint"], link["unknown"]) == ("dates", "dates-gru", [])


@pytest.mark.parametrize(
    ("query", "unknown"),
    [
        ({"task": "fr-en"}, [("task", "fr-en")]),
        ({"checkpoint": "../../etc/passwd"}, [("checkpoint", "../../etc/passwd")]),
        ({"task": "en-de", "checkpoint": "dates-lstm"}, [("checkpoint", "dates-lstm")]),  # another task's
        ({"task": "nope", "checkpoint": "dates-lstm"}, [("task", "nope"), ("checkpoint", "dates-lstm")]),
        ({"beam": "11"}, [("beam", "11")]),
        ({"beam": "0"}, [("beam", "0")]),
        ({"beam": "2.5"}, [("beam", "2.5")]),
        ({"beam": "5; rm -rf /"}, [("beam", "5; rm -rf /")]),
        ({"tab": "settings"}, [("tab", "settings")]),
    ],
)
def test_unknown_values_fall_back_with_a_note_each(query, unknown):
    link = read(query)
    assert link["unknown"] == unknown
    assert link["task"] == (query["task"] if query.get("task") in LOADED else "en-de")
    assert "checkpoint" not in link and "tab" not in link and "decoding" not in link
    assert link["notice"].count("⚠️") == len(unknown)
    assert all(repr(value[:60]) in link["notice"] for _, value in unknown)


def test_the_notes_are_in_the_links_language():
    notice = read({"lang": "ko", "task": "xx", "tab": "yy"})["notice"]
    assert "과제" in notice and "화면" in notice and notice.count("⚠️") == 2
    assert "task" in read({"task": "xx"})["notice"]


@pytest.mark.parametrize(
    ("beam", "decoding", "width"), [("1", "greedy", 2), ("2", "beam", 2), ("5", "beam", 5), ("10", "beam", 10)]
)
def test_a_links_beam_sets_the_decoding_and_its_width(beam, decoding, width):
    link = read({"beam": beam})
    assert (link["decoding"], link["beam_width"], link["unknown"]) == (decoding, width, [])


@pytest.mark.parametrize("tab", links.TAB_IDS)
def test_every_tab_can_be_linked(tab):
    assert read({"tab": tab})["tab"] == tab


def test_the_text_is_taken_as_written_up_to_four_times_the_input_limit():
    assert read({"text": "Nov 25, 2026"})["sentence"] == "Nov 25, 2026"
    assert len(read({"text": "x" * 10 * MAX_INPUT_CHARS})["sentence"]) == 4 * MAX_INPUT_CHARS


@pytest.mark.parametrize(("chapter", "number"), [("3", 3), ("0", 1), ("999", None), ("three", 1)])
def test_a_chapter_is_clipped_to_the_chapters_there_are(chapter, number):
    assert read({"tab": "lesson", "chapter": chapter})["chapter"] == (number or len(lesson.KEYS))


def test_the_copy_link_script_knows_every_tabs_label_in_both_languages():
    labels = json.loads(re.search(r"const labels = (\{.*?\});", links.JS).group(1))
    assert sorted(set(labels.values())) == sorted(links.TAB_IDS)
    assert len(labels) == 2 * len(links.TAB_IDS)  # an English and a Korean label per tab, all different
    assert links.JS.startswith("(task, ckpt, text, decoding, width, tab, chapter, lang) =>")
    for param in ("task", "checkpoint", "text", "beam", "tab", "chapter", "lang"):  # what read() reads
        assert f"searchParams.set('{param}'" in links.JS
