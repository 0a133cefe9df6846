"""A Korean page: every text the server writes (figures, model card, summaries, messages) is Korean.

The English UI strings are the values of ``explorer.texts.EN`` and the arrays' English names, cut into fragments
at placeholders, LaTeX, code and punctuation; a fragment counts when it has a word of four letters or more.
English the Korean keeps on purpose is allowed: a term in brackets beside the Korean ("은닉 상태 h (hidden
state)", "유닛(unit)") and any fragment the Korean texts themselves contain ("Teacher forcing", "SimpleRNN").
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import re
import shutil
import time

import pytest

import seq2seq
from explorer import endpoints, figures, josa, lesson_text, near, texts, training, views
from explorer.registry import Registry, cell_of, describe, message, run_translation
from seq2seq import unitsearch
from seq2seq.cells import ARRAYS, CELLS
from seq2seq.config import MAX_INPUT_CHARS
from seq2seq.inputs import InputError
from seq2seq.live import Job, LiveSpec
from seq2seq.translator import LazySeq2Seq

from .conftest import TINY_ARGS

HANGUL = re.compile(r"[\uac00-\ud7a3]")
BRACKETED = re.compile(r"\([A-Za-z][^()]*\)")  # "(hidden state)", "(unit)", "(free running)"
KO_CORPUS = "\n".join([*texts.KO.values(), *(a.ko for a in ARRAYS.values())])
METRICS = {  # a metrics.json as seq2seq.evaluate writes it, for the card's table and score-by-length figure
    f"beam{b}": {
        "bleu": 12.5,
        "chrf": 40.1,
        "exact_match": 37.5,
        "sentences": 8,
        "by_source_length": {
            "1-4": {"bleu": 20.0, "chrf": 50.0, "exact_match": 50.0, "sentences": 4},
            "5-8": {"bleu": 5.0, "chrf": 30.0, "exact_match": 25.0, "sentences": 4},
        },
    }
    for b in (1, 5)
}
SENTENCE = "Friday, July 4, 1975"


def _prose(text: str) -> str:
    """``text`` without LaTeX, placeholders, code and tags."""
    for pattern in (r"\$[^$]*\$", r"\{[^{}]*\}", r"`[^`]*`", r"</?[A-Za-z][^<>]*>"):
        text = re.sub(pattern, "\n", text)
    return text


def _english_fragments() -> list[str]:
    kept_text = BRACKETED.sub(" ", _prose(KO_CORPUS))
    fragments = set()
    for value in [*texts.EN.values(), *(a.en for a in ARRAYS.values())]:
        value = _prose(value)
        for part in re.split(r"[\n“”\"|*:;,.()·—–→=<>%#\[\]]+", value):
            part = part.strip(" '!?-")
            if re.search(r"[A-Za-z]{4,}", part) and part not in kept_text:
                fragments.add(part)
    return sorted(fragments)


KEPT = sorted(set(BRACKETED.findall(_prose(KO_CORPUS))), key=len, reverse=True)  # kept beside the Korean
FRAGMENTS = _english_fragments()
FRAGMENT_RE = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])" for f in FRAGMENTS))


def visible_text(obj) -> str:
    """The strings a figure (serialised with ``to_json``, its theme template left out) or a text shows."""
    if obj is None:
        return ""
    if isinstance(obj, str):  # HTML shows its text and its tooltips, not its tags and class names
        return "\n".join([re.sub(r"<[^>]+>", " ", obj), *re.findall(r'title="([^"]*)"', obj)])
    data = json.loads(obj.to_json())
    data.get("layout", {}).pop("template", None)
    out = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return "\n".join(out)


def english_in(obj) -> list[str]:
    """The English UI fragments in a figure or text, after removing the English terms the Korean keeps."""
    text = visible_text(obj)
    for term in KEPT:
        text = text.replace(term, " ")
    return sorted(set(FRAGMENT_RE.findall(text)))


# Korean texts that stay English on purpose: score names, and a term the Korean classroom uses as it is.
KEPT_IN_ENGLISH = {"fig_score_bleu", "fig_score_chrf", "fig_axis_bleu", "fig_axis_chrf", "plot_tf", "search_score_d"}


def test_every_korean_text_is_written_in_korean_unless_kept_in_english_on_purpose():
    """The leak detector skips English that the Korean texts themselves contain, so a Korean entry left as its
    English would hide from it: here every Korean text holds Hangul, apart from the few named above."""
    english = {k: v for k, v in texts.KO.items() if not HANGUL.search(v) and k not in KEPT_IN_ENGLISH}
    english |= {f"playback {k}": v for k, v in texts.PLAYBACK["ko"].items() if not HANGUL.search(v)}
    english |= {f"array {a.key}": a.ko for a in ARRAYS.values() if not HANGUL.search(a.ko)}
    assert not english


AFTER_FIELD = re.compile(r"\}(?:”|\*\*|`|\))?$")  # a template's text just before a particle: a filled-in value


def test_a_korean_particle_written_both_ways_follows_only_a_filled_in_value():
    """ "(이)가", "을(를)"… is the notation for a particle whose form depends on a value filled in later
    (``josa.fix`` picks the form); after fixed text the form is known and must be written out."""
    ko = [*texts.KO.values(), *texts.PLAYBACK["ko"].values(), *lesson_text.UI["ko"].values()]
    ko += [v for chapter in lesson_text.CHAPTERS.values() for v in chapter["ko"].values() if isinstance(v, str)]
    loose = [v[max(0, m.start() - 20) : m.end()] for v in ko for m in josa.PATTERN.finditer(v)]
    assert [x for x in loose if not AFTER_FIELD.search(x[: -len(josa.PATTERN.search(x).group())])] == []
    # and no particle written in one form straight after a value (its form depends on the value): 이다, 의, 에 do not
    value = r"\{[a-z_0-9]+(?:![a-z])?(?::[^}]*)?\}(?:”|\*\*|`|\))?"  # a placeholder and what may close it
    fixed = re.compile(value + r"(?:이|가|을|를|은|는|과|와|으로|로)(?![가-힣(])")
    assert [m.group() for v in ko for m in fixed.finditer(v)] == []


def test_the_detector_knows_the_english_ui_strings():
    for s in ["unit", "probability", "reference piece", "Gate saturation", "hidden state h", "no attention"]:
        assert s in FRAGMENTS
    assert english_in("유닛 3 (hidden state)") == [] and english_in("value 0.3") == ["value"]
    assert english_in("은닉 상태 h (hidden state)") == [] and english_in("hidden state h") == ["hidden state h"]


# -- the checkpoints ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def registry_root(tiny_checkpoint, tmp_path_factory):
    """tiny-lstm (LSTM with attention, with a metrics.json and an English README.md card) and a broken copy."""
    root = tmp_path_factory.mktemp("ko-reg")
    shutil.copytree(tiny_checkpoint, root / "tiny-lstm")
    (root / "tiny-lstm" / "metrics.json").write_text(json.dumps(METRICS), encoding="utf-8")
    (root / "tiny-lstm" / "README.md").write_text("# tiny-lstm\n\nThe card stays English.\n", encoding="utf-8")
    shutil.copytree(tiny_checkpoint, root / "broken")
    (root / "broken" / "model.keras").write_bytes(b"\x00" * 100)
    return root


@pytest.fixture(scope="module")
def registry(registry_root):
    return Registry.load_all(registry_root)


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("lstm", id="lstm-attention"),
        pytest.param("gru", id="gru", marks=pytest.mark.slow),
        pytest.param("rnn", id="rnn", marks=pytest.mark.slow),
    ],
)
def checkpoint(request, registry, registry_root) -> str:
    """The name of a registered checkpoint of each cell: GRU and SimpleRNN trained here, 1 epoch, no attention."""
    name = f"tiny-{request.param}"
    if name not in registry.models:
        from seq2seq.train import train

        folder = train(
            [*TINY_ARGS, "--name", name, "--out", str(registry_root), "--cell", request.param, "--epochs", "1"]
        )
        registry.models[name] = seq2seq.load(folder)
    if request.param == "lstm" and not (registry_root / name / "index.json").exists():
        from seq2seq.index import build

        build(registry_root / name, max_pairs=400, step_sample=200, decoder_sample=200)  # for the map
    return name


def korean_views(reg: Registry, name: str, lang: str) -> dict[str, object]:
    """Every figure and text the page's views make for one checkpoint, by label."""
    model = reg.get(name)
    cell = cell_of(model)
    t = run_translation(reg, SENTENCE, name, beam_size=3)
    out: dict[str, object] = {}
    for key in cell.keys:
        for order in figures.UNIT_ORDERS:
            out[f"states {key} {order} encoder"], out[f"states {key} {order} decoder"], _ = views.state_figures(
                t, key, order, 8, lang=lang
            )
    if t.trace.attention is not None:
        out["attention"] = figures.attention_heatmap(t.trace, lang)
    for step in range(len(t.trace.topk)):
        out[f"top-k {step}"] = figures.topk_bars(t.trace, step, lang)
        out[f"gates {step}"] = figures.step_gates(t.trace, cell, step, lang=lang)
    out["saturation"] = figures.saturation(t.trace, cell, lang)
    out["pieces"] = views.pieces_html(t, lang)
    out["describe"] = describe(model, lang)
    out["choices"] = " | ".join(label for label, _ in reg.choices(model.config.task, lang))
    out["arrays"] = " | ".join(label for label, _ in texts.array_choices(cell, lang))
    out["orders"] = " | ".join(label for label, _ in views.unit_order_choices(lang))
    out["translation"] = views.display_text(t.text, lang) + " " + views.display_text("", lang)
    out["compare"] = views.compare_heading(reg, name, model.config.cell, t.text, lang)
    out["compare missing"] = views.compare_heading(reg, None, model.config.cell, lang=lang)
    free = model.translate(SENTENCE).text or "1975년"
    for ref in (free, free + " 1"):  # the greedy translation: agrees everywhere; one piece more: diverges at the end
        out[f"tf summary {ref}"], out[f"tf figure {ref}"] = views.teacher_forcing_view(reg, SENTENCE, name, ref, lang)
    for pattern in ("span", "digits", "position"):  # unit search over the sentence alone (no index here)
        md, out[f"search figure {pattern}"], _ = near.unit_search_view(reg, name, t, pattern, [0, 1], lang)
        out[f"search summary {pattern}"] = md
    out["patterns"] = " | ".join(label for label, _ in near.pattern_choices(lang))
    if (model.folder / "index.json").exists():
        fig = near.trajectory_figure(reg, name, t, lang)
        for cloud in fig.data[0::2]:  # hover texts of the training states are data (English sentences), not UI
            cloud.text = None
        out["trajectory"] = fig
    job = Job(LiveSpec("lstm", 8, True, False, 30), SENTENCE, "live-lstm-8-attn-abcdef", started=time.time() - 5)
    job.history = [
        {"epoch": e, "train_loss": 2.0 / e, "dev_loss": 2.2 / e, "exact_match": 10.0 * e, "seconds": 3.0 * e}
        for e in (1, 2)
    ]
    job.snapshot = {"translation": t, "epoch": 2}
    for state in ("queued", "running", "done", "stopped", "failed"):
        job.state = state
        out[f"live status {state}"] = training.status_html(job, lang)
    out["live curve"], out["live race"] = training.curve(job, lang), training.race([job], lang)
    out["live heatmap"] = training.probe_heatmap(job, lang)
    md, out["card curve"], out["card by length"] = views.model_card(model, lang)
    out["card"] = md.split("<details>")[0]  # the checkpoint's README.md that follows is an English document
    if "<details>" in md:
        out["card details"] = md.split("<summary>")[1].split("</summary>")[0]
    for metric in ("bleu", "chrf", "exact_match"):
        splits = views.score_splits({**METRICS, "everyday": METRICS}, "en-ko", lang)
        out[f"by length {metric}"] = figures.score_by_length(splits, metric, lang)
    return out


