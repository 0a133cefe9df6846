"""The lesson: every chapter drawn live in both languages, questions whose right answer is measured, the
claims its prose makes true of the shipped checkpoints, and the page's handlers by name."""

from __future__ import annotations

import re

import pytest

from explorer import josa, lesson, lesson_text, lesson_view
from explorer.registry import Registry, run_translation

LANGS = ("en", "ko")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def reg():
    return Registry.load_all()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", range(1, len(lesson.KEYS) + 1))
def test_every_chapter_draws_live_with_a_question_whose_answer_is_a_choice(reg, number, lang):
    p = lesson.page(reg, number, lang)
    assert p.key == lesson.KEYS[number - 1]
    assert p.figure is not None or p.html, "every chapter shows something drawn from the model"
    prose = re.sub(r"\$\$.*?\$\$|\$.*?\$", "", p.body + p.question + p.why, flags=re.S)  # equations aside
    assert not re.search(r"\{[a-z_]+\}", prose), "an unfilled placeholder"
    values = [v for _, v in p.choices]
    assert p.answer in values and len(set(values)) == len(values) >= 2
    assert p.checkpoint in reg.names() and p.sentence
    if lang == "ko":
        assert HANGUL.search(p.body) and HANGUL.search(p.question)
        assert not josa.PATTERN.search(p.body + p.question + p.why + p.try_it), "a particle left as (이)가"
    else:
        assert not HANGUL.search(p.title)


def test_the_chapters_follow_the_seed_s_story_in_order():
    titles = [lesson_text.CHAPTERS[k]["ko"]["title"] for k in lesson.KEYS]
    expected = [
        "왜 seq2seq",
        "RNN",
        "RNN의 한계",
        "LSTM",
        "GRU",
        "인코더–디코더",
        "티처 포싱",
        "Attention",
        "어떻게 배우는가",
    ]
    for i, (title, want) in enumerate(zip(titles, expected, strict=True)):
        assert title.startswith(f"{i + 1}. ") and want in title, title


def test_the_answer_is_measured_not_written_down(reg):
    """Chapter 1 asks how many pieces the decoder wrote: another date, another right answer."""
    a = lesson.page(reg, 1, "en", "Friday, July 4, 1975")
    b = lesson.page(reg, 1, "en", "May 5, 2001")
    ta, tb = (run_translation(reg, s, "dates-lstm-attn") for s in ("Friday, July 4, 1975", "May 5, 2001"))
    assert a.answer == str(len(ta.target_pieces)) and b.answer == str(len(tb.target_pieces))
    assert a.answer != b.answer


def test_the_lstm_chapter_follows_the_chosen_unit_and_reports_its_real_gate_values(reg):
    p = lesson.page(reg, 4, "en", None, unit=7)
    t = run_translation(reg, lesson.DATE, "dates-lstm")
    assert p.unit == 7
    assert f"$f = {t.trace.encoder[0]['f'][-1, 7]:.2f}$" in p.body
    assert f"$o = {t.trace.encoder[0]['o'][-1, 7]:.2f}$" in p.body
    names = [tr.name for tr in p.figure.data]
    assert names == ["i", "f", "g", "c", "o", "h"] or set(names) == {"i", "f", "g", "c", "o", "h"}
    f_trace = next(tr for tr in p.figure.data if tr.name == "f")
    assert list(f_trace.y) == pytest.approx(t.trace.encoder[0]["f"][:, 7].tolist())
    assert lesson.page(reg, 4, "en", None, unit=999).unit == 127  # clipped to the model's units


def test_the_teacher_forcing_question_is_the_model_s_own_top_choice(reg):
    p = lesson.page(reg, 7, "en")
    forced = reg.get("en-de-lstm-attn").score(lesson.DE_SENTENCE, lesson.DE_REFERENCE)
    assert p.answer == forced.trace.topk[1][0][0]
    assert f"log p = {forced.log_prob:.2f}".replace("-", "\u2212") in p.body  # printed with a minus sign


