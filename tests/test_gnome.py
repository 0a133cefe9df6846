"""GNOME's help: real Mallard pages align block by block, mismatched pages are skipped, and the pairs written
are training material only (no held-out English)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from seq2seq import gnome
from seq2seq.data import DATA_DIR, SPLITS, build_en_ko_gnome, load_pairs, read_tsv, write_tsv
from seq2seq.datacli import main as data_main

FIXTURE = Path(__file__).parent / "fixtures" / "gnome"
DOCS = FIXTURE / "gnome-user-docs"

# What the three fixture pages give after the filter (1–30 words, Hangul…), one translation each, in page order.
KEPT = [
    ("Using the Mouse", "마우스 사용법"),
    (
        "All equations can be entered using the mouse. To access all buttons there are a number of modes that can "
        "be selected from the Mode menu.",
        "모든 수식은 마우스로 입력할 수 있습니다. 모든 단추를 활용하려면 모드 메뉴에서 "
        "다양한 모드를 선택할 수 있습니다.",
    ),
    ("Basic", "기본"),
    ("Provides buttons suitable for basic equations", "기본 수식 입력에 적합한 단추가 나타납니다"),
    ("Advanced", "고급"),
    ("Financial", "재무"),
    ("Provides buttons suitable for financial equations", "재무 계산에 적합한 단추가 나타납니다"),
    ("Programming", "프로그래밍"),
    ("Provides buttons suitable for computer programmers", "컴퓨터 프로그래머에 적합한 단추가 나타납니다"),
    ("These are backup files. They are hidden by default.", "이게 백업 파일입니다. 기본적으로 숨긴 상태입니다."),
    ("What is a file with a ~ at the end of its name?", "이름 뒤 ~ 표시가 붙은 파일은 뭘까요?"),
    ("Print only specific pages, or only a range of pages.", "지정 페이지 또는 페이지 범위만 인쇄합니다."),
    ("Print only certain pages", "일부 지정 페이지만 인쇄"),
    ("To only print certain pages from the document:", "문서에서 일부 지정 페이지만 인쇄하려면:"),
    ("Open the print dialog by pressing Ctrl+P.", "Ctrl+P 키를 눌러 인쇄 대화상자를 엽니다."),
    ("In the General tab, choose Pages from the Range section.", "일반 탭에서 범위 섹션의 페이지를 선택합니다."),
    (
        "Type the numbers of the pages you want to print in the text box, separated by commas. Use a dash to "
        "denote a range of pages.",
        "텍스트 입력 상자에 인쇄하려는 페이지 수를 쉼표로 구분하여 입력합니다. 대시 기호는 페이지 범위를 나타냅니다.",
    ),
    (
        "For example, if you enter “1,3,5-7” in the Pages text box, pages 1,3,5,6 and 7 will be printed.",
        "예를 들어 페이지 텍스트 입력 상자에 “1,3,5-7”을 입력하면 1,3,5,6,7 페이지를 인쇄합니다.",
    ),
]


@pytest.fixture()
def splits(tmp_path) -> Path:
    """A tiny en-ko folder: a fixture English in each of dev, test, train and ui (in another case)."""
    out = tmp_path / "en-ko"
    write_tsv(out / "dev.tsv.gz", [("print only CERTAIN pages", "일부 지정 페이지만 인쇄")])
    write_tsv(out / "test.tsv.gz", [("Using the mouse", "마우스 사용법")])
    write_tsv(out / "train.tsv.gz", [("Close the window.", "창을 닫습니다."), ("programming", "프로그래밍")])
    write_tsv(out / "ui.tsv.gz", [("Advanced", "고급"), ("Files with a ~", "~ 파일")])
    return out


def _dropped_by_splits(en: str) -> bool:
    return en in ("Print only certain pages", "Using the Mouse", "Programming", "Advanced")


def test_pages_align_block_by_block_with_inline_markup_flattened():
    pack = gnome.read_package(DOCS)
    pairs = dict(pack.pairs)
    assert (pack.name, pack.version, pack.pages, pack.aligned, pack.skipped) == ("gnome-user-docs", "43.0-2", 2, 2, [])
    assert pairs["Print only certain pages"] == "일부 지정 페이지만 인쇄"  # the page title
    assert (
        pairs["Print only specific pages, or only a range of pages."] == "지정 페이지 또는 페이지 범위만 인쇄합니다."
    )  # desc
    # item/p with a key sequence, note/p with <gui>; a comment inside a paragraph is not text
    assert pairs["Open the print dialog by pressing Ctrl+P."] == "Ctrl+P 키를 눌러 인쇄 대화상자를 엽니다."
    assert (
        "1,3,5-7"
        in pairs["For example, if you enter “1,3,5-7” in the Pages text box, pages 1,3,5,6 and 7 will be printed."]
    )
    assert any("(in the view options menu of the Files toolbar) or pressed Ctrl+H." in en for en in pairs)
    # "See <link xref="files-hidden"/> for advice…": yelp fills the link in, the text has a hole: no pair
    assert not any("for advice on dealing with hidden files" in en for en in pairs)


def test_table_cells_align_and_link_text_is_kept():
    pairs = dict(gnome.read_package(FIXTURE / "gnome-calculator").pairs)
    assert pairs["Basic"] == "기본"  # td/p
    assert pairs["Provides buttons suitable for basic equations"] == "기본 수식 입력에 적합한 단추가 나타납니다"
    assert not any("such as" in en for en in pairs)  # "…such as <link xref="trigonometry"></link>"


def test_menu_and_key_sequences_read_as_yelp_shows_them():
    p = ET.fromstring(
        '<p xmlns="http://projectmallard.org/1.0/">Choose <guiseq><gui>Edit</gui> <gui>Preferences</gui></guiseq>'
        " or press <keyseq><key>Shift</key><key>Ctrl</key><key>C</key></keyseq>.</p>"
    )
    assert gnome.inline_text(p) == "Choose Edit ▸ Preferences or press Shift+Ctrl+C."


def test_licence_notes_comments_and_verbatim_blocks_are_not_read(tmp_path):
    page = tmp_path / "x.page"
    page.write_text(
        '<page xmlns="http://projectmallard.org/1.0/"><info><license><p>CC-BY-SA 3.0</p></license>'
        "<desc>Short.</desc></info><title>Title</title><comment><cite>Ed</cite><p>FIXME: add a figure</p>"
        "</comment><screen><p>$ ls</p></screen><note><p>Body <!-- hidden --> text.</p></note></page>",
        encoding="utf-8",
    )
    assert gnome.blocks(page) == [("desc", "Short."), ("title", "Title"), ("p", "Body text.")]


def test_a_page_whose_blocks_differ_is_skipped_and_counted(tmp_path):
    pack_dir = shutil.copytree(DOCS, tmp_path / "gnome-user-docs")
    ko = pack_dir / "usr/share/help/ko/gnome-help/printing-select.page"
    text = ko.read_text(encoding="utf-8")
    ko.write_text(
        text.replace("<note>\n    <p>", "<note>\n    <p>덧붙인 문단입니다.</p>\n    <p>", 1), encoding="utf-8"
    )
    (pack_dir / "usr/share/help/ko/gnome-help/files-tilde.page").write_text("<page>깨진", encoding="utf-8")
    pack = gnome.read_package(pack_dir)
    assert (pack.pages, pack.aligned) == (2, 0)
    assert pack.skipped == ["gnome-help/files-tilde.page", "gnome-help/printing-select.page"]
    assert pack.pairs == []
    ko.write_text(text, encoding="utf-8")  # the page as shipped aligns again
    assert gnome.read_package(pack_dir).aligned == 1


def test_builder_writes_the_expected_pairs_minus_held_out_and_trained_english(splits):
    before = {s: (splits / f"{s}.tsv.gz").read_bytes() for s in (*SPLITS, "ui")}
    counts, packages = build_en_ko_gnome(FIXTURE, splits)
    written = list(read_tsv(splits / "gnome.tsv.gz"))
    assert written == [p for p in KEPT if not _dropped_by_splits(p[0])]
    assert counts["kept"] == len(KEPT) and counts["held out (dev/test)"] == 2 and counts["already in train/ui"] == 2
    assert counts["gnome"] == len(written) and (counts["pages"], counts["aligned"], counts["skipped"]) == (3, 3, 0)
    assert [p.name for p in packages] == ["gnome-calculator", "gnome-user-docs"]
    assert all(p.licence == p.page_licence == "CC-BY-SA-3.0" for p in packages)  # copyright file and legal.xml
    assert {s: (splits / f"{s}.tsv.gz").read_bytes() for s in (*SPLITS, "ui")} == before  # read, never written


def test_the_data_cli_builds_gnome_pairs_beside_the_splits(splits, capsys):
    data_main(["gnome", "--source", str(FIXTURE), "--out", str(splits)])
    out = capsys.readouterr().out
    assert "gnome-user-docs 43.0-2: 2 pages, 2 aligned, 0 skipped" in out and "CC-BY-SA-3.0" in out
    assert len(list(read_tsv(splits / "gnome.tsv.gz"))) == len(KEPT) - 4


@pytest.mark.parametrize(
    ("text", "licence"),
    [
        (
            "Format: https://x\n\nFiles: *\nLicense: GPL-2+\n\n"
            "Files: help/*\n  help/C/*\nCopyright: 2011 A\nLicense: CC-BY-SA-3.0\n",
            "CC-BY-SA-3.0",
        ),
        ("Format: https://x\n\nFiles: *\nCopyright: B\nLicense: GPL-3+\n", "GPL-3+"),
        (
            "Packaged by C.\n\nLicense: ... /usr/share/common-licenses/GPL-2'.\n\n... /usr/share/common-licenses/GFDL.",
            "GPL-2, GFDL",
        ),
    ],
)
def test_the_licence_is_read_from_the_copyright_file(text, licence):
    assert gnome.copyright_licence(text) == licence


def test_fixture_pairs_are_pairs_of_the_committed_file(tmp_path):
    for s in (*SPLITS, "ui"):
        shutil.copy(DATA_DIR / "en-ko" / f"{s}.tsv.gz", tmp_path)
    build_en_ko_gnome(FIXTURE, tmp_path)
    committed = {en for en, _ in load_pairs("en-ko", "gnome")}
    built = [en for en, _ in read_tsv(tmp_path / "gnome.tsv.gz")]
    assert built and set(built) <= committed


def test_committed_gnome_pairs_hold_no_held_out_or_already_trained_english():
    gnome_en = [en for en, _ in load_pairs("en-ko", "gnome")]
    assert len(gnome_en) >= 5000 and len(set(gnome_en)) == len(gnome_en)  # one translation per English text
    for split in (*SPLITS, "ui"):
        assert not {en.lower() for en in gnome_en} & {en.lower() for en, _ in load_pairs("en-ko", split)}, split
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in ko) for _, ko in load_pairs("en-ko", "gnome"))
    readme = (DATA_DIR / "en-ko" / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-SA 3.0" in readme and "GNOME Documentation Project" in readme