def test_every_figure_and_view_text_is_korean(registry, checkpoint):
    korean = korean_views(registry, checkpoint, "ko")
    english = korean_views(registry, checkpoint, "en")
    assert korean.keys() == english.keys() and len(korean) > 20
    leaks = {label: english_in(obj) for label, obj in korean.items() if english_in(obj)}
    assert not leaks
    for label, obj in korean.items():
        if obj is None:  # no saturation figure for a cell without gates, no curve without a history
            assert english[label] is None
            continue
        assert HANGUL.search(visible_text(obj)), label
        if not isinstance(obj, str):  # every figure says something in English on the English page
            assert english_in(english[label]), label


def test_the_english_page_keeps_its_strings(registry):
    fig = figures.saturation(registry.get("tiny-lstm").translate(SENTENCE).trace, CELLS["lstm"])
    assert fig.layout.title.text == "Gate saturation (one dot per unit)"
    assert fig.layout.xaxis.title.text == "fraction of steps left-saturated (< 0.1)"
    assert "< 0.1: %{x:.0%} of steps" in fig.data[0].hovertemplate
    assert describe(registry.get("tiny-lstm")) == "LSTM · attention · 1×16"
    both_ways = copy.copy(registry.get("tiny-lstm"))
    both_ways.config = dataclasses.replace(both_ways.config, bidirectional=True)
    assert describe(both_ways) == "BiLSTM · attention · 1×16"
    assert describe(both_ways, "ko") == "BiLSTM · 어텐션 · 1×16"
    md, _, by_len = views.model_card(registry.get("tiny-lstm"))
    assert (
        "| test set | beam | BLEU | chrF | exact match | test pairs |" in md
        and "<summary>Full model card</summary>" in md
    )
    assert by_len.layout.title.text == "Exact match % by source length"
    assert [label for label, _ in views.unit_order_choices()] == list(figures.UNIT_ORDERS)
    assert texts.array_choices(CELLS["gru"]) == [(a.en, a.key) for a in CELLS["gru"].arrays]
    assert texts.array_choices(CELLS["gru"], "ko") == [(a.ko, a.key) for a in CELLS["gru"].arrays]


