"""The page's handlers as plain functions (``explorer.page``, ``tab_views``, ``tools``, ``live_view``) on a tiny
checkpoint, and the app's own events run through Gradio's ``process_api`` on the shipped ones: the wiring, by
name, without a server or a browser."""

from __future__ import annotations

import asyncio
import shutil
from types import SimpleNamespace

import gradio as gr
import pytest

import seq2seq
from explorer import links, live_view, page, tab_views, texts, tools
from explorer.registry import Registry, run_translation
from seq2seq.inputs import InputError

from .conftest import ROOT

TEXT = "Friday, July 4, 1975"


@pytest.fixture(scope="module")
def reg(tiny_checkpoint, tmp_path_factory):
    root = tmp_path_factory.mktemp("page")
    shutil.copytree(tiny_checkpoint, root / "tiny-lstm")  # an LSTM with attention, task "dates"
    return Registry.load_all(root)


def request(query=None, accept="en-US,en;q=0.9", session="page"):
    return SimpleNamespace(headers={"accept-language": accept}, query_params=query or {}, session_hash=session)


def translate(reg, sent_props=None, tab="playback", session="page", **values):
    args = dict(sentence=TEXT, checkpoint="tiny-lstm", decoding="greedy", beam_width=5, max_pieces=64, tab=tab)
    args |= dict(unit_order="variance", n_units=8, task="dates", k=4, sent_props=sent_props or {}, lang="en")
    return page.translate_and_draw(reg, **(args | values), request=request(session=session))


