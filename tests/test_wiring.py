"""Handlers by name (``explorer.wiring``) and what their answers send (``explorer.updates``): a small page built
here, its events run through Gradio's own ``process_api`` — no server, no model."""

from __future__ import annotations

import asyncio
import inspect

import gradio as gr
import pytest
from gradio.state_holder import SessionState

from explorer import updates
from explorer.wiring import Components, by_name, wire
from seq2seq.inputs import InputError


@pytest.fixture(scope="module")
def page():
    """A page of a few components; each test wires its own events to it."""
    ui = Components()
    with gr.Blocks() as demo:
        ui.sentence, ui.width = gr.Textbox("a"), gr.Number(3)
        ui.lang, ui.kept = gr.State("ko"), gr.State({"n": 1})
        ui.out, ui.plot, ui.note, ui.message = gr.Markdown(), gr.Plot(), gr.Markdown(), gr.Markdown()
        ui.go, ui.other = gr.Button(), gr.Button()
    ui.demo = demo
    return ui


def run(demo, dep, values: list, request=None) -> list:
    fn = demo.fns[dep["id"]] if isinstance(dep, dict) else dep  # an event's Dependency, or its BlockFunction
    answer = asyncio.run(demo.process_api(block_fn=fn, inputs=values, state=SessionState(demo), request=request))
    return answer["data"]


def test_inputs_reach_the_handler_by_name_in_the_api_order_of_the_dict(page):
    seen = {}

    def handler(width, sentence, kept, lang="en"):
        seen.update(width=width, sentence=sentence, kept=kept, lang=lang)
        return {"out": f"{sentence}×{width}"}

    with page.demo:
        dep = wire(
            page.go.click, handler, page.pick("sentence", "width", "kept", "lang"), page.pick("out"), page.message
        )
    fn = page.demo.fns[dep["id"]]
    assert [c._id for c in fn.inputs] == [page.sentence._id, page.width._id, page.kept._id, page.lang._id]
    data = run(page.demo, fn, ["b", 5, None, None])
    assert seen == {"width": 5, "sentence": "b", "kept": {"n": 1}, "lang": "ko"}  # states from the session
    outputs = dict(zip(fn.outputs, data, strict=True))
    assert outputs[page.out] == "b×5" and outputs[page.message] == ""  # the lesson's default: a success clears it


def test_the_page_leaves_the_message_line_to_the_handler(page):
    fn = by_name(
        lambda sentence: {"out": sentence}, page.pick("sentence"), page.pick("out"), page.message, clear_message=False
    )
    assert fn(sentence="x") == {page.out: "x"}
    said = by_name(
        lambda sentence: {"out": sentence, "message": ""}, page.pick("sentence"), page.pick("out"), page.message
    )
    assert said(sentence="x") == {page.out: "x", page.message: ""}


def test_an_empty_answer_changes_nothing(page):
    fn = by_name(lambda sentence: {}, page.pick("sentence"), page.pick("out"), page.message)
    answer = fn(sentence="x")
    assert list(answer) == [page.message] and answer[page.message] == gr.skip()


def bad_input(sentence, lang="en"):
    raise InputError("Input is empty.", key="empty")


def test_a_bad_input_is_one_message_in_the_pages_language_and_clears_what_it_no_longer_matches(page):
    clear = {"out": "", "plot": None}
    fn = by_name(bad_input, page.pick("sentence", "lang"), page.pick("out", "plot", "note"), page.message, clear=clear)
    answer = fn(sentence="", lang="ko")
    assert answer[page.out] == "" and answer[page.plot] is None and page.note not in answer
    assert answer[page.message].startswith("⚠️") and "비어" in answer[page.message]
    assert "empty" in fn(sentence="", lang="en")[page.message]


def test_any_other_failure_is_a_generic_message_never_a_traceback(page, caplog):
    def broken(sentence):
        raise ZeroDivisionError("deep inside")

    answer = by_name(broken, page.pick("sentence"), page.pick("out"), page.message)(sentence="x")
    assert "deep inside" not in answer[page.message] and "Traceback" not in answer[page.message]
    assert "handler failed" in caplog.text  # logged on the server


def test_without_a_message_line_a_failure_is_gradios_to_report(page):
    with pytest.raises(ZeroDivisionError):
        by_name(lambda sentence: 1 / 0, page.pick("sentence"), page.pick("out"))(sentence="x")


def test_an_answer_for_an_output_it_is_not_wired_to_is_refused(page):
    with pytest.raises(KeyError, match="plot"):
        by_name(lambda sentence: {"plot": None}, page.pick("sentence"), page.pick("out"), page.message)(sentence="x")
    with pytest.raises(KeyError, match="clears"):
        by_name(bad_input, page.pick("sentence"), page.pick("out"), page.message, clear={"plot": None})


def test_an_input_the_handler_does_not_take_is_refused_when_wired(page):
    def preset(iv_preset, translation):
        return {}

    with pytest.raises(TypeError, match="cannot take"):
        by_name(preset, {"preset": page.sentence, "translation": page.kept}, page.pick("out"))
    with pytest.raises(TypeError, match="cannot take"):  # a parameter without a default has no input
        by_name(preset, {"iv_preset": page.sentence}, page.pick("out"))


def test_one_component_under_two_names_is_refused(page):
    with pytest.raises(ValueError, match="two names"):
        by_name(lambda sentence: {}, page.pick("sentence"), {"out": page.out, "text": page.out})