def test_the_attention_question_names_the_source_piece_with_the_largest_weight(reg):
    p = lesson.page(reg, 8, "en", "Select the cells that you want to delete.")
    t = run_translation(reg, "Select the cells that you want to delete.", "en-ko-gru-attn")
    step = lesson.last_word_step(t)
    assert p.answer == t.source_pieces[int(t.trace.attention[step].argmax())]
    assert any(ch.isalpha() for ch in t.target_pieces[step])


@pytest.mark.parametrize(("lang", "words"), [("en", "both ways"), ("ko", "두 방향")])
def test_the_attention_chapter_says_its_encoder_reads_both_ways(reg, lang, words):
    """The shipped en-ko-gru-attn reads the source both ways: the chapter's s_j is [→h_j; ←h_j] and it says so
    (a one-direction model's chapter would not: the sentence comes from the config)."""
    assert reg.get("en-ko-gru-attn").config.bidirectional
    assert words in lesson.page(reg, 8, lang).body and words not in lesson.page(reg, 6, lang).body


def test_every_claim_the_prose_makes_is_true_of_the_shipped_checkpoints(reg):
    """If a retrained checkpoint makes one false, the prose must change with it."""
    results = lesson.claims(reg)
    assert len(results) >= 6
    assert all(results.values()), [c for c, ok in results.items() if not ok]


def test_the_prose_states_no_number_that_is_not_measured():
    """Numbers in the prose templates are placeholders; the only literal ones are the chapter numbers, the
    citation year, indices and constants inside the equations, and an example date for the student to type."""
    allowed = {"1", "2014", "0", "2011", "3", "60"}
    for key, langs in lesson_text.CHAPTERS.items():
        for lang, parts in langs.items():
            for part, template in parts.items():
                prose = re.sub(r"\$\$.*?\$\$|\$.*?\$", "", template, flags=re.S)  # equations
                prose = re.sub(r"\{[a-z_0-9]+\}", "", prose)  # placeholders
                prose = re.sub(r"^\d+\. ", "", prose)  # the chapter number of a title
                numbers = set(re.findall(r"(?<![A-Za-z])\d+(?:[.,]\d+)?(?![A-Za-z])", prose)) - allowed
                assert not numbers, f"{key}/{lang}/{part}: {numbers}"


def test_chapter_numbers_from_links_are_clipped_and_bad_ones_fall_back():
    assert lesson.chapter_number("3") == 3
    assert lesson.chapter_number("0") == 1 and lesson.chapter_number("99") == len(lesson.KEYS)
    assert lesson.chapter_number("x") == 1 and lesson.chapter_number(None, default=2) == 2


def test_the_view_answers_by_name_and_moves_between_chapters(reg):
    out = lesson_view.step(reg, 4, delta=1, lang="ko")
    assert out["number"] == 5 and "GRU" in out["head"]
    assert "?tab=lesson&chapter=5&lang=ko" in out["head"]
    assert lesson_view.step(reg, 1, delta=-1)["number"] == 1  # the first chapter stays
    assert lesson_view.show_if_open(reg, "playback", 3) == {}
    assert lesson_view.show_if_open(reg, "lesson", 3)["number"] == 3
    state = out["state"]
    right = lesson_view.check(state, state["answer"], "ko")["verdict"]
    wrong_value = next(v for _, v in out["answers"]["choices"] if v != state["answer"])
    wrong = lesson_view.check(state, wrong_value, "ko")["verdict"]
    assert right.startswith("✓") and wrong.startswith("✗") and state["why"] in wrong
    assert "먼저" in lesson_view.check(state, None, "ko")["verdict"]
    # the list reports its value again when it loses focus: the chapter already drawn is left as it is
    assert lesson_view.choose(reg, 5, 5, state, "ko") == {}
    assert lesson_view.choose(reg, "5", 5, state, "ko") == {}
    assert lesson_view.choose(reg, 6, 5, state, "ko")["number"] == 6
    assert lesson_view.choose(reg, 5, 5, None, "ko")["number"] == 5  # nothing drawn yet


