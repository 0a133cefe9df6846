"""What the server leaves out to answer faster, and that leaving it out changes no answer."""

from __future__ import annotations

import asyncio
import copy
import json

import gradio as gr
import numpy as np
import orjson
import pytest
from gradio import processing_utils
from gradio.components.api_component import Api

from explorer import jsonout, serving

from .test_app import SHIPPED, app_url, dates_checkpoint  # noqa: F401 - the server fixture


@pytest.mark.parametrize(
    ("make", "skips"),
    [
        (lambda: Api(None, {"type": "object"}, "output"), True),
        (gr.HTML, True),
        (gr.Markdown, True),
        (gr.Plot, True),
        (gr.Dataframe, True),
        (gr.Slider, True),
        (gr.Image, False),
        (gr.File, False),
        (gr.Gallery, False),
        (gr.Audio, False),
    ],
)
def test_only_components_that_cannot_hold_a_file_skip_the_walk(make, skips):
    assert serving.never_a_file(make()) is skips


def test_the_shortcut_returns_what_the_walk_returns(tiny_checkpoint):
    import seq2seq

    answer = seq2seq.load(tiny_checkpoint).translate("Monday, March 3, 2025").to_dict(arrays=True)
    block = Api(None, {"type": "object"}, "output")
    walked = asyncio.run(processing_utils.async_move_files_to_cache(copy.deepcopy(answer), block, postprocess=True))
    assert serving.skip_file_walk()
    assert serving.skip_file_walk()  # installing twice wraps once
    assert getattr(processing_utils.async_move_files_to_cache, "skips_file_walk", False)
    skipped = asyncio.run(processing_utils.async_move_files_to_cache(answer, block, postprocess=True))
    assert skipped == walked
    # a component that can hold a file still goes through Gradio's walk (a file path becomes a cache URL)
    image = gr.Image()
    value = {"path": str(tiny_checkpoint / "config.json"), "meta": {"_type": "gradio.FileData"}}
    moved = asyncio.run(processing_utils.async_move_files_to_cache(value, image, postprocess=True))
    assert moved["url"].startswith("/gradio_api/file=") and moved["path"] != value["path"]


def test_root_urls_are_added_wherever_a_file_is_and_nothing_else_changes(tiny_checkpoint):
    import seq2seq

    assert serving.skip_file_walk()
    answer = seq2seq.load(tiny_checkpoint).translate("Monday, March 3, 2025").to_dict(arrays=True)
    assert processing_utils.add_root_url([answer, "text", None], "http://host", None) == [answer, "text", None]
    file = {"path": "/tmp/x.png", "url": "/gradio_api/file=/tmp/x.png", "meta": {"_type": "gradio.FileData"}}
    out = processing_utils.add_root_url([answer, {"nested": [copy.deepcopy(file)]}], "http://host", None)
    assert out[1]["nested"][0]["url"] == "http://host/gradio_api/file=/tmp/x.png" and out[0] == answer


def test_values_just_returned_unwalked_are_not_searched_again(tiny_checkpoint, monkeypatch):
    import seq2seq

    assert serving.skip_file_walk()
    answer = seq2seq.load(tiny_checkpoint).translate("Monday, March 3, 2025").to_dict(arrays=True)
    block = Api(None, {"type": "object"}, "output")
    out = asyncio.run(processing_utils.async_move_files_to_cache(answer, block, postprocess=True))
    searched, dumps = [], serving.orjson.dumps
    monkeypatch.setattr(serving.orjson, "dumps", lambda v, **kw: searched.append(v) or dumps(v, **kw))
    assert processing_utils.add_root_url([out, "text", None], "http://host", None) == [out, "text", None]
    assert searched == []  # the answer was not serialised again
    file = {"path": "/tmp/x.png", "url": "/gradio_api/file=/tmp/x.png", "meta": {"_type": "gradio.FileData"}}
    both = processing_utils.add_root_url([out, {"nested": [file]}], "http://host", None)
    assert both[1]["nested"][0]["url"] == "http://host/gradio_api/file=/tmp/x.png"
    assert searched == [[{"nested": [file]}]]  # only the value that was not known to be file-free
    equal = copy.deepcopy(out)  # an equal value that is not the one returned is searched as before
    processing_utils.add_root_url([equal], "http://host", None)
    assert searched[-1] == [equal]


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        (None, 1.0),
        ("", 1.0),
        ("2.5", 2.5),
        (" Auto ", "auto"),
        ("0", None),
        ("-1", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
    ],
)
def test_the_status_rate_is_seconds_above_zero_or_auto(value, rate):
    if rate is None:
        with pytest.raises(SystemExit, match="SEQ2SEQ_STATUS_RATE"):
            serving.status_update_rate(value)
    else:
        assert serving.status_update_rate(value) == rate


def test_the_app_queue_sends_positions_once_a_second():
    import app

    assert app.demo._queue.live_updates is False and app.demo._queue.update_intervals == 1.0


