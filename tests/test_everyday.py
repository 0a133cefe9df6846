"""Everyday English→Korean pairs: read from outside the repository, split by English sentence, never leaked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from seq2seq import everyday
from seq2seq.config import TrainConfig
from seq2seq.data import SPLITS, load_pairs
from seq2seq.train import held_out_english, training_pairs

ROOT = Path(__file__).resolve().parent.parent
REAL = everyday.folder()
has_real = pytest.mark.skipif(not all((REAL / n).is_file() for n in everyday.SOURCES), reason="no ../shared data")

# Sentences written for this test (not from the corpus): several translations of one English sentence.
OWN = [
    ("I walk to school.", "나는 걸어서 학교에 가요."),
    ("I walk to school.", "저는 학교에 걸어가요."),
    ("The cat is sleeping.", "고양이가 자고 있어요."),
    ("  The   cat is sleeping. ", "고양이가 자고 있어요."),  # the same pair once normalised
    ("", "빈 문장"),
    ("word " * 31, "너무 긴 문장"),
] + [(f"This is sentence number {i}.", f"이것은 {i}번 문장입니다.") for i in range(300)]


@pytest.fixture
def own_folder(tmp_path):
    lines = [f"{en}\t{ko}\tCC-BY 2.0 (France) Attribution: test" for en, ko in OWN]
    (tmp_path / "tatoeba-eng-kor.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "jhe-textbook.tsv").write_text("We read books.\t우리는 책을 읽는다.\n", encoding="utf-8")
    return tmp_path


def test_pairs_are_normalised_deduplicated_and_bounded(own_folder):
    pairs = everyday.read_pairs(own_folder)
    assert pairs.count(("The cat is sleeping.", "고양이가 자고 있어요.")) == 1
    assert ("We read books.", "우리는 책을 읽는다.") in pairs
    assert all(en and len(en.split()) <= everyday.MAX_WORDS for en, _ in pairs)
    assert len(pairs) == 2 + 1 + 300 + 1


def test_one_english_sentence_sits_in_one_split_and_the_split_is_stable(own_folder):
    parts = everyday.splits(own_folder)
    where = {}
    for split in SPLITS:
        for en, _ in parts[split]:
            assert where.setdefault(en.lower(), split) == split, en
    assert everyday.splits(own_folder) == parts
    assert 0 < len(parts["test"]) < len(parts["train"]) and len(parts["dev"]) > 0


def test_without_the_folder_nothing_is_read_and_the_message_says_where_tatoeba_comes_from(tmp_path):
    assert everyday.read_pairs(tmp_path) == [] and everyday.load("test", tmp_path) == []
    msgs = everyday.missing(tmp_path)
    assert len(msgs) == 2 and "tatoeba" in msgs[0].lower() and "manythings.org/anki" in msgs[0]
    assert everyday.missing(tmp_path.parent / "nowhere")  # a folder that does not exist either


def test_training_with_everyday_pairs_but_no_folder_stops_with_the_missing_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQ2SEQ_EVERYDAY_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"tatoeba-eng-kor\.tsv is missing"):
        training_pairs("en-ko", TrainConfig(everyday_repeat=1, max_train_pairs=10), ROOT / "data")


def test_everyday_pairs_join_the_training_pairs_repeated_and_held_out_ones_do_not(own_folder, monkeypatch):
    monkeypatch.setenv("SEQ2SEQ_EVERYDAY_DIR", str(own_folder))
    parts = everyday.splits(own_folder)
    base = training_pairs("en-ko", TrainConfig(max_train_pairs=50), ROOT / "data")
    mixed = training_pairs("en-ko", TrainConfig(max_train_pairs=50, everyday_repeat=3), ROOT / "data")
    assert len(mixed) == len(base) + 3 * len(parts["train"])
    trained = {en.lower() for en, _ in mixed}
    assert not trained & everyday.held_out_english(own_folder)


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Where is the library?", "where is the library"),
        ("I'm Tom.", "i'm tom"),
        ("Wait... What?! ", "wait... what"),
        ("Mr. Smith, 3.5 kg.", "mr. smith, 3.5 kg"),
        ("help", "help"),
    ],
)
def test_a_sentence_as_typed_is_lower_case_without_its_closing_punctuation(written, typed):
    assert everyday.as_typed(written) == typed


def test_typed_copies_join_once_per_everyday_typed_and_no_held_out_sentence_typed_does(own_folder, monkeypatch):
    """Each everyday training pair whose typed English differs from the written one joins ``everyday_typed``
    times with the same Korean; a typed copy that equals a held-out sentence typed (a planted training pair that
    differs from a test sentence only by its capitals and full stop) is left out."""
    parts = everyday.splits(own_folder)
    test_en = parts["test"][0][0]
    planted = test_en.upper().rstrip(".") + "!"  # another English sentence in the file, the same one typed
    with open(own_folder / "jhe-textbook.tsv", "a", encoding="utf-8") as fh:
        fh.write(f"{planted}\t심어 둔 문장\n")
    parts = everyday.splits(own_folder)
    assert any(en == planted for en, _ in parts["train"]), "the planted sentence must land in the train split"
    monkeypatch.setenv("SEQ2SEQ_EVERYDAY_DIR", str(own_folder))
    base = training_pairs("en-ko", TrainConfig(max_train_pairs=50, everyday_repeat=1), ROOT / "data")
    mixed = training_pairs("en-ko", TrainConfig(max_train_pairs=50, everyday_repeat=1, everyday_typed=2), ROOT / "data")
    typed = mixed[len(base) :]
    held = {everyday.as_typed(en) for en in everyday.held_out_english(own_folder)}
    want = [(everyday.as_typed(en), ko) for en, ko in parts["train"] if everyday.as_typed(en) != en]
    want = [p for p in want if p[0] not in held]
    assert mixed[: len(base)] == base and typed == want * 2 and len(want) >= 200
    assert everyday.as_typed(planted) in held and all(en != everyday.as_typed(planted) for en, _ in typed)


def test_typed_copies_without_the_everyday_pairs_are_refused_not_silently_dropped(own_folder, monkeypatch):
    monkeypatch.setenv("SEQ2SEQ_EVERYDAY_DIR", str(own_folder))
    with pytest.raises(ValueError, match="needs --everyday-repeat"):
        training_pairs("en-ko", TrainConfig(max_train_pairs=50, everyday_typed=1), ROOT / "data")


def test_gnome_help_pairs_join_the_training_pairs_repeated_and_no_held_out_sentence_does(
    own_folder, tmp_path, monkeypatch
):
    """GNOME's help joins ``gnome_repeat`` times, except a pair whose English is a LibreOffice dev/test sentence
    (one is planted here: the real files share none) or an everyday held-out one."""
    monkeypatch.setenv("SEQ2SEQ_EVERYDAY_DIR", str(own_folder))
    import gzip

    data = tmp_path / "data"
    (data / "en-ko").mkdir(parents=True)
    for split in ("train", "dev", "test", "ui", "gnome"):
        (data / "en-ko" / f"{split}.tsv.gz").write_bytes((ROOT / "data" / "en-ko" / f"{split}.tsv.gz").read_bytes())
    test_en, test_ko = load_pairs("en-ko", "test", data)[0]
    every_en = sorted(everyday.held_out_english(own_folder))[0]
    gnome = load_pairs("en-ko", "gnome", data)
    planted = [*gnome, (test_en.upper(), test_ko), (every_en, "심어 둔 문장")]
    with gzip.open(data / "en-ko" / "gnome.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(f"{en}\t{ko}\n" for en, ko in planted)
    base = training_pairs("en-ko", TrainConfig(max_train_pairs=50, everyday_repeat=1), data)
    mixed = training_pairs("en-ko", TrainConfig(max_train_pairs=50, everyday_repeat=1, gnome_repeat=2), data)
    held = held_out_english("en-ko", data) | everyday.held_out_english(own_folder)
    kept = [p for p in gnome if p[0].lower() not in held]
    assert len(kept) > 5000 and len(mixed) == len(base) + 2 * len(kept)
    assert not {en.lower() for en, _ in mixed} & held


@has_real
def test_the_everyday_test_split_has_at_least_500_pairs_and_no_sentence_of_it_is_trained_on():
    parts = everyday.splits()
    assert len(parts["test"]) >= 500 and len(parts["dev"]) >= 300
    held = everyday.held_out_english()
    help_train = {en.lower() for s in ("train", "ui") for en, _ in load_pairs("en-ko", s)}
    assert not held & help_train
    assert not held & {en.lower() for en, _ in parts["train"]}
    # and no everyday training sentence is a LibreOffice dev/test sentence
    assert not held_out_english("en-ko", ROOT / "data") & {en.lower() for en, _ in parts["train"]}


def test_no_everyday_sentence_is_committed_to_the_repository():
    """The corpus's licence terms: its sentences stay in ../shared. Compare every committed text file's lines
    and cells (gzip files read through) with the everyday Korean sides (English proverbs are in the German
    dictionary too; the Korean translations are this corpus's own)."""
    if not all((REAL / n).is_file() for n in everyday.SOURCES):
        pytest.skip("no ../shared data")
    import gzip

    sides = {ko for _, ko in everyday.read_pairs() if len(ko) > 12}
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        path = ROOT / name
        if path.suffix not in {".gz", ".tsv", ".txt", ".json", ".md", ".py", ".js"} or not path.is_file():
            continue
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        text = raw.decode("utf-8", errors="ignore")
        for line in text.splitlines():
            for cell in line.split("\t"):
                assert cell.strip() not in sides, f"{name} holds an everyday sentence: {cell[:60]}"


PAGE_SENTENCES = {  # everyday sentences written for the page, and the words a right Korean translation holds
    "I go to school by bus.": ("버스", "학교"),
    "Thank you very much.": ("감사",),
}


def test_the_english_korean_page_opens_on_an_everyday_sentence_its_default_model_gets_right():
    from explorer import texts
    from explorer.registry import HAND_PICKED, Registry

    first = HAND_PICKED["en-ko"][0]
    assert first in PAGE_SENTENCES and all(f"“{first}”" in texts.t("task_note_en-ko", lang) for lang in ("en", "ko"))
    from explorer.page import default_checkpoint

    reg = Registry.load_all()
    model = reg.get(default_checkpoint(reg, "en-ko"))  # what the page opens with
    for sentence, words in PAGE_SENTENCES.items():
        text = model.translate(sentence).text
        assert all(w in text for w in words), (sentence, text)


def test_evaluate_scores_the_everyday_test_split_as_written_and_as_typed(own_folder, tmp_path, monkeypatch):
    """``metrics.json["everyday"]["typed"]``: the same pairs, each English as typed, greedy — scored on what the
    model makes of the typed sentences (recomputed here), kept without example sentences."""
    import json
    import shutil

    from seq2seq import evaluate
    from seq2seq.translator import load

    monkeypatch.setenv("SEQ2SEQ_EVERYDAY_DIR", str(own_folder))
    folder = tmp_path / "en-ko-rnn-attn"
    shutil.copytree(ROOT / "checkpoints" / "en-ko-rnn-attn", folder)
    evaluate.main([str(folder), "--split", "everyday", "--beam", "1", "--limit", "12"])
    every = json.loads((folder / "metrics.json").read_text())["everyday"]
    pairs = everyday.load("test", own_folder)[:12]
    typed = [everyday.as_typed(en) for en, _ in pairs]
    want = evaluate.scores(evaluate.translations(load(folder), typed), [ko for _, ko in pairs], "ko-mecab")
    assert every["typed"]["sentences"] == every["beam1"]["sentences"] == 12
    assert every["typed"]["chrf"] == want["chrf"] and "examples" not in every["typed"]
    from seq2seq import card

    assert "as a student types it** (the same 12 pairs" in card.card(folder)  # the model card says it too