def is_update(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


# -- the page's own events ------------------------------------------------------------------------------------
def test_a_page_opens_in_the_browsers_language_on_its_task():
    out = page.open_page(reg_with_dates(), request(accept="ko-KR,ko"))
    assert out["lang"] == out["language_switch"] == "ko" and "relabel" not in out
    assert out["task"].value == "dates" and out["notice"] == ""  # no en-ko checkpoint loaded: the default task
    assert out["task_note"] == texts.t("task_note_dates", "ko")


def reg_with_dates():
    return SimpleNamespace(
        tasks=lambda: ["dates"],
        names=lambda task=None, live=(): ["dates-x"] if task in (None, "dates") else [],
        choices=lambda task, lang="en", live=(): [("dates-x", "dates-x")] if task == "dates" else [],
        data_dir=ROOT / "data",
    )


def test_a_link_sets_what_it_asks_for(reg):
    query = {"task": "dates", "checkpoint": "tiny-lstm", "text": "May 1, 1999", "beam": "4", "tab": "near"}
    out = page.open_page(reg, request({**query, "lang": "ko", "chapter": "2"}))
    assert out["checkpoint"].value == "tiny-lstm" and out["sentence"].value == "May 1, 1999"
    assert (out["decoding"], out["beam_width"]) == ("beam", 4)
    assert out["tabs"].selected == "near" and out["tab"] == "near"
    assert out["relabel"] == "ko" and out["chapter"] == 2 and out["notice"] == ""


def test_a_link_to_what_is_not_here_says_so_and_opens_the_default(reg):
    out = page.open_page(reg, request({"checkpoint": "en-de-lstm", "beam": "20", "tab": "x"}))
    assert out["notice"].count("⚠️") == 3 and "'en-de-lstm'" in out["notice"]
    assert out["checkpoint"].value == page.default_checkpoint(reg, "dates") and "tabs" not in out
    assert "decoding" not in out


def test_the_lesson_hands_its_sentence_to_the_playback_view(reg):
    state = {"task": "dates", "checkpoint": "tiny-lstm", "sentence": "May 1, 1999"}
    out = page.open_from_lesson(reg, state, lang="ko")
    assert out["task"] == "dates" and out["sentence"] == "May 1, 1999" and out["checkpoint"].value == "tiny-lstm"
    assert out["tabs"].selected == "playback" and out["tab"] == "playback"
    assert page.open_from_lesson(reg, None) == {}


def test_the_language_switch_relabels_every_text_and_the_pickers(reg):
    out = page.language(reg, {"translate": "value", "tab_states": "label"}, lang="ko", task="dates")
    assert out["translate"] == gr.update(value=texts.KO["translate"])
    assert out["tab_states"] == gr.update(label=texts.KO["tab_states"])
    assert out["lang"] == "ko" and out["decoding"].label == texts.KO["decoding"]
    assert out["task"].choices[0][1] == "dates" and out["checkpoint"].label == texts.KO["checkpoint"]


def test_an_example_clicked_becomes_the_sentence():
    assert page.pick_example(["May 1, 1999"]) == {"sentence": "May 1, 1999"}


# -- translate and draw -----------------------------------------------------------------------------------------
def test_a_translation_sends_the_controls_properties_once(reg):
    first = translate(reg)
    assert first["output_text"] and first["message"] == "" and first["playback"].startswith("{")
    settled = ("nbest", "array", "layer", "step", "iv_array", "iv_layer", "iv_preset")
    assert all(is_update(first[name]) for name in settled)
    assert set(first["sent_props"]) == set(settled)
    second = translate(reg, sent_props=first["sent_props"])
    assert not any(is_update(second[name]) for name in settled)  # plain values: nothing for Gradio to rebuild
    assert second["array"] == "h" and second["sent_props"] == first["sent_props"]


def test_translations_of_one_page_that_overlap_send_every_property_and_remember_none(reg):
    first = translate(reg)
    page.OVERLAPS.start("busy")  # another translation of this page is in flight
    try:
        overlapped = translate(reg, sent_props=first["sent_props"], session="busy")
    finally:
        page.OVERLAPS.finish("busy")
    assert is_update(overlapped["array"]) and overlapped["sent_props"] == {}


def test_the_decoding_choice_and_the_intervention_fields_follow_the_page(reg):
    greedy, beam = translate(reg), translate(reg, decoding="beam", beam_width=3)
    assert not greedy["nbest"]["visible"] and beam["nbest"]["visible"] and len(beam["nbest"]["value"]) == 3
    kept = translate(reg, iv_array="c", iv_layer=5)  # an LSTM has c; it has one layer
    assert kept["iv_array"]["value"] == "c" and kept["iv_layer"]["value"] == 0
    assert translate(reg, iv_array="zz")["iv_array"]["value"] == "h"


def test_a_translation_draws_the_visible_tab_only(reg):
    states = translate(reg, tab="states")
    assert states["encoder_plot"] is not None and "playback" not in states
    assert not set(states) & set(tab_views.DRAWS["steps"])


def test_a_bad_sentence_raises_for_the_wiring_to_clear_the_previous_result(reg):
    with pytest.raises(InputError):
        translate(reg, sentence="")
    assert set(page.CLEAR_ON_ERROR) == {"translation", "output_text", "pieces", "playback", "tip"}


@pytest.mark.parametrize("key", [k for k in links.TAB_IDS if k != "attention"])  # attention: saliency needs TF
def test_a_tab_draws_its_own_outputs_only(reg, key):
    translation = run_translation(reg, TEXT, "tiny-lstm")
    drawn = tab_views.show_tab(reg, key, translation, "h", "variance", 8, 0, 0, TEXT, "dates", "tiny-lstm", 4, 0, "en")
    assert drawn["tab"] == key and set(drawn) <= {"tab", "message", *tab_views.DRAWS.get(key, ())}
    assert set(drawn) - {"tab", "message"} or key in ("lesson", "tf", "why", "train")


def test_without_a_translation_a_tab_draws_nothing_but_the_card_and_the_comparison(reg):
    assert tab_views.render(reg, "states", None, "h", "variance", 8, 0, 0, TEXT, "dates", "tiny-lstm") == {}
    assert tab_views.card(reg, "tiny-lstm")["card"].count("tiny-lstm")
    assert tab_views.neighbours(reg, "near", None, "tiny-lstm", 4, 0) == {}


def test_compare_opened_before_the_first_translation_is_left_to_that_translation(reg):
    args = ("h", "variance", 8, 0, 0, TEXT, "dates", "tiny-lstm", 4, 0, "en")
    assert tab_views.show_tab(reg, "compare", None, *args) == {"tab": "compare"}  # drawn once, by the translation
    translation = run_translation(reg, TEXT, "tiny-lstm")
    assert tab_views.show_tab(reg, "compare", translation, *args)[tab_views.compare_name("lstm", "encoder")]
    assert "card" in tab_views.show_tab(reg, "card", None, *args)  # the card needs no translation


def test_the_compare_tab_says_which_cell_the_task_lacks(reg):
    out = tab_views.compare(reg, TEXT, "dates", "tiny-lstm", "c", "variance", 8)
    assert out[tab_views.compare_name("lstm", "encoder")] is not None
    assert out[tab_views.compare_name("gru", "encoder")] is None
    assert "tiny-lstm" in out[tab_views.compare_name("lstm", "title")]


# -- the tabs' own controls -----------------------------------------------------------------------------------
def test_presets_fill_the_intervention_form(reg):
    translation = run_translation(reg, TEXT, "tiny-lstm")
    top = tools.preset("top_off", translation)
    assert top["iv_array"] == "h" and len(top["iv_units"].split(", ")) == 10 and top["iv_value"] == 0.0
    assert tools.preset("forget_1", translation)["iv_units"] == "all"  # every unit: said as "all"
    assert tools.preset("update_1", translation) == {} and tools.preset(None, translation) == {}


def test_found_units_go_to_the_intervention_form(reg):
    out = tools.send_units(reg, [3, 7], "tiny-lstm", "ko")
    assert (out["iv_side"], out["iv_layer"], out["iv_array"], out["iv_units"]) == ("encoder", 0, "h", "3, 7")
    assert tools.send_units(reg, [], "tiny-lstm") == {}


def test_an_intervention_error_is_said_beside_its_form(reg):
    out = tools.intervene(reg, TEXT, "tiny-lstm", "encoder", 0, "q", "all", 0.0, "ko")
    assert out["iv_note"].startswith("⚠️") and out["iv_plot"] is None and out["message"] == ""
    done = tools.intervene(reg, TEXT, "tiny-lstm", "encoder", 0, "h", "전체", 0.0)
    assert done["iv_plot"] is not None


def test_what_if_forces_the_prefix(reg):
    out = tools.what_if(reg, TEXT, "tiny-lstm", "1975", "beam", 3)
    assert "forced" in out["whatif_pieces"] and out["message"] == ""


def test_stop_without_a_job_does_nothing():
    trainer = SimpleNamespace(jobs={})
    assert live_view.stop(trainer, None) == {} and live_view.stop(trainer, "live-none") == {}


# -- the app's events, through Gradio ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def app():
    if not (ROOT / "checkpoints" / "dates-lstm").is_dir():
        pytest.skip("no shipped dates-lstm checkpoint")
    import app

    return app


def event(app, name: str, values: dict, req=None) -> dict:
    """Run one of the app's events (by its api_name or its handler's name) with inputs by name; its answer by
    output name (each component under its ``app.ui`` name)."""
    fn = next(f for f in app.demo.fns.values() if name in (f.api_name, getattr(f.fn, "__name__", None)))
    names = {id(c): n for n, c in vars(app.ui).items()}
    inputs = [values.get(names.get(id(c))) for c in fn.inputs]
    state = event.__dict__.setdefault("state", {}).setdefault(id(app), _session(app))
    answer = asyncio.run(app.demo.process_api(block_fn=fn, inputs=inputs, state=state, request=req))
    return {names.get(id(c), str(c._id)): v for c, v in zip(fn.outputs, answer["data"], strict=True)}


def _session(app):
    from gradio.state_holder import SessionState

    return SessionState(app.demo)


PAGE = dict(sentence="Wednesday, November 25, 2026", checkpoint="dates-lstm", decoding="greedy", beam_width=5)
PAGE |= dict(max_pieces=64, tab="states", unit_order="variance", n_units=32, task="dates", k=8, iv_array="h")


def test_the_page_translate_event_sends_properties_once_and_clears_after_a_bad_sentence(app):
    req = gr.Request(session_hash="one")
    first = event(app, "page_translate", PAGE, req)
    assert first["output_text"] == "2026년 11월 25일 수요일" and first["encoder_plot"] and first["playback"] == ""
    second = event(app, "page_translate", PAGE, req)
    assert not [k for k, v in second.items() if is_update(v) and len(v) > 1]
    bad = event(app, "page_translate", {**PAGE, "sentence": ""}, req)
    assert bad["message"].startswith("⚠️") and bad["output_text"] == bad["pieces"] == bad["playback"] == ""


def test_the_load_event_reads_a_link(app):
    query = {"task": "dates", "beam": "5", "tab": "states", "checkpoint": "nope"}
    out = event(app, "on_open_page", {}, gr.Request(headers={"accept-language": "en"}, query_params=query))
    assert (out["decoding"], out["beam_width"], out["tabs"]["selected"]) == ("beam", 5, "states")
    assert "'nope'" in out["notice"]


def test_the_language_switch_relabels_every_labelled_component(app):
    out = event(app, "on_language", {"task": "dates"} | {}, None)
    assert len(app.TRANSLATED) >= 90  # every tab, button, field and explanation
    relabelled = [v for v in out.values() if is_update(v) and ({"label", "value"} & set(v))]
    assert len(relabelled) >= len(app.TRANSLATED)
    assert {"explain_states", "tab_lesson", "translate", "language"} <= set(app.TRANSLATED)


def test_the_tab_event_draws_its_tab(app):
    values = dict(array="h", unit_order="variance", n_units=32, layer=0, step=0, sentence=PAGE["sentence"])
    out = event(app, "page_tab_states", values | dict(task="dates", checkpoint="dates-lstm", k=8, near_step=0))
    assert out["tab"] == "states" and set(out) == {"tab", "message", *tab_views.DRAWS["states"]}


def test_the_benchmark_calls_the_page_events_with_their_inputs_by_name_in_order(app):
    """benchmarks/run.py drives /page_translate and /page_tab_states as the page does (its HTTP client sends
    values in the event's order): its arguments name the event's inputs, in that order."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    names = {id(c): n for n, c in vars(app.ui).items()}
    for api_name, args in (("page_translate", bench.page_translate_args), ("page_tab_states", bench.page_tab_args)):
        fn = next(f for f in app.demo.fns.values() if f.api_name == api_name)
        assert list(args("a", "dates-lstm", "dates")) == [names[id(c)] for c in fn.inputs]


def test_a_task_opens_on_its_best_scoring_model_with_attention_and_an_lstm_on_a_tie(tmp_path):
    """English→Korean opens on the model with attention whose greedy test chrF (help and everyday) is best; on
    a tie the LSTM (the lesson's cell); a model scored on fewer splits is compared on the splits all have; no
    weights are loaded to choose."""
    import json

    from seq2seq.translator import LazySeq2Seq

    reg = Registry.load_all()
    chosen = page.default_checkpoint(reg, "en-ko")
    assert chosen == "en-ko-gru-attn"  # 45.40 / 14.68 against 44.36 / 14.18 and 19.66 / 6.83
    assert page.default_checkpoint(reg, "dates") == "dates-lstm-attn"
    assert not any(m.loaded for m in reg.models.values() if isinstance(m, LazySeq2Seq))

    def fake(name, help_, everyday=None):
        folder = tmp_path / name
        folder.mkdir()
        metrics = {"beam1": {"chrf": help_}} | ({"everyday": {"beam1": {"chrf": everyday}}} if everyday else {})
        (folder / "metrics.json").write_text(json.dumps(metrics))
        return SimpleNamespace(folder=folder, config=SimpleNamespace(task="t"))

    for models, want in [
        ({"t-gru-attn": fake("a", 40.0, 20.0), "t-lstm-attn": fake("b", 40.0, 20.0)}, "t-lstm-attn"),  # a tie
        ({"t-gru-attn": fake("c", 41.0, 20.0), "t-lstm-attn": fake("d", 40.0, 20.0)}, "t-gru-attn"),
        ({"t-gru-attn": fake("e", 45.0), "t-lstm-attn": fake("f", 46.0, 10.0)}, "t-lstm-attn"),  # help alone
        ({"t-gru": fake("g", 45.0), "t-lstm": fake("h", 40.0), "t-rnn": fake("i", 30.0)}, "t-lstm"),  # no attention
        ({"t-gru": fake("j", 45.0), "t-rnn": fake("k", 30.0)}, "t-gru"),  # neither: the first
    ]:
        toy = SimpleNamespace(models=models, names=lambda task, m=models: list(m))
        assert page.default_checkpoint(toy, "t") == want


@pytest.mark.parametrize(
    ("typed", "task", "written"),
    [
        ("i like apples", "en-ko", "I like apples."),
        ("where is the library", "en-ko", "Where is the library?"),
        ("I like apples", "en-ko", "I like apples."),  # starts as everyday sentences do, no closing mark
        ("can you help me", "en-de", "Can you help me?"),
        ("november 25, 2026", "dates", "November 25, 2026"),
        ("I like apples.", "en-ko", None),  # already written so
        ("Insert Table", "en-ko", None),  # a heading: the help text has none either
        ("Nov 25, 2026", "dates", None),
        ("나는 사과를 좋아해요.", "en-ko", None),
    ],
)
def test_a_typed_sentence_gets_a_tip_with_the_sentence_as_the_training_data_writes_it(typed, task, written):
    """Typed in lower case without a full stop, the shipped English→Korean models score 9.1 chrF on the everyday
    test split instead of 14.7 ("i like apples" → "홍수"): the page says how the sentence reads written, in the
    page's language, and changes nothing the model is given."""
    from explorer import tips

    assert tips.as_written(typed, task) == written
    if written and task != "dates":
        full = Registry.load_all()
        out, _ = page.translate(full, typed, f"{task}-gru-attn", "greedy", 5, 64, lang="ko")
        assert f"“{written}”" in out["tip"] and "도움말" in out["tip"]
        assert out["translation"].source_text == seq2seq.normalize(typed)  # translated as typed