def test_without_matplotlib_gradios_backend_switch_searches_for_nothing(monkeypatch):
    import importlib.util
    import sys

    from gradio import route_utils, utils

    gradios = getattr(utils.MatplotlibBackendMananger, "gradios", utils.MatplotlibBackendMananger)  # if replaced
    monkeypatch.setattr(utils, "MatplotlibBackendMananger", gradios)  # put back afterwards
    if importlib.util.find_spec("matplotlib") is not None:
        assert serving.no_matplotlib_switch() is False  # where it is installed, Gradio's switch stays
        return
    searched = []

    class Watch:  # sees every import that reaches the finders (a failed one always does)
        @staticmethod
        def find_spec(name, path=None, target=None):
            searched.append(name)

    monkeypatch.setattr(sys, "meta_path", [Watch, *sys.meta_path])
    with utils.MatplotlibBackendMananger():
        pass
    assert searched.count("matplotlib") == 2  # Gradio's own looks for it on the way in and out
    assert serving.no_matplotlib_switch() is True
    searched.clear()
    with route_utils.utils.MatplotlibBackendMananger():  # as call_process_api uses it around each event
        pass
    assert searched == []


@pytest.mark.slow
def test_the_page_event_answers_twice_with_the_same_translation(app_url):  # noqa: F811
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    # in the event's order (an undocumented endpoint takes no keywords), its gr.State inputs left out
    args = ("Wednesday, November 25, 2026", "dates-lstm", "greedy", 5, 64, "playback", "variance", 32, "dates", 8)
    first = client.predict(*args, "h", 0, api_name="/page_translate")
    second = client.predict(*args, "h", 0, api_name="/page_translate")

    def updates(answer):
        return sum(isinstance(v, dict) and v.get("__type__") == "update" for v in answer)

    def drawn(answer):  # translation, pieces, playback (the short strings are blanks and picked values)
        return [v for v in answer if isinstance(v, str) and len(v) > 1]

    assert drawn(first)[0].startswith("2026") and len(drawn(first)) == 3
    assert drawn(first) == drawn(second)
    # the first answer sets the controls' choices and bounds; the second finds them set and sends values only
    assert updates(first) >= 5 and updates(second) == 0


def test_lazy_session_config_equals_gradios_own_after_the_same_updates():
    import orjson

    assert serving.lazy_session_config()
    gradios = serving.LazySessionState.__bases__[0]
    with gr.Blocks() as demo:
        text = gr.Textbox("start")
        slider = gr.Slider(0, 1, value=0, step=1)
        pick = gr.Dropdown(["a", "b"], value="a")
        html = gr.HTML("")
        keep = gr.State({"n": 0})
    sessions = [gradios(demo), serving.LazySessionState(demo)]
    for s in sessions:  # what Blocks.postprocess_data does for: a State write, a property update, plain values
        s[keep._id] = {"n": 1}
        s[slider._id] = gr.Slider(0, 9, value=0, step=1, render=False)
        s._update_config(slider._id)
        s._update_value_in_config(slider._id, 3)
        s._update_value_in_config(text._id, "a sentence")
        s._update_value_in_config(html._id, "<b>drawn</b>")
        s[pick._id] = gr.Dropdown(["a", "b", "c"], value="a", render=False)
        s._update_config(pick._id)
        s._update_value_in_config(slider._id, 5)
        s[keep._id] = {"n": 2}

    def dumped(s):
        return orjson.dumps(list(s.components), option=orjson.OPT_SERIALIZE_NUMPY, default=str)

    assert dumped(sessions[0]) == dumped(sessions[1])
    assert sessions[1].config_values[slider._id]["props"]["maximum"] == 9
    assert sessions[1].config_values[slider._id]["props"]["value"] == 5
    assert sessions[1][keep._id] == {"n": 2}


@pytest.mark.slow
def test_the_queue_waits_for_a_change_and_serves_every_event_in_turn(monkeypatch):
    import threading
    import time

    from gradio.queueing import Queue
    from gradio_client import Client

    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        gate = threading.Event()

        def slow(s):  # holds its worker until the test opens the gate
            gate.wait(30)
            return s.upper()

        box.submit(slow, box, out, api_name="slow", concurrency_limit=1)
    demo.queue()
    assert serving.wake_queue_on_change(demo._queue)
    looks = []  # the loop asks the queue's length each time it looks for work
    length = Queue.__len__
    monkeypatch.setattr(Queue, "__len__", lambda q: looks.append(1) or length(q))
    try:
        demo.launch(prevent_thread_lock=True, ssr_mode=False, quiet=True)
        client = Client(demo.local_url, verbose=False)
        jobs = [client.submit(f"w{i}", api_name="/slow") for i in range(4)]  # one runs, three wait their turn
        time.sleep(1.0)
        assert not any(j.done() for j in jobs)
        n0 = len(looks)
        time.sleep(1.0)  # idle: it looks again on its fallback (Gradio's own loop looks every millisecond)
        assert len(looks) - n0 <= 3 / serving.QUEUE_FALLBACK_S
        monkeypatch.setattr(serving, "QUEUE_FALLBACK_S", 30.0)  # from now on only a wake-up starts an event
        time.sleep(2 * 0.05)  # the wait in progress ends on the old fallback
        t0 = time.monotonic()
        gate.set()
        assert sorted(j.result(timeout=60) for j in jobs) == ["W0", "W1", "W2", "W3"]
        assert time.monotonic() - t0 < 10, "each next event started when the one before freed its slot"
    finally:
        demo.close()