def test_a_sentence_the_model_refuses_is_an_input_error(reg):
    from seq2seq.inputs import InputError

    with pytest.raises(InputError):
        lesson.page(reg, 2, "en", "😀" * 400)


def test_the_teacher_forcing_chapter_scores_a_reference_the_student_types(reg):
    p = lesson.page(reg, 7, "en", lesson.DE_SENTENCE, reference="Das Auto gehört ihm.")
    forced = reg.get("en-de-lstm-attn").score(lesson.DE_SENTENCE, "Das Auto gehört ihm.")
    assert p.reference == "Das Auto gehört ihm." and f"log p = {forced.log_prob:.2f}".replace("-", "\u2212") in p.body
    outs, tops = forced.trace.decoder_outputs, forced.trace.topk
    step = next(i for i, (o, top) in enumerate(zip(outs, tops, strict=True)) if o != top[0][0])
    ko = lesson.page(reg, 7, "ko", lesson.DE_SENTENCE, reference="Das Auto gehört ihm.").body
    # in the lesson's own voice (-다, 모형), the pieces quoted without the word-start space
    assert f"처음 갈라지는 곳은 스텝 {step}이다: 정답은 “{outs[step].strip('▁')}”, 모형은 “" in ko
    assert "습니다" not in ko and "모델" not in ko
    assert lesson_view.show(reg, 7, "en", lesson.DE_SENTENCE, None, "Das Auto gehört ihm.")["reference"]["visible"]
    assert not lesson_view.show(reg, 6)["reference"]["visible"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_training_chapter_names_the_train_tab_as_the_page_does_and_opens_it(reg, lang):
    """Chapter 9 sends the class to the Train tab: by the tab's and button's own names (it said "훈련 탭", a tab
    the page does not have), its "open in the explorer" opens that tab, and it shows no sentence box whose
    "Show" would change nothing (its curve does not depend on a sentence)."""
    from explorer import page, texts

    out = lesson_view.show(reg, 9, lang)
    tab, button = texts.t("tab_train", lang), texts.t("live_train", lang).lstrip("▶ ")
    assert f"**{tab}**" in out["try_it"] and f"**{button}**" in out["try_it"] and f"**{tab}**" in out["body"]
    assert out["sentence"]["visible"] is False and out["run"]["visible"] is False
    opened = page.open_from_lesson(reg, out["state"], (), lang)
    assert opened["tab"] == "train" and opened["tabs"].selected == "train"
    four = lesson_view.show(reg, 4, lang)
    assert four["sentence"]["visible"] and four["run"]["visible"]
    assert page.open_from_lesson(reg, four["state"], (), lang)["tab"] == "playback"


NUMBER = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?:e-?\d+)?(?!\d)")  # "19" in "19일", "1.48e-05"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", [1, 3, 4, 5, 6, 8, 9])
def test_a_chapter_s_text_leaves_its_measured_answer_to_the_reveal(reg, number, lang):
    """The class answers from the figure (or thinks it through) before the reveal: the numbers the "why" gives
    as the answer are not written in the text above the question (they all were), and neither is the answer's
    own translation (chapter 4's pinned "19일 화요일"). Chapters 2 and 7 ask for reasoning, not a measurement."""
    p = lesson.page(reg, number, lang)

    def strip(text: str) -> str:  # equations aside
        return re.sub(r"\$\$.*?\$\$|\$.*?\$", " ", text, flags=re.S)

    told = set(NUMBER.findall(strip(p.why))) - set(NUMBER.findall(strip(p.question)))
    assert told, p.why  # the reveal does give a measurement
    assert not told & set(NUMBER.findall(strip(p.body))), (told, p.body)
    bold = set(re.findall(r"\*\*([^*]+)\*\*", p.why))
    assert not {b for b in bold if b in p.body}, bold