def test_blanks_fill_what_an_answer_that_draws_leaves_out(page):
    blanks = {"plot": None, "note": "", "elsewhere": ""}  # an output of another event is not sent
    fn = by_name(
        lambda sentence: {"out": sentence} if sentence else {},
        page.pick("sentence"),
        page.pick("out", "plot", "note"),
        page.message,
        blanks=blanks,
        clear_message=False,
    )
    assert fn(sentence="") == {page.message: gr.skip()}  # draws nothing: blanks nothing
    drawn = by_name(
        lambda sentence: {"plot": 1}, page.pick("sentence"), page.pick("out", "plot", "note"), blanks=blanks
    )
    assert drawn(sentence="x") == {page.plot: 1, page.note: ""}


def test_a_generator_handler_streams_and_a_failure_ends_the_stream_with_a_message(page):
    def stream(sentence, lang="en"):
        yield {"out": "one"}
        yield {"note": "two"}
        raise InputError("Stopped.", key="nothing")

    fn = by_name(stream, page.pick("sentence", "lang"), page.pick("out", "note"), page.message, clear_message=False)
    answers = list(fn(sentence="x", lang="en"))
    assert answers[:2] == [{page.out: "one"}, {page.note: "two"}] and answers[2][page.message] == "⚠️ Stopped."
    with page.demo:
        dep = wire(page.go.click, stream, page.pick("sentence", "lang"), page.pick("out", "note"), page.message)
    assert page.demo.fns[dep["id"]].fn.__name__ == "on_stream" and run(page.demo, dep, ["x", None])


def test_a_stream_closed_by_the_page_runs_the_handlers_clean_up_at_once(page):
    cleaned = []

    def stream(sentence):
        try:
            while True:
                yield {"out": sentence}
        finally:
            cleaned.append(sentence)  # a live training stops its job here

    fn = by_name(stream, page.pick("sentence"), page.pick("out"), page.message)
    answers = fn(sentence="x")
    assert next(answers) == {page.out: "x", page.message: ""}
    answers.close()
    assert cleaned == ["x"]


def test_a_handler_with_a_request_parameter_gets_the_events_request(page):
    def handler(sentence, request: gr.Request | None = None):
        return {"out": f"{sentence} {request.session_hash if request else None}"}

    with page.demo:
        dep = wire(page.go.click, handler, page.pick("sentence"), page.pick("out"))
    request = gr.Request(session_hash="abc")
    assert run(page.demo, dep, ["x"], request) == ["x abc"]


def test_a_handler_with_a_progress_parameter_gets_gradio_s_tracker(page):
    got = []

    def handler(sentence, progress=None):
        got.append(progress)
        return {"out": sentence}

    with page.demo:
        dep = wire(page.go.click, handler, page.pick("sentence"), page.pick("out"))
    fn = page.demo.fns[dep["id"]]
    assert isinstance(inspect.signature(fn.fn).parameters["progress"].default, gr.Progress)
    assert run(page.demo, dep, ["x"]) == ["x"] and isinstance(got[0], gr.Progress)
    plain = by_name(lambda sentence: {"out": sentence}, page.pick("sentence"), page.pick("out"))
    assert "progress" not in inspect.signature(plain).parameters  # no tracker (and no progress bar) otherwise


def test_several_triggers_make_one_event_and_no_outputs_one_without(page):
    with page.demo:
        dep = wire(
            [page.go.click, page.other.click],
            lambda sentence: {"out": sentence},
            page.pick("sentence"),
            page.pick("out"),
        )
        stop = wire(page.other.click, lambda sentence: {}, page.pick("sentence"), {}, queue=False)
    config = {d["id"]: d for d in page.demo.config["dependencies"]}
    assert len(config[dep["id"]]["targets"]) == 2 and config[dep["id"]]["api_visibility"] == "private"
    assert config[stop["id"]]["outputs"] == [] and run(page.demo, stop, ["x"]) == []


def test_settle_sends_properties_only_when_they_change():
    first, sent = updates.settle({}, {"step": ({"maximum": 5}, 0), "array": ({"choices": [("h", "h")]}, "h")})
    assert first["step"]["maximum"] == 5 and first["step"]["__type__"] == "update"
    again, sent = updates.settle(sent, {"step": ({"maximum": 5}, 0), "array": ({"choices": [("h", "h")]}, "h")})
    assert again == {"step": 0, "array": "h"}  # plain values: nothing for Gradio to rebuild
    longer, sent = updates.settle(sent, {"step": ({"maximum": 9}, 0)})
    assert longer["step"]["maximum"] == 9 and sent["step"] == {"maximum": 9} and sent["array"]
    fresh, _ = updates.settle(None, {"step": ({"maximum": 9}, 0)})  # nothing remembered: every property
    assert fresh["step"]["__type__"] == "update"


def test_translations_that_overlap_send_every_property_and_remember_none():
    lanes = updates.Overlaps()
    lanes.start("page")
    lanes.start("page")  # a second translation of the same page before the first has answered
    lanes.start("other")
    assert lanes.finish("page") and lanes.finish("page")  # both: their answers may land in either order
    assert not lanes.finish("other")
    lanes.start("page")
    assert not lanes.finish("page")  # alone again: settle may rely on what the page was last sent
    assert lanes.running == {} and lanes.mixed == set()


def test_blank_values_are_none_for_figures_and_tables_and_empty_for_texts():
    with gr.Blocks():
        named = {"p": gr.Plot(), "d": gr.Dataframe(), "m": gr.Markdown(), "h": gr.HTML(), "s": gr.Slider()}
    assert updates.blank_values(named) == {"p": None, "d": None, "m": "", "h": ""}
    assert updates.blanked({"p": 1}, {"p": None, "m": ""}) == {"p": 1, "m": ""}
    assert updates.blanked({"x": 1}, {"p": None, "m": ""}) == {"x": 1}  # draws none of them: blanks none