EDGES = [-0.0, 0.0, 1e-7, -4e-7, 5e-7, 1e-6, -1e-6, 0.1234565, 123456.7891234, 1e20, -1e-20, np.nan, np.inf, -np.inf]


@pytest.mark.parametrize(
    "a",
    [
        np.array([EDGES], dtype=np.float32),
        np.array(EDGES, dtype=np.float64),
        (np.random.default_rng(0).standard_normal((40, 64)) * 10.0 ** np.arange(-8, 8).repeat(4)).astype(np.float32),
        np.random.default_rng(1).standard_normal((64, 40)).T,  # not C-ordered
        np.zeros((0, 5), np.float32),
    ],
)
def test_a_json_fragment_is_the_text_of_the_rounded_lists(a):
    from seq2seq.translator import rounded_lists

    assert orjson.dumps(jsonout.json_fragment(a)) == orjson.dumps(rounded_lists(a))
    if np.isfinite(a).all():  # (NaN is written null, as the queue route writes it)
        written = jsonout.JsonWithFragments().dumps({"a": jsonout.json_fragment(a)})
        assert json.loads(written) == {"a": rounded_lists(a)}


@pytest.mark.parametrize(
    "value",
    [
        {"translation": "2026년 11월 25일", "arrays": [jsonout.json_fragment(np.array([[0.5, -1e-6]]))]},
        {"data": [None, True, 3, '🙂\n"quoted"'], "nested": {"x": [jsonout.json_fragment(np.zeros(2))]}},
        {1: "an int key", "big": 2**70, "a": jsonout.json_fragment(np.ones(1))},  # orjson refuses: json writes it
    ],
)
def test_the_json_of_gradios_routes_writes_what_json_reads_back(value):
    written = jsonout.JsonWithFragments().dumps(value)
    assert "\n" not in written  # one line of an event stream
    plain = jsonout.without_fragments(value)
    assert json.loads(written) == json.loads(json.dumps(plain))


def test_the_json_of_gradios_routes_still_refuses_what_it_cannot_write():
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsonout.JsonWithFragments().dumps({"a": object()})
    assert jsonout.JsonWithFragments().dumps({"a": object()}, default=lambda o: "x") == '{"a": "x"}'
    assert serving.fragments_in_call_route() and serving.fragments_in_call_route()  # installing twice wraps once


@pytest.mark.slow
def test_the_api_answer_is_the_librarys_through_the_client_and_the_curl_route(app_url):  # noqa: F811
    """``/translate`` sends its arrays as pre-written JSON (``jsonout.json_fragment``): gradio_client (the queue
    route) and curl (the ``/call`` route) both read exactly what ``Translation.to_dict`` gives, within 1e-5 of
    the trace; and the deep-link route, which copies the session's last answers, still answers."""
    import httpx
    from gradio_client import Client

    import seq2seq

    name, text = "dates-lstm-attn", "Nov 25, 2026"  # with attention: every kind of array
    if not (SHIPPED / name).is_dir():
        pytest.skip(f"{name} is not shipped")
    t = seq2seq.load(SHIPPED / name).translate(text)
    expected = json.loads(json.dumps(t.to_dict()))
    client = Client(app_url, verbose=False)
    try:
        via_client = client.predict(text, name, 1, api_name="/translate")
        link = httpx.get(f"{app_url}/gradio_api/deep_link", params={"session_hash": client.session_hash}, timeout=60)
    finally:
        client.close()
    assert link.status_code == 200 and link.json(), link.text[:300]
    event = httpx.post(f"{app_url}/gradio_api/call/translate", json={"data": [text, name, 1, True]}, timeout=60)
    stream = httpx.get(f"{app_url}/gradio_api/call/translate/{event.json()['event_id']}", timeout=60).text
    assert "event: complete" in stream, stream[:300]
    via_curl = json.loads(stream.split("event: complete\ndata: ", 1)[1].split("\n\n", 1)[0])[0]
    for got in (via_client, via_curl):
        assert got.pop("checkpoint") == name and got == expected
    assert np.abs(np.array(via_client["attention"]) - t.trace.attention).max() <= 1e-5
    for side in ("encoder", "decoder"):
        for sent, traced in zip(via_client[side], getattr(t.trace, side), strict=True):
            assert all(np.abs(np.array(sent[k]) - traced[k]).max() <= 1e-5 for k in traced), side


def test_fragments_are_read_back_only_where_they_are():
    plain = {"a": [1, {"b": "x"}], "c": None}
    assert jsonout.without_fragments(plain) is plain
    held = {"a": [1, {"b": jsonout.json_fragment(np.array([[0.5, -0.25]]))}], "c": None}
    assert jsonout.without_fragments(held) == {"a": [1, {"b": [[0.5, -0.25]]}], "c": None}
    assert isinstance(held["a"][1]["b"], orjson.Fragment)  # the original is left as it was