# -- messages ----------------------------------------------------------------------------------------------------
def raised(fn, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as e:
        fn(*args, **kwargs)
    return e.value


def queue_errors() -> list[InputError]:
    """A class pressing Train: a second job from one page, and one job too many (no training starts)."""
    from seq2seq.live import MAX_QUEUED, Job, LiveTrainer

    trainer, spec = LiveTrainer(), LiveSpec()
    trainer.queue = [Job(spec, "May 1, 1999", f"job-{i}", owner=f"page-{i}") for i in range(MAX_QUEUED + 1)]
    return [raised(trainer.submit, spec, owner="page-0"), raised(trainer.submit, spec, owner="page-new")]


def test_every_input_error_has_a_korean_message(registry, monkeypatch):
    model = registry.get("tiny-lstm")
    errors = [
        raised(model.translate, None),
        raised(model.translate, ""),
        raised(model.translate, "x" * (5 * MAX_INPUT_CHARS)),
        raised(model.translate, "a" * (MAX_INPUT_CHARS + 1)),
        raised(model.translate, "1 2 3 4 5 6 7 8 9 0 " * 14),
        raised(model.translate, "Привет мир"),
        raised(model.translate, "Привет, мир 1"),  # most letters unknown, a comma and a digit known
        raised(model.translate, SENTENCE, beam_size=0),
        raised(model.score, SENTENCE, ""),
        raised(model.score, SENTENCE, "가" * (MAX_INPUT_CHARS + 1)),
        raised(registry.get, "broken"),
        raised(registry.get, "../etc/passwd"),
        raised(registry.get, None),
    ]
    t, pieces = model.translate(SENTENCE), model.src_tokenizer.pieces
    h = t.trace.encoder[-1]["h"]
    folder = registry.get("tiny-lstm").folder
    for f in folder.glob("index*"):  # the session's other tests may have built one: hide it
        f.rename(f.with_name("hidden-" + f.name))
    errors += [
        raised(near.state_index, registry, "tiny-lstm"),  # no index built
        raised(endpoints.api_neighbours, registry, SENTENCE, "tiny-lstm", 0),
        raised(unitsearch.search, None, pieces, "span", h, t.source_pieces, span=[]),
        raised(unitsearch.search, None, pieces, "month", h[:2], ["▁1", "2"]),
        raised(unitsearch.search, None, pieces, "nope", h, t.source_pieces),
        raised(LiveSpec.checked, "cnn", 8, True, False, 30),
        raised(LiveSpec.checked, "lstm", 4, True, False, 30),
        raised(LiveSpec.checked, "lstm", 8, True, False, 1),
        raised(LiveSpec.checked, "lstm", 9, True, False, 30, True),
        *queue_errors(),
        InputError("Training failed: boom", key="live_failed", params={"error": "boom"}),  # as /train_live says it
    ]
    spec = {"side": "encoder", "layer": 0, "array": "h", "units": [0], "value": 0.0}
    for field, wrong in (("side", "up"), ("layer", 9), ("array", "q"), ("units", [999]), ("value", "x")):
        errors.append(raised(model.intervene, SENTENCE, {**spec, field: wrong}))
    errors.append(raised(model.intervene, SENTENCE, "{not json"))
    torn = registry.get("tiny-lstm").folder
    (torn / "index.json").write_text("{}")  # an index that cannot be read
    try:
        errors.append(raised(near.state_index, registry, "tiny-lstm"))
    finally:
        (torn / "index.json").unlink()
        for f in folder.glob("hidden-index*"):
            f.rename(f.with_name(f.name.removeprefix("hidden-")))
    loaded = model.model() if isinstance(model, LazySeq2Seq) else model  # the registry loads models on first use
    monkeypatch.setattr(loaded, "config", dataclasses.replace(loaded.config, task="en-ko"))
    errors.append(raised(loaded.translate, "Привет мир"))
    errors.append(raised(loaded.translate, "Привет, мир 1"))
    keys = {e.key for e in errors}
    assert keys == {k.removeprefix("error_") for k in texts.EN if k.startswith("error_")} - {"generic"}
    for e in errors:
        assert texts.t(f"error_{e.key}", "en", **e.params) == str(e)  # the English text is the library's own
        assert message(e, "en") == str(e)
        ko = message(e, "ko")
        prose = ko.replace(e.params.get("command", "\0"), "")  # a shell command stays as it is typed
        assert ko != str(e) and HANGUL.search(ko) and not english_in(prose), (e.key, ko)
    assert HANGUL.search(texts.t("error_generic", "ko")) and not english_in(texts.t("error_generic", "ko"))


def test_an_error_without_a_known_key_falls_back_to_english():
    assert message(InputError("Something odd."), "ko") == "Something odd."
    assert message(InputError("Something odd.", key="no_such_key"), "ko") == "Something odd."
    assert message(InputError("Odd.", key="too_long_chars", params={"n": 1}), "ko") == "Odd."
    e = pickle.loads(pickle.dumps(InputError("Too long.", key="too_long_chars", params={"n": 9, "limit": 3})))
    assert (str(e), e.key, e.params) == ("Too long.", "too_long_chars", {"n": 9, "limit": 3})


def test_the_language_of_a_request():
    assert texts.language("ko-KR,ko;q=0.9,en-US;q=0.8") == "ko" and texts.language("en-US,ko;q=0.5") == "en"
    assert texts.language(None) == "en" and texts.language("") == "en"
    assert texts.t("fig_unit", "ko-KR") == texts.KO["fig_unit"] and texts.t("fig_unit", "de") == "unit"


def test_the_compare_trio_matches_how_the_chosen_model_reads_the_source():
    """Compare lines up the three cells that differ only in the cell: a bidirectional GRU with attention is
    compared with the bidirectional LSTM, not with an LSTM that reads one way."""
    from types import SimpleNamespace

    from seq2seq.config import ModelConfig

    def model(cell, bidirectional):
        return SimpleNamespace(config=ModelConfig(task="t", cell=cell, attention=True, bidirectional=bidirectional))

    reg = Registry(
        models={
            "t-gru-bi": model("gru", True),
            "t-lstm": model("lstm", False),
            "t-lstm-bi": model("lstm", True),
            "t-rnn-bi": model("rnn", True),
        }
    )
    assert dict(reg.trio("t", "t-gru-bi")) == {"rnn": "t-rnn-bi", "lstm": "t-lstm-bi", "gru": "t-gru-bi"}
    assert dict(reg.trio("t", "t-lstm"))["lstm"] == "t-lstm"


def test_each_array_s_symbol_is_its_equation_letter_in_both_languages():
    """The gate lines' legend names each array by the letter the equations use (h̃, not its key "hh"); the
    Korean name carries the same letter."""
    assert {k: a.symbol for k, a in ARRAYS.items()} == {
        "h": "h", "c": "c", "i": "i", "f": "f", "g": "g", "o": "o", "z": "z", "r": "r", "hh": "h̃"
    }  # fmt: skip
    for a in ARRAYS.values():
        assert a.symbol in a.ko.split(), a
