"""Corpora: the builders run on real source material and agree with the committed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2seq import libreoffice as lo
from seq2seq.data import DATA_DIR, EXTRA_SPLIT, SPLITS, build_en_ko, load_pairs, read_tsv

FIXTURE = Path(__file__).parent / "fixtures" / "libreoffice"


@pytest.fixture(scope="module")
def committed():
    return {s: set(load_pairs("en-ko", s)) for s in (*SPLITS, "ui")}


def test_en_ko_builder_on_real_pages_gives_pairs_of_the_committed_corpus(tmp_path, committed):
    counts = build_en_ko(FIXTURE, tmp_path)
    assert counts["train"] >= 10 and counts["dev"] >= 1 and counts["test"] >= 1 and counts["ui"] >= 20
    for split in SPLITS:  # every help pair lands in the same split, with the same translation
        built = list(read_tsv(tmp_path / f"{split}.tsv.gz"))
        assert set(built) <= committed[split], split
    help_en = {en.lower() for s in SPLITS for en, _ in committed[s]}
    ui_en = {en for en, _ in committed["ui"]}
    # in the full build (whose most frequent translation may come from another catalogue), or dropped there
    # as a duplicate of the help
    for en, _ in read_tsv(tmp_path / "ui.tsv.gz"):
        assert en in ui_en or en.lower() in help_en, en


def test_help_pages_align_by_id_and_show_the_default_platform_branch():
    pairs = dict(lo.help_pairs(FIXTURE))
    assert pairs["Specifies general Load/Save settings."] == "일반적인 로드/저장 설정을 지정합니다."
    assert pairs["Sheet"] == "시트" and "Abs Function" in pairs  # headings (hd_id) align as paragraphs do
    # A platform switch as the pages write it: the Mac branch and the default branch are both hidden; the
    # page's script shows one, and the default one is read.
    html = (
        '<p id="par_id1">Choose <span class="switchinline"><span hidden="true" id="MACtext_1" class="MAC">'
        '<span class="emph">LibreOffice - Preferences</span></span><span hidden="true" id="defaulttext_1">'
        '<span class="emph">Tools - Options</span></span></span><span class="emph"> - Load/Save</span>.</p>'
    )
    assert lo.paragraphs(html) == {"par_id1": "Choose Tools - Options - Load/Save."}


def test_interface_messages_lose_context_and_accelerators():
    pairs = dict(lo.ui_pairs(FIXTURE))
    assert all("\x04" not in en and "~" not in en + ko and "(_" not in ko for en, ko in pairs.items())
    assert pairs["Apply"] == "적용" and pairs["Cancel"] == "취소"  # stock\x04_Apply → 적용(_A)


@pytest.mark.parametrize(
    ("en", "ko", "kept"),
    [
        ("Click the OK button to close the dialog.", "확인 버튼을 눌러 대화 상자를 닫습니다.", True),
        ("Click the OK button to close the dialog.", "Click the OK button to close the dialog.", False),
        ("Tools - Options - Load/Save", "도구 - 옵션 - 로드/저장", False),
        ("1234", "1234개", False),
        ("100%", "100%", False),
        (" ".join(["word"] * 31), "단어", False),
    ],
)
def test_keep_drops_untranslated_menu_paths_numbers_and_long_paragraphs(en, ko, kept):
    assert lo.keep(en, ko) is kept


@pytest.mark.parametrize("task", ["en-de", "en-ko"])
def test_no_held_out_english_side_in_any_training_material(task):
    held_out = {en.lower() for s in ("dev", "test") for en, _ in load_pairs(task, s)}
    for source in ("train", EXTRA_SPLIT[task]):
        assert not held_out & {en.lower() for en, _ in load_pairs(task, source)}, source


def test_en_ko_test_split_is_large_enough_and_has_hangul():
    test = load_pairs("en-ko", "test")
    assert len(test) >= 1000
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in ko) for _, ko in test)
    assert (DATA_DIR / "en-ko" / "README.md").read_text(encoding="utf-8").count("MPL-2.0") >= 1
